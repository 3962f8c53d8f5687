import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { adminKeys, signalOption } from "./admin";
import { api, apiError, ok, type AuditList } from "../../shared/api/client";

/** The actions the audit log records, in the order the filter offers them. */
export const AUDIT_ACTIONS = [
  "login",
  "login_failed",
  "logout",
  "password_reset",
  "preferences_saved",
  "record_view",
  "record_create",
  "record_update",
  "record_delete",
  "note_create",
  "note_update",
  "note_delete",
  "attachment_upload",
  "attachment_download",
  "attachment_delete",
  "data_export",
  "erasure_requested",
  "erasure_withdrawn",
  "erasure_rejected",
  "invitation_sent",
  "invitation_accepted",
  "invitation_bounced",
  "portal_user_resend",
  "portal_user_revoke",
  "portal_user_deactivate",
  "portal_user_activate",
  "portal_user_change-type",
  "portal_user_erase",
  "portal_user_account-admin",
  "portal_user_bulk",
  "portal_changed",
  "user_type_changed",
  "licenses_changed",
  "email_template_changed",
  "preview_started",
  "staff_created",
  "staff_deactivated",
  "staff_activated",
  "staff_role_changed",
  "token_created",
  "token_revoked",
] as const;

export type AuditAction = (typeof AUDIT_ACTIONS)[number];

export function isAuditAction(value: string): value is AuditAction {
  return (AUDIT_ACTIONS as readonly string[]).includes(value);
}

/** Number of entries one page asks for. */
export const AUDIT_PAGE = 50;

export interface AuditQuery {
  userId?: string;
  recordId?: string;
  action?: string;
  /** RFC 3339 instants. */
  from?: string;
  to?: string;
  cursor?: string;
}

export async function fetchAudit(query: AuditQuery, signal?: AbortSignal): Promise<AuditList> {
  // The operation also declares the text/csv answer of format=csv; this call asks for JSON.
  return ok<unknown>(
    await api.GET("/api/admin/audit", {
      params: { query: { limit: AUDIT_PAGE, ...query } },
      ...signalOption(signal),
    }),
  ) as AuditList;
}

export function useAudit(query: AuditQuery) {
  return useQuery({
    queryKey: [...adminKeys.all, "audit", query] as const,
    queryFn: ({ signal }) => fetchAudit(query, signal),
    placeholderData: keepPreviousData,
  });
}

/** Every entry matching the filters as the CSV file the API answers with format=csv. */
export async function fetchAuditCsv(query: Omit<AuditQuery, "cursor">): Promise<Blob> {
  const result = await api.GET("/api/admin/audit", {
    params: { query: { ...query, format: "csv" } },
    parseAs: "blob",
    headers: { Accept: "text/csv, application/problem+json" },
  });
  if (!result.response.ok) {
    let body: unknown;
    try {
      body = result.error instanceof Blob ? JSON.parse(await result.error.text()) : result.error;
    } catch {
      body = undefined;
    }
    throw apiError(result.response, body);
  }
  const data: Blob | undefined = result.data;
  if (data === undefined) throw apiError(result.response, undefined);
  return data;
}
