import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { signalOption } from "./admin";
import { api, ok, type MyRecord, type MyRecordList, type MyTabs, type PublicPortal } from "./client";

/** Query keys of the customer portal. */
export const customerKeys = {
  portal: (slug: string) => ["customer", "portal", slug] as const,
  tabs: ["customer", "me", "tabs"] as const,
  records: (module: string, cursor: string | undefined, lang: string) =>
    ["customer", "records", module, "list", cursor ?? "", lang] as const,
  record: (module: string, id: string, lang: string) =>
    ["customer", "records", module, "one", id, lang] as const,
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

/** Number of records one page of a portal tab asks for. */
export const MY_RECORDS_PAGE = 25;

/** A page of a tab's records in the user's scope; an ApiError 404 without such a tab. */
export async function fetchMyRecords(
  module: string,
  cursor: string | undefined,
  lang: string,
  signal?: AbortSignal,
): Promise<MyRecordList> {
  return ok(
    await api.GET("/api/records/{module}", {
      params: {
        path: { module },
        query: { limit: MY_RECORDS_PAGE, lang, ...(cursor ? { cursor } : {}) },
      },
      ...signalOption(signal),
    }),
  );
}

export function useMyRecords(module: string, cursor: string | undefined, lang: string) {
  return useQuery({
    queryKey: customerKeys.records(module, cursor, lang),
    queryFn: ({ signal }) => fetchMyRecords(module, cursor, lang, signal),
    placeholderData: keepPreviousData,
    retry: false,
  });
}

/** One record in the user's scope; an ApiError 404 outside it. */
export async function fetchMyRecord(
  module: string,
  id: string,
  lang: string,
  signal?: AbortSignal,
): Promise<MyRecord> {
  return ok(
    await api.GET("/api/records/{module}/{id}", {
      params: { path: { module, id }, query: { lang } },
      ...signalOption(signal),
    }),
  );
}

export function useMyRecord(module: string, id: string, lang: string) {
  return useQuery({
    queryKey: customerKeys.record(module, id, lang),
    queryFn: ({ signal }) => fetchMyRecord(module, id, lang, signal),
    retry: false,
  });
}
