import { keepPreviousData, useQuery } from "@tanstack/react-query";
import {
  api,
  apiError,
  ifMatch,
  ok,
  REQUESTED_WITH,
  signalOption,
  type Invitation,
  type Me,
  type MyRecord,
  type MyRecordList,
} from "../../shared/api/client";
import type { components } from "../../shared/api/schema";
import { customerKeys } from "./portalSession";

export {
  customerKeys,
  fetchMe,
  fetchMyTabs,
  fetchPublicPortal,
  savePreferences,
  useMe,
  useMyTabs,
  usePublicPortal,
} from "./portalSession";

/** Number of records one page of a portal tab asks for. */
export const MY_RECORDS_PAGE = 25;

/** What one page of a tab asks for besides its size and language. */
export interface MyRecordQuery {
  cursor?: string;
  /** `Modified_Time` (oldest first) or `-Modified_Time`; absent for the server's default (newest first). */
  sort?: string;
  /** Query parameter name (`filter.Status`, `filter.Amount.gte`) to value. */
  filters?: Record<string, string>;
}

/** A page of a tab's records in the user's scope; an ApiError 404 without such a tab. */
export async function fetchMyRecords(
  module: string,
  query: MyRecordQuery,
  lang: string,
  signal?: AbortSignal,
): Promise<MyRecordList> {
  const { cursor, sort, filters = {} } = query;
  // filter.* parameters have no fixed names, so the document cannot declare
  // them; they travel beside the declared ones.
  const params: { limit: number; lang: string; cursor?: string; sort?: string } = {
    limit: MY_RECORDS_PAGE,
    lang,
    ...(cursor ? { cursor } : {}),
    ...(sort ? { sort } : {}),
    ...filters,
  };
  return ok(
    await api.GET("/api/records/{module}", {
      params: { path: { module }, query: params },
      ...signalOption(signal),
    }),
  );
}

export function useMyRecords(module: string, query: MyRecordQuery, lang: string) {
  return useQuery({
    queryKey: customerKeys.records(module, query, lang),
    queryFn: ({ signal }) => fetchMyRecords(module, query, lang, signal),
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

export function useMyRecord(module: string, id: string, lang: string, enabled = true) {
  return useQuery({
    queryKey: customerKeys.record(module, id, lang),
    queryFn: ({ signal }) => fetchMyRecord(module, id, lang, signal),
    retry: false,
    enabled,
  });
}

export { ifMatch } from "../../shared/api/client";

/**
 * Creates a record in a tab that allows it; the server links it to the user
 * (the scope lookup is never sent). 403 without create, 422 with errors.
 */
export async function createMyRecord(
  module: string,
  fields: Record<string, unknown>,
  lang: string,
  layoutId?: string,
): Promise<MyRecord> {
  return ok(
    await api.POST("/api/records/{module}", {
      params: { path: { module }, query: { lang }, header: REQUESTED_WITH },
      body: layoutId ? { layoutId, fields } : { fields },
    }),
  );
}

/** Changes `fields` of the record at `version`; 412 when it changed since. */
export async function updateMyRecord(
  module: string,
  id: string,
  version: number,
  fields: Record<string, unknown>,
  lang: string,
): Promise<MyRecord> {
  return ok(
    await api.PATCH("/api/records/{module}/{id}", {
      params: {
        path: { module, id },
        query: { lang },
        header: { ...REQUESTED_WITH, "If-Match": ifMatch(version) },
      },
      body: { fields },
    }),
  );
}

export async function deleteMyRecord(module: string, id: string): Promise<void> {
  ok(
    await api.DELETE("/api/records/{module}/{id}", {
      params: { path: { module, id }, header: REQUESTED_WITH },
    }),
  );
}

/**
 * The user's data (profile and records) as the file GET /api/me/export answers: JSON, or
 * with format "csv" one CSV table (section,id,field,value) for a spreadsheet.
 */
export async function fetchMyExport(lang: string, format: "json" | "csv" = "json"): Promise<Blob> {
  const result = await api.GET("/api/me/export", {
    params: { query: { lang, format } },
    parseAs: "blob",
  });
  if (!result.response.ok) {
    // The refusal's problem+json arrives as a Blob too.
    let body: unknown;
    try {
      body = result.error instanceof Blob ? JSON.parse(await result.error.text()) : result.error;
    } catch {
      body = undefined;
    }
    throw apiError(result.response, body);
  }
  const data: Blob | undefined = result.data;
  if (data === undefined) throw apiError(result.response, undefined);
  return data;
}

// ----------------------------------------------------------------- session

/** Asks for a password reset link; the answer is the same whoever the email is. */
export async function requestPortalReset(slug: string, email: string): Promise<void> {
  ok(
    await api.POST("/api/p/{slug}/password-reset", {
      params: { path: { slug }, header: REQUESTED_WITH },
      body: { email },
    }),
  );
}

/** Sets a new password with a reset link's token; 410 when the link no longer works. */
export async function resetPortalPassword(token: string, password: string): Promise<void> {
  ok(
    await api.POST("/api/password-reset/{token}", {
      params: { path: { token }, header: REQUESTED_WITH },
      body: { password },
    }),
  );
}

// -------------------------------------------------------------- invitation

/** What an invitation link leads to; an ApiError 410 when it no longer works. */
export async function fetchInvitation(token: string, signal?: AbortSignal): Promise<Invitation> {
  return ok(
    await api.GET("/api/invitations/{token}", {
      params: { path: { token } },
      ...signalOption(signal),
    }),
  );
}

export function useInvitation(token: string) {
  return useQuery({
    queryKey: customerKeys.invitation(token),
    queryFn: ({ signal }) => fetchInvitation(token, signal),
    retry: false,
  });
}

/** Accepts the invitation with a password; the answer is the signed-in user. */
export async function acceptInvitation(token: string, password: string): Promise<Me> {
  return ok(
    await api.POST("/api/invitations/{token}/accept", {
      params: { path: { token }, header: REQUESTED_WITH },
      body: { password },
    }),
  );
}

/** The decision body of POST /api/records/{module}/{id}/decision. */
export type QuoteDecisionInput = components["schemas"]["QuoteDecisionInput"];

/**
 * Accepts (signing) or declines a quote awaiting the user, at the version
 * they opened: 412 when it changed, 409 when decided, 422 naming the field.
 */
export async function decideMyQuote(
  id: string,
  version: number,
  input: QuoteDecisionInput,
  lang: string,
): Promise<MyRecord> {
  return ok(
    await api.POST("/api/records/{module}/{id}/decision", {
      params: {
        path: { module: "Quotes", id },
        query: { lang },
        header: { ...REQUESTED_WITH, "If-Match": ifMatch(version) },
      },
      body: input,
    }),
  );
}
