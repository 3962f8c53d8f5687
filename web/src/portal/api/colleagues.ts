import { useQuery } from "@tanstack/react-query";
import { api, ok, REQUESTED_WITH, signalOption } from "../../shared/api/client";
import type { components } from "../../shared/api/schema";

export type Colleague = components["schemas"]["Colleague"];
export type ColleagueList = components["schemas"]["ColleagueList"];
export type ColleagueAction = components["schemas"]["ColleagueAction"]["action"];

/** The query key of the account admin's colleagues (under the session's, dropped with it). */
export const colleaguesKey = ["customer", "me", "colleagues"] as const;

/**
 * The account admin's colleagues, the Contacts they may invite and the delegated types; an
 * ApiError 404 for anyone who is not an account admin.
 */
export async function fetchColleagues(signal?: AbortSignal): Promise<ColleagueList> {
  return ok(await api.GET("/api/me/colleagues", signalOption(signal)));
}

export function useColleagues() {
  return useQuery({
    queryKey: colleaguesKey,
    queryFn: ({ signal }) => fetchColleagues(signal),
    retry: false,
  });
}

/** Invites the Contact `recordId` of the account admin's Account as `userTypeId`. */
export async function inviteColleague(recordId: string, userTypeId: string): Promise<Colleague> {
  return ok(
    await api.POST("/api/me/colleagues", {
      params: { header: REQUESTED_WITH },
      body: { recordId, userTypeId },
    }),
  );
}

/** Resends a colleague's invitation, or deactivates or reactivates them. */
export async function actOnColleague(id: string, action: ColleagueAction): Promise<Colleague> {
  return ok(
    await api.POST("/api/me/colleagues/{id}", {
      params: { path: { id }, header: REQUESTED_WITH },
      body: { action },
    }),
  );
}
