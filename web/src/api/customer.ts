import { useQuery } from "@tanstack/react-query";
import { signalOption } from "./admin";
import { api, ok, type MyTabs, type PublicPortal } from "./client";

/** Query keys of the customer portal. */
export const customerKeys = {
  portal: (slug: string) => ["customer", "portal", slug] as const,
  tabs: ["customer", "me", "tabs"] as const,
};

/** A portal's public face; an ApiError 404 when no portal has this address. */
export async function fetchPublicPortal(slug: string, signal?: AbortSignal): Promise<PublicPortal> {
  return ok(
    await api.GET("/api/p/{slug}", { params: { path: { slug } }, ...signalOption(signal) }),
  );
}

export function usePublicPortal(slug: string) {
  return useQuery({
    queryKey: customerKeys.portal(slug),
    queryFn: ({ signal }) => fetchPublicPortal(slug, signal),
    retry: false,
  });
}

/** The signed-in portal user's tabs; an ApiError 401 without a portal session. */
export async function fetchMyTabs(signal?: AbortSignal): Promise<MyTabs> {
  return ok(await api.GET("/api/me/tabs", signalOption(signal)));
}

export function useMyTabs(enabled: boolean) {
  return useQuery({
    queryKey: customerKeys.tabs,
    queryFn: ({ signal }) => fetchMyTabs(signal),
    enabled,
    retry: false,
  });
}
