import createClient, { type Middleware } from "openapi-fetch";
import type { components, paths } from "./schema";

export type Health = components["schemas"]["Health"];
export type Check = components["schemas"]["Check"];
export type Problem = components["schemas"]["Problem"];
export type StaffSession = components["schemas"]["StaffSession"];
export type StaffUser = components["schemas"]["StaffUser"];
export type Org = components["schemas"]["Org"];
export type OrgUpdate = components["schemas"]["OrgUpdate"];
export type ModuleSummary = components["schemas"]["ModuleSummary"];
export type Module = components["schemas"]["Module"];
export type Field = components["schemas"]["Field"];
export type FieldType = components["schemas"]["FieldType"];
export type Layout = components["schemas"]["Layout"];
export type Labels = components["schemas"]["Labels"];
export type Ref = components["schemas"]["Ref"];
export type LineItem = components["schemas"]["LineItem"];
export type FieldValue = components["schemas"]["FieldValue"];
export type CrmRecord = components["schemas"]["Record"];
export type RecordList = components["schemas"]["RecordList"];
export type ImportJob = components["schemas"]["ImportJob"];
export type OrgLimits = components["schemas"]["OrgLimits"];
export type Branding = components["schemas"]["Branding"];
export type Portal = components["schemas"]["Portal"];
export type PortalChange = components["schemas"]["PortalChange"];
export type Perm = components["schemas"]["Perm"];
export type Criterion = components["schemas"]["Criterion"];
export type TabDisplay = components["schemas"]["TabDisplay"];
export type Tab = components["schemas"]["Tab"];
export type UserType = components["schemas"]["UserType"];
export type UserTypeChange = components["schemas"]["UserTypeChange"];
export type UserTypeList = components["schemas"]["UserTypeList"];
export type SeatUse = components["schemas"]["SeatUse"];
export type Licenses = components["schemas"]["Licenses"];
export type LogoUpload = components["schemas"]["LogoUpload"];
export type LogoContentType = components["schemas"]["LogoUploadRequest"]["contentType"];
export type Preview = components["schemas"]["Preview"];
export type PublicPortal = components["schemas"]["PublicPortal"];
export type MyTabs = components["schemas"]["MyTabs"];
export type MyTab = components["schemas"]["MyTab"];
export type MyField = components["schemas"]["MyField"];
export type MyRecord = components["schemas"]["MyRecord"];
export type MyRecordList = components["schemas"]["MyRecordList"];
export type PortalUser = components["schemas"]["PortalUser"];
export type PortalUserList = components["schemas"]["PortalUserList"];
export type PortalUserStatus = components["schemas"]["PortalUserStatus"];
export type Delivery = components["schemas"]["Delivery"];
export type EmailTemplate = components["schemas"]["EmailTemplate"];
export type EmailTemplateChange = components["schemas"]["EmailTemplateChange"];
export type Invitation = components["schemas"]["Invitation"];
export type Me = components["schemas"]["Me"];
export type Preferences = components["schemas"]["Preferences"];
export type Actor = components["schemas"]["Actor"];
export type Note = components["schemas"]["Note"];
export type NoteList = components["schemas"]["NoteList"];
export type AuditEntry = components["schemas"]["AuditEntry"];
export type AuditList = components["schemas"]["AuditList"];
export type Attachment = components["schemas"]["Attachment"];
export type AttachmentList = components["schemas"]["AttachmentList"];
export type AttachmentUpload = components["schemas"]["AttachmentUpload"];
export type DownloadLink = components["schemas"]["DownloadLink"];

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

/** The API refuses state-changing browser requests without this header. */
export const requestedWith: Middleware = {
  onRequest({ request }) {
    if (!SAFE_METHODS.has(request.method)) {
      request.headers.set("X-Requested-With", "portal");
    }
    return request;
  },
};

/**
 * Typed client for the portal API. The API lives on the same origin as the
 * app under /api, so every request goes to a relative /api/... path.
 */
export const api = createClient<paths>({
  baseUrl: globalThis.location.origin,
  headers: { Accept: "application/json, application/problem+json" },
  // Looked up on every call so that tests can replace the global fetch.
  fetch: (request) => globalThis.fetch(request),
});
api.use(requestedWith);

let refusalNeeds: () => Promise<unknown> = () => Promise.resolve();

/**
 * Sets what a refused answer waits for before its caller sees it. The app loads the texts a
 * problem is shown in there (the "problems" text set): no page needs them until the API
 * refuses something, so they are not part of any page's first load.
 */
export function beforeRefusals(wait: () => Promise<unknown>): void {
  refusalNeeds = wait;
}

/**
 * Waits for what showing a refusal needs (beforeRefusals). A failed wait is not the caller's
 * failure: the refusal is still reported, and the next one tries again.
 */
export async function refusalReady(): Promise<void> {
  try {
    await refusalNeeds();
  } catch {
    // The texts did not load (the network failed meanwhile): the refusal is reported anyway.
  }
}

/** Every refused or failed answer of `api` reaches its caller once refusalReady has. */
export const readyForRefusals: Middleware = {
  async onResponse({ response }) {
    if (!response.ok) await refusalReady();
    return undefined;
  },
};
api.use(readyForRefusals);

/**
 * The header the API requires on state-changing requests. The middleware
 * adds it too; operations declare it as a required parameter, so typed
 * calls pass it explicitly.
 */
export const REQUESTED_WITH = { "X-Requested-With": "portal" } as const;

/** A response the API refused or failed, with its problem+json body if any. */
export class ApiError extends Error {
  readonly status: number;
  readonly problem: Problem | undefined;
  /** Seconds from a Retry-After header (429, 503), when present. */
  readonly retryAfter: number | undefined;

  constructor(status: number, problem?: Problem, retryAfter?: number) {
    super(problem?.title ?? `HTTP ${String(status)}`);
    this.name = "ApiError";
    this.status = status;
    this.problem = problem;
    this.retryAfter = retryAfter;
  }
}

/** Parses a Retry-After header given in seconds; dates and junk give undefined. */
export function parseRetryAfter(value: string | null): number | undefined {
  if (value === null || !/^\s*\d+\s*$/.test(value)) return undefined;
  return Number(value);
}

/** The ApiError for a refused response and its (already parsed) body. */
export function apiError(response: Response, body: unknown): ApiError {
  return new ApiError(
    response.status,
    isProblem(body) ? body : undefined,
    parseRetryAfter(response.headers.get("Retry-After")),
  );
}

interface ClientResult<T> {
  data?: T;
  error?: unknown;
  response: Response;
}

/**
 * The body of a successful openapi-fetch call, or an ApiError. Responses
 * without a body (204) give undefined.
 */
export function ok<T>(result: ClientResult<T>): T {
  if (!result.response.ok) throw apiError(result.response, result.error);
  return result.data as T;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null;
}

/**
 * A string extension member of a refused answer's problem, e.g. the
 * `suggestion` of a 409 for a taken portal address or the `defaultName` of
 * the 404 of an unconfigured portal. The OpenAPI document does not declare
 * these members, so they are read from the parsed body as it came.
 */
export function problemMember(error: unknown, name: string): string | undefined {
  if (!(error instanceof ApiError) || !error.problem) return undefined;
  const value = (error.problem as unknown as Record<string, unknown>)[name];
  return typeof value === "string" && value !== "" ? value : undefined;
}

export function isProblem(value: unknown): value is Problem {
  return (
    isRecord(value) &&
    typeof value.type === "string" &&
    typeof value.title === "string" &&
    typeof value.status === "number"
  );
}

export function isHealth(value: unknown): value is Health {
  return (
    isRecord(value) &&
    (value.status === "ok" || value.status === "degraded") &&
    typeof value.version === "string"
  );
}

/** The request option that passes TanStack Query's abort signal on, when there is one. */
export function signalOption(signal?: AbortSignal) {
  return signal ? { signal } : {};
}

/** The If-Match value of a version: the entity tag the server sends as ETag. */
export function ifMatch(version: number): string {
  return `"${String(version)}"`;
}

/**
 * Ends the session, staff or portal user: the same call for both. With
 * `"portal"` only the portal session ends (a customer's, or a staff preview's),
 * so signing out of the portal never signs the same browser out of the console.
 */
export async function logout(session?: "portal"): Promise<void> {
  ok(
    await api.POST("/api/logout", {
      params: { header: REQUESTED_WITH, ...(session ? { query: { session } } : {}) },
    }),
  );
}
