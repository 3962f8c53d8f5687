import { useQuery } from "@tanstack/react-query";
import { api, ok, signalOption, type StaffSession } from "../../shared/api/client";
import { staffRecordKey } from "../../shared/api/keys";
import type { RecordQuery } from "./admin";

// What the console's frame needs of the API (who is signed in, the cache's keys), in a module
// of its own: the frame is on every console page's first load, the rest of the console's
// calls (admin.ts, which re-exports these) load with the pages.

/** Query keys of the staff console; everything under "admin" is dropped on logout. */
export const adminKeys = {
  all: ["admin"] as const,
  me: ["admin", "me"] as const,
  org: ["admin", "org"] as const,
  modules: ["admin", "modules"] as const,
  module: (module: string) => ["admin", "module", module] as const,
  records: (module: string) => ["admin", "records", module] as const,
  recordList: (module: string, query: RecordQuery) => ["admin", "records", module, query] as const,
  record: staffRecordKey,
  importJob: (module: string, jobId: string) => ["admin", "import", module, jobId] as const,
  portal: ["admin", "portal"] as const,
  userTypes: ["admin", "user-types"] as const,
  userType: (id: string) => ["admin", "user-type", id] as const,
  licenses: ["admin", "licenses"] as const,
  portalUsers: ["admin", "portal-users"] as const,
  portalUserList: (query: object) => ["admin", "portal-users", query] as const,
  emailTemplates: ["admin", "email-templates"] as const,
};

export async function fetchStaffMe(signal?: AbortSignal): Promise<StaffSession> {
  return ok(await api.GET("/api/admin/me", signalOption(signal)));
}

export function useStaffMe() {
  return useQuery({ queryKey: adminKeys.me, queryFn: ({ signal }) => fetchStaffMe(signal) });
}
