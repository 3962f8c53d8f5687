import {
  ApiError,
  type Attachment,
  type MyRecord,
  type MyTab,
  type MyTabs,
  type Note,
  type Problem,
} from "../shared/api/client";

/** A Cases tab the user may create, edit and delete in, with notes and attachments. */
export const casesTab: MyTab = {
  module: "Cases",
  labels: { en: "Cases", "pt-BR": "Casos" },
  singularLabels: { en: "Case", "pt-BR": "Caso" },
  scope: "own",
  layouts: [
    {
      id: "default",
      name: "Standard",
      sections: [
        {
          name: "Case",
          labels: { en: "Case", "pt-BR": "Caso" },
          fields: ["Subject", "Priority", "Status", "Due_Date", "Contact_Name"],
        },
        { name: "Details", labels: { en: "Details" }, fields: ["Description"] },
      ],
    },
  ],
  display: { kind: "list", columns: ["Subject", "Priority", "Status"] },
  filterable: ["Priority", "Subject", "Due_Date", "Contact_Name"],
  permissions: { create: true, edit: true, view: true, delete: true },
  notes: true,
  attachments: true,
  fields: [
    {
      apiName: "Subject",
      labels: { en: "Subject", "pt-BR": "Assunto" },
      type: "text",
      required: true,
      mode: "write",
    },
    {
      apiName: "Priority",
      labels: { en: "Priority", "pt-BR": "Prioridade" },
      type: "picklist",
      required: false,
      mode: "write",
      options: [
        { value: "High", labels: { en: "Urgent", "pt-BR": "Urgente" } },
        { value: "Low", labels: { en: "Whenever", "pt-BR": "Sem pressa" } },
      ],
    },
    {
      apiName: "Status",
      labels: { en: "Status", "pt-BR": "Situação" },
      type: "picklist",
      required: false,
      mode: "read",
    },
    {
      apiName: "Due_Date",
      labels: { en: "Due date", "pt-BR": "Prazo" },
      type: "date",
      required: false,
      mode: "write",
    },
    {
      apiName: "Contact_Name",
      labels: { en: "Contact", "pt-BR": "Contato" },
      type: "lookup",
      required: false,
      mode: "read",
      lookupModule: "Contacts",
    },
    {
      apiName: "Description",
      labels: { en: "Description", "pt-BR": "Descrição" },
      type: "textarea",
      required: false,
      mode: "write",
    },
  ],
};

export const casesTabs: MyTabs = {
  preview: false,
  userType: { id: "ut1", name: "Clientes" },
  tabs: [casesTab],
};

export function caseRecord(overrides: Partial<MyRecord> = {}): MyRecord {
  return {
    id: "case1",
    module: "Cases",
    layoutId: "default",
    version: 3,
    fields: {
      Subject: "Printer on fire",
      Priority: "Urgent",
      Status: "Open",
      Contact_Name: { id: "c1", name: "Maria Silva" },
      Description: "Smoke everywhere",
    } as unknown as MyRecord["fields"],
    createdAt: "2026-11-20T12:00:00Z",
    modifiedAt: "2026-11-27T15:30:00Z",
    ...overrides,
  };
}

export function note(overrides: Partial<Note> = {}): Note {
  return {
    id: "n1",
    body: "First note",
    internal: false,
    author: { kind: "portal", id: "pu1", name: "Maria Silva" },
    createdAt: "2026-11-21T10:00:00Z",
    modifiedAt: "2026-11-21T10:00:00Z",
    version: 1,
    mine: true,
    ...overrides,
  };
}

export function attachment(overrides: Partial<Attachment> = {}): Attachment {
  return {
    id: "a1",
    filename: "invoice.pdf",
    contentType: "application/pdf",
    size: 2048,
    status: "ready",
    uploadedBy: { kind: "portal", id: "pu1", name: "Maria Silva" },
    createdAt: "2026-11-22T09:30:00Z",
    shared: true,
    mine: true,
    ...overrides,
  };
}

/** A 422 with two field errors, and moreErrors beyond them when given. */
export function refused(moreErrors?: number): ApiError {
  const problem: Problem = {
    type: "about:blank",
    title: "Unprocessable Entity",
    status: 422,
    detail: "invalid fields",
    errors: [
      { field: "abc", message: "is not a field of Accounts" },
      { field: "abd", message: "is not a field of Accounts" },
    ],
    ...(moreErrors === undefined ? {} : { moreErrors }),
  };
  return new ApiError(422, problem);
}
