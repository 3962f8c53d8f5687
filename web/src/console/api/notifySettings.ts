import { useQuery } from "@tanstack/react-query";
import { api, ok, REQUESTED_WITH, signalOption, type CrmRecord } from "../../shared/api/client";
import type { components } from "../../shared/api/schema";

export type StaffPreferences = components["schemas"]["StaffPreferences"];

export const notifySettingsKeys = {
  myPreferences: ["admin", "me", "preferences"] as const,
};

/** The signed-in member's own preferences (GET /api/admin/me/preferences). */
export async function fetchMyPreferences(signal?: AbortSignal): Promise<StaffPreferences> {
  return ok(await api.GET("/api/admin/me/preferences", signalOption(signal)));
}

export function useMyPreferences() {
  return useQuery({
    queryKey: notifySettingsKeys.myPreferences,
    queryFn: ({ signal }) => fetchMyPreferences(signal),
  });
}

/** Replaces the signed-in member's own preferences. */
export async function saveMyPreferences(preferences: StaffPreferences): Promise<StaffPreferences> {
  return ok(
    await api.PUT("/api/admin/me/preferences", {
      params: { header: REQUESTED_WITH },
      body: preferences,
    }),
  );
}

/** Sets a record's owner ("" for none) with If-Match, changing no field. */
export async function setRecordOwner(
  module: string,
  id: string,
  version: number,
  ownerId: string,
): Promise<CrmRecord> {
  return ok(
    await api.PATCH("/api/admin/records/{module}/{id}", {
      params: { path: { module, id }, header: { ...REQUESTED_WITH, "If-Match": String(version) } },
      body: { fields: {}, ownerId },
    }),
  );
}
