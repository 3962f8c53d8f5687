import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { signalOption } from "./admin";
import { api, ok, REQUESTED_WITH } from "../../shared/api/client";
import type { components } from "../../shared/api/schema";

export type ErasureRequest = components["schemas"]["ErasureRequest"];
export type ErasureDecision = "approve" | "reject";

export const erasureRequestsKey = ["admin", "erasure-requests"] as const;

/** Requests a page holds. */
export const erasureRequestsPage = 100;

/**
 * A page (up to 100) of the organization's pending erasure requests: the first, or the one
 * `cursor` (a page's `nextCursor`) starts. The previous page stays shown while the next loads.
 */
export function useErasureRequests(cursor?: string) {
  return useQuery({
    queryKey: [...erasureRequestsKey, cursor ?? ""],
    queryFn: async ({ signal }) =>
      ok(
        await api.GET("/api/admin/erasure-requests", {
          params: { query: { limit: erasureRequestsPage, ...(cursor ? { cursor } : {}) } },
          ...signalOption(signal),
        }),
      ),
    placeholderData: keepPreviousData,
  });
}

/** Approves (erases the portal user) or rejects the pending request of portal user `id`. */
export async function decideErasureRequest(id: string, decision: ErasureDecision): Promise<void> {
  ok(
    await api.POST("/api/admin/erasure-requests/{id}", {
      params: { path: { id }, header: REQUESTED_WITH },
      body: { decision },
    }),
  );
}
