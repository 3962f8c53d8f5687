import type { AuditQuery } from "../api/audit";

/** The filters the audit page keeps in its address. */
export const AUDIT_FILTERS = ["userId", "recordId", "action", "from", "to"] as const;
export type AuditFilter = (typeof AUDIT_FILTERS)[number];

/** A datetime-local value as an RFC 3339 instant (undefined when not a date). */
function instant(value: string): string | undefined {
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? undefined : date.toISOString();
}

/** The API query of the page address: the non-empty filters, with from/to as instants. */
export function auditQuery(search: URLSearchParams): AuditQuery {
  const query: AuditQuery = {};
  for (const name of AUDIT_FILTERS) {
    const value = search.get(name)?.trim();
    if (!value) continue;
    if (name === "from" || name === "to") {
      const at = instant(value);
      if (at) query[name] = at;
    } else {
      query[name] = value;
    }
  }
  return query;
}

/** The address of the CSV export of the same filters. */
export function auditCsvHref(query: AuditQuery): string {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(query)) {
    if (name !== "cursor" && typeof value === "string" && value) params.set(name, value);
  }
  params.set("format", "csv");
  return `/api/admin/audit?${params.toString()}`;
}
