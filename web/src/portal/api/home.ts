import { useQuery } from "@tanstack/react-query";
import { api, ok, signalOption } from "../../shared/api/client";
import type { components } from "../../shared/api/schema";
import { customerKeys } from "./customer";

export type MyHome = components["schemas"]["MyHome"];
export type MyHomeSection = components["schemas"]["MyHomeSection"];
export type MyHomeItem = components["schemas"]["MyHomeItem"];

/**
 * The home's query key: under the portal's records, so that a change to a
 * record (which invalidates customerKeys.allRecords) refreshes the home too.
 */
export const myHomeKey = (lang: string) => [...customerKeys.allRecords, "home", lang] as const;

/** What needs the signed-in user's attention; an ApiError 401 without a portal session. */
export async function fetchMyHome(lang: string, signal?: AbortSignal): Promise<MyHome> {
  return ok(await api.GET("/api/me/home", { params: { query: { lang } }, ...signalOption(signal) }));
}

export function useMyHome(lang: string, enabled: boolean) {
  return useQuery({
    queryKey: myHomeKey(lang),
    queryFn: ({ signal }) => fetchMyHome(lang, signal),
    enabled,
    retry: false,
  });
}
