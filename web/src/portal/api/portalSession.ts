import { useQuery } from "@tanstack/react-query";
import {
  api,
  ok,
  REQUESTED_WITH,
  signalOption,
  type Me,
  type MyTabs,
  type Preferences,
  type PublicPortal,
} from "../../shared/api/client";
import { customerAttachmentsKey, customerNotesKey } from "../../shared/api/keys";
import type { MyRecordQuery } from "./customer";

// What the portal's frame needs of the API (the portal, who is signed in, their tabs, the
// switcher's saved language, the cache's keys), in a module of its own: the frame is on every
// portal page's first load, the rest of the customer's calls (customer.ts, which re-exports
// these) load with the pages.

/** Query keys of the customer portal. */
export const customerKeys = {
  portal: (slug: string) => ["customer", "portal", slug] as const,
  invitation: (token: string) => ["customer", "invitation", token] as const,
  /** The portal session: the user and their tabs; dropped on login and logout. */
  me: ["customer", "me"] as const,
  tabs: ["customer", "me", "tabs"] as const,
  allRecords: ["customer", "records"] as const,
  moduleRecords: (module: string) => ["customer", "records", module] as const,
  records: (module: string, query: MyRecordQuery, lang: string) =>
    ["customer", "records", module, "list", query, lang] as const,
  record: (module: string, id: string, lang: string) =>
    ["customer", "records", module, "one", id, lang] as const,
  oneRecord: (module: string, id: string) => ["customer", "records", module, "one", id] as const,
  notes: customerNotesKey,
  attachments: customerAttachmentsKey,
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

/** The signed-in portal user; an ApiError 401 without a portal session. */
export async function fetchMe(signal?: AbortSignal): Promise<Me> {
  return ok(await api.GET("/api/me", signalOption(signal)));
}

export function useMe(enabled: boolean) {
  return useQuery({
    queryKey: customerKeys.me,
    queryFn: ({ signal }) => fetchMe(signal),
    enabled,
    retry: false,
  });
}

export async function savePreferences(preferences: Preferences): Promise<Me> {
  return ok(
    await api.PATCH("/api/me/preferences", {
      params: { header: REQUESTED_WITH },
      body: preferences,
    }),
  );
}
