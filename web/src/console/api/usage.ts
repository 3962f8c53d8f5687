import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { adminKeys, signalOption } from "./admin";
import { api, ok } from "../../shared/api/client";
import type { components } from "../../shared/api/schema";

export type Usage = components["schemas"]["Usage"];
export type UsageBucket = components["schemas"]["UsageBucket"];
export type UsageInterval = Usage["interval"];

/** A period of GET /api/admin/usage: days as YYYY-MM-DD (UTC), both included. */
export interface UsageQuery {
  from: string;
  to: string;
  interval: UsageInterval;
}

export async function fetchUsage(query: UsageQuery, signal?: AbortSignal): Promise<Usage> {
  // The operation also declares the text/csv answer of format=csv; this call asks for JSON.
  return ok<unknown>(
    await api.GET("/api/admin/usage", { params: { query }, ...signalOption(signal) }),
  ) as Usage;
}

/** The usage of a period; the previous period's answer stays shown while the next one loads. */
export function useUsage(query: UsageQuery) {
  return useQuery({
    queryKey: [...adminKeys.all, "usage", query] as const,
    queryFn: ({ signal }) => fetchUsage(query, signal),
    placeholderData: keepPreviousData,
  });
}

/** The address of the same period's series as the CSV file the API answers with format=csv. */
export function usageCsvHref(query: UsageQuery): string {
  const params = new URLSearchParams({ ...query, format: "csv" });
  return `/api/admin/usage?${params.toString()}`;
}
