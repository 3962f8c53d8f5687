import type { CrmRecord, ImportJob, Module, ModuleSummary, Org, StaffSession } from "../shared/api/client";
import { jsonResponse, mockFetch } from "./utils";

export const adminSession: StaffSession = {
  user: { id: "u1", email: "admin@acme.example", name: "Ana Admin", role: "admin" },
  org: { id: "o1", name: "Acme Ltda" },
};

export const userSession: StaffSession = {
  user: { id: "u2", email: "bob@acme.example", name: "Bob User", role: "user" },
  org: { id: "o1", name: "Acme Ltda" },
};

export const org: Org = {
  id: "o1",
  name: "Acme Ltda",
  language: "pt-BR",
  timeFormat: "24h",
  timeZone: "America/Sao_Paulo",
  country: "BR",
  limits: { userTypes: 5, freeSeats: 3000, licensePool: 20 },
  version: 4,
};

export const moduleSummaries: ModuleSummary[] = [
  {
    apiName: "Contacts",
    labels: { en: "Contacts", "pt-BR": "Contatos" },
    singularLabels: { en: "Contact", "pt-BR": "Contato" },
    nameField: "Last_Name",
  },
  {
    apiName: "Accounts",
    labels: { en: "Accounts", "pt-BR": "Contas" },
    singularLabels: { en: "Account", "pt-BR": "Conta" },
    nameField: "Account_Name",
  },
];

export const contactsModule: Module = {
  apiName: "Contacts",
  labels: { en: "Contacts", "pt-BR": "Contatos" },
  singularLabels: { en: "Contact", "pt-BR": "Contato" },
  nameField: "Last_Name",
  version: 0,
  fields: [
    {
      apiName: "First_Name",
      labels: { en: "First Name", "pt-BR": "Nome" },
      type: "text",
      required: false,
      system: false,
      custom: false,
    },
    {
      apiName: "Last_Name",
      labels: { en: "Last Name", "pt-BR": "Sobrenome" },
      type: "text",
      required: true,
      system: false,
      custom: false,
    },
    {
      apiName: "Email",
      labels: { en: "Email", "pt-BR": "E-mail" },
      type: "email",
      required: false,
      system: false,
      custom: false,
    },
    {
      apiName: "Account_Name",
      labels: { en: "Account Name", "pt-BR": "Nome da conta" },
      type: "lookup",
      required: false,
      lookupModule: "Accounts",
      system: false,
      custom: false,
    },
    {
      apiName: "Lead_Source",
      labels: { en: "Lead Source", "pt-BR": "Origem do lead" },
      type: "picklist",
      required: false,
      options: [
        { value: "Web", labels: { en: "Web", "pt-BR": "Web" } },
        { value: "Partner", labels: { en: "Partner", "pt-BR": "Parceiro" } },
      ],
      system: false,
      custom: false,
    },
    {
      apiName: "Budget",
      labels: { en: "Budget", "pt-BR": "Orçamento" },
      type: "currency",
      required: false,
      system: false,
      custom: true,
    },
    {
      apiName: "Description",
      labels: { en: "Description", "pt-BR": "Descrição" },
      type: "textarea",
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
          name: "Contact Information",
          fields: ["First_Name", "Last_Name", "Email", "Account_Name", "Lead_Source", "Budget"],
        },
        { name: "Description Information", fields: ["Description"] },
      ],
    },
  ],
};

export function contact(n: number, overrides: Partial<CrmRecord> = {}): CrmRecord {
  return {
    id: `c${String(n)}`,
    module: "Contacts",
    layoutId: "default",
    version: 1,
    fields: {
      First_Name: `Maria ${String(n)}`,
      Last_Name: `Silva ${String(n)}`,
      Email: `maria${String(n)}@cliente.example`,
      Account_Name: { id: "a1", name: "Cliente Ação Ltda" },
      Lead_Source: "Partner",
      Budget: "1234.50",
    },
    createdAt: "2026-11-20T12:00:00Z",
    modifiedAt: "2026-11-27T15:30:00Z",
    createdBy: { id: "u1", name: "Ana Admin" },
    modifiedBy: { id: "u1", name: "Ana Admin" },
    ...overrides,
  };
}

export function importJob(overrides: Partial<ImportJob> = {}): ImportJob {
  return {
    id: "j1",
    module: "Contacts",
    status: "awaiting_upload",
    filename: "contacts.csv",
    total: 0,
    done: 0,
    failed: 0,
    createdAt: "2026-11-28T12:00:00Z",
    ...overrides,
  };
}

type Handler = (request: Request, url: URL) => Response | Promise<Response>;

/**
 * Replaces fetch with a tiny router: "METHOD /path" -> handler. Unknown
 * requests answer 404 problem+json, so a test sees what it forgot.
 */
export function mockApi(routes: Record<string, Handler>) {
  return mockFetch((request) => {
    const url = new URL(request.url);
    const key = `${request.method} ${url.pathname}`;
    const handler = routes[key];
    if (handler) return handler(request, url);
    return jsonResponse(
      { type: "/problems/not-found", title: "Not found", status: 404, detail: key },
      404,
      "application/problem+json",
    );
  });
}

/** The routes every signed-in console page asks for. */
export function consoleRoutes(session: StaffSession = adminSession): Record<string, Handler> {
  return {
    "GET /api/admin/me": () => jsonResponse(session),
    "GET /api/admin/org": () => jsonResponse(org),
    "GET /api/admin/modules": () => jsonResponse({ items: moduleSummaries }),
    "GET /api/admin/modules/Contacts": () => jsonResponse(contactsModule),
    "GET /api/health": () =>
      jsonResponse({
        status: "ok",
        version: "1.2.3-test",
        checks: {
          table: { status: "up", latencyMs: 1 },
          bucket: { status: "up", latencyMs: 1 },
        },
      }),
  };
}
