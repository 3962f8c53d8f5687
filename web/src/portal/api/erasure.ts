import { useQuery } from "@tanstack/react-query";
import { api, ok, REQUESTED_WITH, signalOption } from "../../shared/api/client";
import type { components } from "../../shared/api/schema";

/** The organization's erasure mode and the customer's pending request (GET /api/me/erasure). */
export type MyErasure = components["schemas"]["MyErasure"];

export const erasureKey = ["customer", "me", "erasure"] as const;

export async function fetchMyErasure(signal?: AbortSignal): Promise<MyErasure> {
  return ok(await api.GET("/api/me/erasure", signalOption(signal)));
}

export function useMyErasure() {
  return useQuery({ queryKey: erasureKey, queryFn: ({ signal }) => fetchMyErasure(signal) });
}

/**
 * POST /api/me/erasure, confirmed by the password: the pending state in approval mode (202),
 * or null when the account was erased at once (204).
 */
export async function requestErasure(password: string): Promise<MyErasure | null> {
  const result = await api.POST("/api/me/erasure", { params: { header: REQUESTED_WITH }, body: { password } });
  const data = ok(result);
  return result.response.status === 202 ? (data as MyErasure) : null;
}

/** DELETE /api/me/erasure: withdraws the pending request. */
export async function withdrawErasure(): Promise<void> {
  ok(await api.DELETE("/api/me/erasure", { params: { header: REQUESTED_WITH } }));
}
