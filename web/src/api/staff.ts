import { useQuery } from "@tanstack/react-query";
import { signalOption } from "./admin";
import { apiError, REQUESTED_WITH, type StaffUser } from "./client";

// The staff and organization token routes are typed here by hand until
// docs/openapi.yaml describes them; then these become the generated types.

export type StaffRole = StaffUser["role"];
export type StaffStatus = "active" | "inactive";

/** A member of the organization's staff (GET /api/admin/staff). */
export interface StaffMember {
  id: string;
  email: string;
  name: string;
  role: StaffRole;
  status: StaffStatus;
  createdAt: string;
  lastLoginAt?: string;
}

export interface StaffMemberCreate {
  email: string;
  name: string;
  role: StaffRole;
}

export interface StaffMemberChange {
  role?: StaffRole;
  status?: StaffStatus;
}

/** A personal API token; its secret is never listed. */
export interface ApiToken {
  id: string;
  name: string;
  role: StaffRole;
  createdAt: string;
  lastUsedAt?: string;
  /** Absent when the token does not expire. */
  expiresAt?: string;
  /** Whether the API found expiresAt passed when it answered. */
  expired?: boolean;
}

/** A token in the organization's list, with its owner. */
export interface OrgApiToken extends ApiToken {
  userId: string;
  userName: string;
}

export interface ApiTokenCreate {
  name: string;
  /** 1 to 365; the organization's apiTokenLifetimeDays when absent. */
  expiresInDays?: number;
}

/** The answer to a create: the only time the secret is seen. */
export interface ApiTokenCreated {
  token: ApiToken;
  secret: string;
}

/**
 * Query keys of these pages, under the console's "admin" key so that a
 * sign-out drops them with the rest.
 */
export const staffKeys = {
  staff: ["admin", "staff"] as const,
  tokens: ["admin", "tokens"] as const,
  orgTokens: ["admin", "org-tokens"] as const,
};

/** Bounds of a token's lifetime in days, for new tokens and the organization's default. */
export const TOKEN_DAYS_MIN = 1;
export const TOKEN_DAYS_MAX = 365;
/** The organization's default lifetime when it has not set one. */
export const DEFAULT_TOKEN_DAYS = 90;

/**
 * One JSON call to the API: the parsed body of a 2xx (undefined for 204),
 * else an ApiError carrying the problem+json body.
 */
async function call<T>(
  method: "GET" | "POST" | "PATCH" | "DELETE",
  path: string,
  options: { body?: unknown; signal?: AbortSignal | undefined } = {},
): Promise<T> {
  const headers: Record<string, string> = {
    Accept: "application/json, application/problem+json",
  };
  if (method !== "GET") Object.assign(headers, REQUESTED_WITH);
  if (options.body !== undefined) headers["Content-Type"] = "application/json";
  const response = await globalThis.fetch(
    new Request(new URL(path, globalThis.location.origin), {
      method,
      headers,
      ...(options.body === undefined ? {} : { body: JSON.stringify(options.body) }),
      ...signalOption(options.signal),
    }),
  );
  const text = await response.text();
  let body: unknown;
  try {
    body = text ? JSON.parse(text) : undefined;
  } catch {
    // A body that is not JSON (a proxy's error page) carries no problem.
    body = undefined;
  }
  if (!response.ok) throw apiError(response, body);
  return body as T;
}

// ------------------------------------------------------------------ team

export async function fetchStaff(signal?: AbortSignal): Promise<StaffMember[]> {
  const list = await call<{ items: StaffMember[] }>("GET", "/api/admin/staff", { signal });
  return list.items;
}

export function useStaff(enabled = true) {
  return useQuery({
    queryKey: staffKeys.staff,
    queryFn: ({ signal }) => fetchStaff(signal),
    enabled,
  });
}

/** Adds a member; the API emails them a link to set their first password. */
export function createStaffMember(member: StaffMemberCreate): Promise<StaffMember> {
  return call("POST", "/api/admin/staff", { body: member });
}

/**
 * Changes a member's role or status. Either change ends the member's
 * sessions; deactivation revokes their tokens, a role change re-scopes them.
 */
export function updateStaffMember(id: string, change: StaffMemberChange): Promise<StaffMember> {
  return call("PATCH", `/api/admin/staff/${encodeURIComponent(id)}`, { body: change });
}

// ---------------------------------------------------------------- tokens

export async function fetchTokens(signal?: AbortSignal): Promise<ApiToken[]> {
  return (await call<{ items: ApiToken[] }>("GET", "/api/admin/tokens", { signal })).items;
}

export function useTokens() {
  return useQuery({ queryKey: staffKeys.tokens, queryFn: ({ signal }) => fetchTokens(signal) });
}

/** Every staff member's tokens (admins only). */
export async function fetchOrgTokens(signal?: AbortSignal): Promise<OrgApiToken[]> {
  return (await call<{ items: OrgApiToken[] }>("GET", "/api/admin/org/tokens", { signal })).items;
}

export function useOrgTokens(enabled = true) {
  return useQuery({
    queryKey: staffKeys.orgTokens,
    queryFn: ({ signal }) => fetchOrgTokens(signal),
    enabled,
  });
}

export function createToken(change: ApiTokenCreate): Promise<ApiTokenCreated> {
  return call("POST", "/api/admin/tokens", { body: change });
}

/** Revokes a token: one's own, or for an admin anyone's. */
export async function revokeToken(id: string): Promise<void> {
  await call("DELETE", `/api/admin/tokens/${encodeURIComponent(id)}`);
}

/**
 * Whether a token has expired: as the API said when it answered, else by
 * its expiresAt at `now`.
 */
export function isExpired(token: Pick<ApiToken, "expiresAt" | "expired">, now: number): boolean {
  if (token.expired !== undefined) return token.expired;
  if (!token.expiresAt) return false;
  const at = Date.parse(token.expiresAt);
  return !Number.isNaN(at) && at <= now;
}
