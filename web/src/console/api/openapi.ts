import { useQuery } from "@tanstack/react-query";
import { ApiError, refusalReady } from "../../shared/api/client";

/** Where the deployment publishes its OpenAPI document (GET, public). */
export const OPENAPI_PATH = "/api/openapi.yaml";

/**
 * GET /api/openapi.yaml as text: the reference of the deployment this console
 * talks to. The browser revalidates it with its ETag, so a repeat visit costs
 * a 304.
 */
export async function fetchOpenApiDocument(signal?: AbortSignal): Promise<string> {
  const response = await globalThis.fetch(new URL(OPENAPI_PATH, globalThis.location.origin), {
    headers: { Accept: "application/yaml" },
    ...(signal ? { signal } : {}),
  });
  if (!response.ok) {
    await refusalReady();
    throw new ApiError(response.status);
  }
  return response.text();
}

export function useOpenApiDocument() {
  return useQuery({
    queryKey: ["openapi"],
    queryFn: ({ signal }) => fetchOpenApiDocument(signal),
    staleTime: Infinity,
  });
}
