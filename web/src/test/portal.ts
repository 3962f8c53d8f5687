import type { Licenses, Module, ModuleSummary, Portal, Problem, UserType } from "../shared/api/client";
import { contactsModule, moduleSummaries } from "./console";
import { jsonResponse } from "./utils";

type Handler = (request: Request, url: URL) => Response | Promise<Response>;

export const portal: Portal = {
  name: "Acme",
  slug: "acme",
  url: "https://portal.example/p/acme",
  branding: {
    primaryColor: "#0a5fb4",
    welcome: { "pt-BR": "Bem-vindo", en: "Welcome", es: "Bienvenido" },
  },
  oldSlugs: [],
  createdAt: "2026-11-28T12:00:00Z",
  version: 3,
};

export const accountsModule: Module = {
  apiName: "Accounts",
  labels: { en: "Accounts", "pt-BR": "Contas" },
  singularLabels: { en: "Account", "pt-BR": "Conta" },
  nameField: "Account_Name",
  version: 0,
  fields: [
    {
      apiName: "Account_Name",
      labels: { en: "Account Name", "pt-BR": "Nome da conta" },
      type: "text",
      required: true,
      system: false,
      custom: false,
    },
  ],
  layouts: [
    { id: "default", name: "Standard", sections: [{ name: "Account", fields: ["Account_Name"] }] },
  ],
};

export const invoicesModule: Module = {
  apiName: "Invoices",
  labels: { en: "Invoices", "pt-BR": "Faturas" },
  singularLabels: { en: "Invoice", "pt-BR": "Fatura" },
  nameField: "Subject",
  version: 0,
  fields: [
    {
      apiName: "Subject",
      labels: { en: "Subject", "pt-BR": "Assunto" },
      type: "text",
      required: true,
      system: false,
      custom: false,
    },
    {
      apiName: "Status",
      labels: { en: "Status", "pt-BR": "Status" },
      type: "picklist",
      required: false,
      options: [
        { value: "Draft", labels: { en: "Draft", "pt-BR": "Rascunho" } },
        { value: "Created", labels: { en: "Created", "pt-BR": "Criada" } },
        { value: "Paid", labels: { en: "Paid", "pt-BR": "Paga" } },
      ],
      system: false,
      custom: false,
    },
    {
      apiName: "Contact_Name",
      labels: { en: "Contact Name", "pt-BR": "Nome do contato" },
      type: "lookup",
      lookupModule: "Contacts",
      required: false,
      system: false,
      custom: false,
    },
    {
      apiName: "Account_Name",
      labels: { en: "Account Name", "pt-BR": "Nome da conta" },
      type: "lookup",
      lookupModule: "Accounts",
      required: false,
      system: false,
      custom: false,
    },
    {
      apiName: "Grand_Total",
      labels: { en: "Grand Total", "pt-BR": "Total geral" },
      type: "currency",
      required: false,
      system: true,
      custom: false,
    },
    {
      apiName: "Product_Details",
      labels: { en: "Product Details", "pt-BR": "Itens" },
      type: "lineitems",
      required: false,
      system: false,
      custom: false,
    },
  ],
  layouts: [
    {
      id: "default",
      name: "Standard",
      sections: [
        {
          name: "Invoice",
          fields: [
            "Subject",
            "Status",
            "Contact_Name",
            "Account_Name",
            "Grand_Total",
            "Product_Details",
          ],
        },
      ],
    },
    { id: "compact", name: "Compact", sections: [{ name: "Invoice", fields: ["Subject"] }] },
  ],
};

export const portalModuleSummaries: ModuleSummary[] = [
  ...moduleSummaries,
  {
    apiName: "Invoices",
    labels: invoicesModule.labels,
    singularLabels: invoicesModule.singularLabels,
    nameField: "Subject",
  },
];

export const freeType: UserType = {
  id: "ut1",
  notify: ["note.public", "file.shared", "field.changed", "record.linked"],
  name: "Clientes",
  position: 0,
  baseModule: "Contacts",
  seats: 0,
  free: true,
  users: 12,
  capacity: 3000,
  version: 5,
  tabs: [
    {
      module: "Invoices",
      enabled: true,
      scope: "own",
      scopeField: "Contact_Name",
      layouts: ["default"],
      create: false,
      edit: false,
      view: true,
      delete: false,
      display: { kind: "list", columns: ["Subject", "Status"] },
      filterable: ["Status"],
      notes: false,
      attachments: false,
    },
    {
      module: "Contacts",
      enabled: true,
      scope: "own",
      scopeField: "",
      layouts: ["default"],
      create: false,
      edit: true,
      view: true,
      delete: false,
      display: { kind: "list", columns: ["First_Name", "Last_Name"] },
      filterable: [],
      notes: false,
      attachments: false,
    },
  ],
  fields: {
    Contacts: { First_Name: "read", Last_Name: "read", Email: "write" },
    Invoices: { Subject: "read", Status: "read" },
  },
};

export const licensedType: UserType = {
  id: "ut2",
  notify: ["note.public", "file.shared", "field.changed", "record.linked"],
  name: "Fornecedores",
  position: 1,
  baseModule: "Contacts",
  seats: 10,
  free: false,
  users: 4,
  capacity: 10,
  version: 2,
  tabs: [],
  fields: {},
};

export const licenses: Licenses = {
  pool: 25,
  allocated: 10,
  free: { id: "ut1", name: "Clientes", seats: 3000, users: 12 },
  types: [{ id: "ut2", name: "Fornecedores", seats: 10, users: 4 }],
};

/** Routes of the modules the tab editor reads. */
export function moduleRoutes(): Record<string, Handler> {
  return {
    "GET /api/admin/modules": () => jsonResponse({ items: portalModuleSummaries }),
    "GET /api/admin/modules/Contacts": () => jsonResponse(contactsModule),
    "GET /api/admin/modules/Accounts": () => jsonResponse(accountsModule),
    "GET /api/admin/modules/Invoices": () => jsonResponse(invoicesModule),
  };
}

/** A problem+json answer with extension members (`suggestion`, `defaultName`). */
export function problemWith(problem: Problem, members: Record<string, string>) {
  return jsonResponse({ ...problem, ...members }, problem.status, "application/problem+json");
}
