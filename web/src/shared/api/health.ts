import { useQuery } from "@tanstack/react-query";
import { api, ApiError, isHealth, isProblem, type Health } from "./client";

export const healthQueryKey = ["health", { deep: true }] as const;

/**
 * GET /api/health?deep=1. A 503 still carries a Health body (a dependency
 * did not answer); it is returned as data so the page can show which one.
 */
export async function fetchHealth(signal?: AbortSignal): Promise<Health> {
  const { data, error, response } = await api.GET("/api/health", {
    params: { query: { deep: "1" } },
    ...(signal ? { signal } : {}),
  });
  if (data) return data;
  if (response.status === 503 && isHealth(error)) return error;
  throw new ApiError(response.status, isProblem(error) ? error : undefined);
}

export function useHealth() {
  return useQuery({
    queryKey: healthQueryKey,
    queryFn: ({ signal }) => fetchHealth(signal),
  });
}
