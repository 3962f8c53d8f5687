import { useQuery } from "@tanstack/react-query";
import { signalOption } from "./admin";
import { api, ok, REQUESTED_WITH } from "../../shared/api/client";
import type { components } from "../../shared/api/schema";

export type StaffRole = components["schemas"]["StaffRole"];
export type StaffStatus = components["schemas"]["StaffStatus"];
/** A member of the organization's staff. */
export type StaffMember = components["schemas"]["StaffMember"];
export type StaffMemberCreate = components["schemas"]["StaffMemberCreate"];
export type StaffMemberChange = components["schemas"]["StaffMemberUpdate"];
/** A personal API token; its secret is never listed. */
export type ApiToken = components["schemas"]["ApiToken"];
/** A token in the organization's list, with its owner. */
export type OrgApiToken = components["schemas"]["OrgApiToken"];
export type ApiTokenCreate = components["schemas"]["ApiTokenCreate"];
/** The answer to a create: the only time the secret is seen. */
export type ApiTokenCreated = components["schemas"]["ApiTokenCreated"];

/**
 * Query keys of these pages, under the console's "admin" key so that a
 * sign-out drops them with the rest.
 */
export const staffKeys = {
  staff: ["admin", "staff"] as const,
  tokens: ["admin", "tokens"] as const,
  orgTokens: ["admin", "org-tokens"] as const,
};

/** The shortest lifetime in days of a token and of the organization's default (the longest is TOKEN_DAYS_MAX). */
export const TOKEN_DAYS_MIN = 1;

// ------------------------------------------------------------------ team

/** The organization's staff, sorted by name (admins only). */
export async function fetchStaff(signal?: AbortSignal): Promise<StaffMember[]> {
  return ok(await api.GET("/api/admin/staff", signalOption(signal))).items;
}

export function useStaff() {
  return useQuery({ queryKey: staffKeys.staff, queryFn: ({ signal }) => fetchStaff(signal) });
}

/** Adds a member; the API emails them a link to set their first password. */
export async function createStaffMember(member: StaffMemberCreate): Promise<StaffMember> {
  return ok(
    await api.POST("/api/admin/staff", { params: { header: REQUESTED_WITH }, body: member }),
  );
}

/**
 * Changes a member's role or status. Either change ends the member's
 * sessions; deactivation revokes their tokens, a demotion lowers theirs.
 */
export async function updateStaffMember(
  id: string,
  change: StaffMemberChange,
): Promise<StaffMember> {
  return ok(
    await api.PATCH("/api/admin/staff/{id}", {
      params: { path: { id }, header: REQUESTED_WITH },
      body: change,
    }),
  );
}

// ---------------------------------------------------------------- tokens

/** The signed-in member's tokens, newest first. */
export async function fetchTokens(signal?: AbortSignal): Promise<ApiToken[]> {
  return ok(await api.GET("/api/admin/tokens", signalOption(signal))).items;
}

export function useTokens() {
  return useQuery({ queryKey: staffKeys.tokens, queryFn: ({ signal }) => fetchTokens(signal) });
}

/** Every staff member's tokens (admins only). */
export async function fetchOrgTokens(signal?: AbortSignal): Promise<OrgApiToken[]> {
  return ok(await api.GET("/api/admin/org/tokens", signalOption(signal))).items;
}

export function useOrgTokens() {
  return useQuery({
    queryKey: staffKeys.orgTokens,
    queryFn: ({ signal }) => fetchOrgTokens(signal),
  });
}

export async function createToken(change: ApiTokenCreate): Promise<ApiTokenCreated> {
  return ok(
    await api.POST("/api/admin/tokens", { params: { header: REQUESTED_WITH }, body: change }),
  );
}

/** Revokes a token: one's own, or for an admin anyone's. */
export async function revokeToken(id: string): Promise<void> {
  ok(
    await api.DELETE("/api/admin/tokens/{id}", {
      params: { path: { id }, header: REQUESTED_WITH },
    }),
  );
}
