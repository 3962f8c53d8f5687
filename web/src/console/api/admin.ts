import { useQuery } from "@tanstack/react-query";
import {
  api,
  ok,
  REQUESTED_WITH,
  signalOption,
  type CrmRecord,
  type ImportJob,
  type Module,
  type ModuleSummary,
  type Org,
  type OrgUpdate,
  type RecordList,
} from "../../shared/api/client";
import { adminKeys } from "./staffSession";

export { logout, signalOption } from "../../shared/api/client";
export { adminKeys, fetchStaffMe, useStaffMe } from "./staffSession";

// ------------------------------------------------------------------ session

export async function requestPasswordReset(email: string): Promise<void> {
  ok(
    await api.POST("/api/admin/password-reset", {
      params: { header: REQUESTED_WITH },
      body: { email },
    }),
  );
}

export async function resetPassword(token: string, password: string): Promise<void> {
  ok(
    await api.POST("/api/admin/password-reset/{token}", {
      params: { path: { token }, header: REQUESTED_WITH },
      body: { password },
    }),
  );
}

// ------------------------------------------------------------ organization

export async function fetchOrg(signal?: AbortSignal): Promise<Org> {
  return ok(await api.GET("/api/admin/org", signalOption(signal)));
}

export function useOrg() {
  return useQuery({ queryKey: adminKeys.org, queryFn: ({ signal }) => fetchOrg(signal) });
}

export async function updateOrg(changes: OrgUpdate): Promise<Org> {
  return ok(
    await api.PATCH("/api/admin/org", { params: { header: REQUESTED_WITH }, body: changes }),
  );
}

// ----------------------------------------------------------------- modules

export async function fetchModules(signal?: AbortSignal): Promise<ModuleSummary[]> {
  return ok(await api.GET("/api/admin/modules", signalOption(signal))).items;
}

export function useModules() {
  return useQuery({
    queryKey: adminKeys.modules,
    queryFn: ({ signal }) => fetchModules(signal),
    staleTime: 5 * 60_000,
  });
}

export async function fetchModule(module: string, signal?: AbortSignal): Promise<Module> {
  return ok(
    await api.GET("/api/admin/modules/{module}", {
      params: { path: { module } },
      ...signalOption(signal),
    }),
  );
}

export function useModule(module: string) {
  return useQuery({
    queryKey: adminKeys.module(module),
    queryFn: ({ signal }) => fetchModule(module, signal),
    staleTime: 5 * 60_000,
  });
}

// ----------------------------------------------------------------- records

/** One list request: sort, paging and `filter.*` parameters. */
export interface RecordQuery {
  limit?: number;
  cursor?: string;
  sort?: string;
  /** Query parameter name (`filter.Last_Name.contains`) to value. */
  filters?: Record<string, string>;
}

async function fetchRecordPage(
  module: string,
  query: RecordQuery,
  signal?: AbortSignal,
): Promise<RecordList> {
  const { filters = {}, ...paging } = query;
  // filter.* parameters have no fixed names, so the document cannot declare
  // them; they travel beside the declared ones.
  const params: { limit?: number; cursor?: string; sort?: string } = {
    ...filters,
    ...paging,
  };
  return ok(
    await api.GET("/api/admin/records/{module}", {
      params: { path: { module }, query: params },
      ...signalOption(signal),
    }),
  );
}

/** At most this many requests make one filtered page. */
const FILL_REQUESTS = 5;

/**
 * A page of records. A filtered page can come back short, even empty, with
 * a nextCursor (the filter applies after the page is read), so short pages
 * are topped up with the following ones, asking each time only for what is
 * missing: the page never exceeds the limit and its nextCursor stays exact.
 */
export async function fetchRecords(
  module: string,
  query: RecordQuery,
  signal?: AbortSignal,
): Promise<RecordList> {
  const limit = query.limit ?? 25;
  let page = await fetchRecordPage(module, { ...query, limit }, signal);
  const items = [...page.items];
  for (let request = 1; request < FILL_REQUESTS; request++) {
    const missing = limit - items.length;
    if (!page.nextCursor || missing <= 0) break;
    page = await fetchRecordPage(
      module,
      { ...query, limit: missing, cursor: page.nextCursor },
      signal,
    );
    items.push(...page.items);
  }
  return page.nextCursor ? { items, nextCursor: page.nextCursor } : { items };
}

export function useRecords(module: string, query: RecordQuery) {
  return useQuery({
    queryKey: adminKeys.recordList(module, query),
    queryFn: ({ signal }) => fetchRecords(module, query, signal),
    placeholderData: (previous) => previous,
  });
}

export async function fetchRecord(
  module: string,
  id: string,
  signal?: AbortSignal,
): Promise<CrmRecord> {
  return ok(
    await api.GET("/api/admin/records/{module}/{id}", {
      params: { path: { module, id } },
      ...signalOption(signal),
    }),
  );
}

export function useRecord(module: string, id: string, enabled = true) {
  return useQuery({
    queryKey: adminKeys.record(module, id),
    queryFn: ({ signal }) => fetchRecord(module, id, signal),
    enabled,
  });
}

export type FieldsInput = Record<string, unknown>;

export async function createRecord(
  module: string,
  fields: FieldsInput,
  layoutId?: string,
): Promise<CrmRecord> {
  return ok(
    await api.POST("/api/admin/records/{module}", {
      params: { path: { module }, header: REQUESTED_WITH },
      body: layoutId ? { layoutId, fields } : { fields },
    }),
  );
}

export async function updateRecord(
  module: string,
  id: string,
  version: number,
  fields: FieldsInput,
): Promise<CrmRecord> {
  return ok(
    await api.PATCH("/api/admin/records/{module}/{id}", {
      params: {
        path: { module, id },
        header: { ...REQUESTED_WITH, "If-Match": String(version) },
      },
      body: { fields },
    }),
  );
}

export async function deleteRecord(module: string, id: string, version?: number): Promise<void> {
  ok(
    await api.DELETE("/api/admin/records/{module}/{id}", {
      params: {
        path: { module, id },
        header:
          version === undefined
            ? REQUESTED_WITH
            : { ...REQUESTED_WITH, "If-Match": String(version) },
      },
    }),
  );
}

// ------------------------------------------------------------------ import

export async function createImport(
  module: string,
  filename: string,
  mapping: Record<string, string>,
  externalIdColumn?: string,
): Promise<ImportJob> {
  return ok(
    await api.POST("/api/admin/import/{module}", {
      params: { path: { module }, header: REQUESTED_WITH },
      body: externalIdColumn ? { filename, mapping, externalIdColumn } : { filename, mapping },
    }),
  );
}

export async function fetchImport(
  module: string,
  jobId: string,
  signal?: AbortSignal,
): Promise<ImportJob> {
  return ok(
    await api.GET("/api/admin/import/{module}/{jobId}", {
      params: { path: { module, jobId } },
      ...signalOption(signal),
    }),
  );
}

/** Thrown when the file storage refuses an upload; status 0 when it could not be reached. */
export class UploadError extends Error {
  readonly status: number;

  constructor(status: number) {
    super(`upload failed with HTTP ${String(status)}`);
    this.name = "UploadError";
    this.status = status;
  }
}

/**
 * Sends the CSV file where the import job says, with exactly its headers:
 * the URL is a presigned storage address, not the API, so no cookies and no
 * X-Requested-With go with it.
 */
export async function uploadImportFile(
  upload: NonNullable<ImportJob["upload"]>,
  file: Blob,
): Promise<void> {
  let response: Response;
  try {
    response = await globalThis.fetch(upload.url, {
      method: upload.method,
      headers: upload.headers,
      body: file,
      credentials: "omit",
      mode: "cors",
    });
  } catch {
    // Refused before any answer: network, CORS or the page's CSP.
    throw new UploadError(0);
  }
  if (!response.ok) throw new UploadError(response.status);
}
