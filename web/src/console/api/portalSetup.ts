import { useQueries, useQuery } from "@tanstack/react-query";
import { adminKeys, fetchModule, signalOption, UploadError, useModules } from "./admin";
import {
  api,
  ok,
  REQUESTED_WITH,
  type Licenses,
  type LogoContentType,
  type LogoUpload,
  type Module,
  type Preview,
  type Portal,
  type PortalChange,
  type UserType,
  type UserTypeChange,
  type UserTypeList,
} from "../../shared/api/client";
import { LOGO_TYPES } from "../../shared/limits.gen";

// ------------------------------------------------------------------ portal

/** The organization's portal; an ApiError 404 (with `defaultName`) until it is configured. */
export async function fetchPortal(signal?: AbortSignal): Promise<Portal> {
  return ok(await api.GET("/api/admin/portal", signalOption(signal)));
}

export function usePortal() {
  return useQuery({ queryKey: adminKeys.portal, queryFn: ({ signal }) => fetchPortal(signal) });
}

/** "Configure now": the name gives the portal's address. */
export async function createPortal(change: PortalChange): Promise<Portal> {
  return ok(
    await api.POST("/api/admin/portal", { params: { header: REQUESTED_WITH }, body: change }),
  );
}

/** Renames the portal or changes its branding, based on `version`. */
export async function updatePortal(version: number, change: PortalChange): Promise<Portal> {
  return ok(
    await api.PATCH("/api/admin/portal", {
      params: { header: { ...REQUESTED_WITH, "If-Match": String(version) } },
      body: change,
    }),
  );
}

// -------------------------------------------------------------------- logo

export function isLogoType(type: string): type is LogoContentType {
  return (LOGO_TYPES as readonly string[]).includes(type);
}

/** A presigned POST form for the portal's logo, for a file of `contentType`. */
export async function createLogoUpload(contentType: LogoContentType): Promise<LogoUpload> {
  return ok(
    await api.POST("/api/admin/portal/logo", {
      params: { header: REQUESTED_WITH },
      body: { contentType },
    }),
  );
}

/**
 * Posts the logo to the storage's presigned form: every field first, the
 * file last. The URL is not the API, so no cookies and no X-Requested-With.
 */
export async function uploadLogoFile(upload: LogoUpload, file: Blob): Promise<void> {
  const form = new FormData();
  for (const [name, value] of Object.entries(upload.fields)) form.append(name, value);
  form.append("file", file);
  let response: Response;
  try {
    response = await globalThis.fetch(upload.url, {
      method: "POST",
      body: form,
      credentials: "omit",
      mode: "cors",
    });
  } catch {
    throw new UploadError(0);
  }
  if (!response.ok) throw new UploadError(response.status);
}

// ----------------------------------------------------------------- preview

/** Opens a read-only portal session of a user type; open the answer's `url`. */
export async function startPreview(userTypeId: string): Promise<Preview> {
  return ok(
    await api.POST("/api/admin/preview", {
      params: { header: REQUESTED_WITH },
      body: { userTypeId },
    }),
  );
}

// -------------------------------------------------------------- user types

export async function fetchUserTypes(signal?: AbortSignal): Promise<UserTypeList> {
  return ok(await api.GET("/api/admin/user-types", signalOption(signal)));
}

export function useUserTypes() {
  return useQuery({
    queryKey: adminKeys.userTypes,
    queryFn: ({ signal }) => fetchUserTypes(signal),
  });
}

export async function createUserType(change: UserTypeChange): Promise<UserType> {
  return ok(
    await api.POST("/api/admin/user-types", { params: { header: REQUESTED_WITH }, body: change }),
  );
}

export async function fetchUserType(id: string, signal?: AbortSignal): Promise<UserType> {
  return ok(
    await api.GET("/api/admin/user-types/{id}", {
      params: { path: { id } },
      ...signalOption(signal),
    }),
  );
}

export function useUserType(id: string) {
  return useQuery({
    queryKey: adminKeys.userType(id),
    queryFn: ({ signal }) => fetchUserType(id, signal),
  });
}

/**
 * Replaces a user type, based on `version`. Every property is replaced: a
 * licensed type's `seats` must be sent even when they do not change.
 */
export async function updateUserType(
  id: string,
  version: number,
  change: UserTypeChange,
): Promise<UserType> {
  return ok(
    await api.PUT("/api/admin/user-types/{id}", {
      params: {
        path: { id },
        header: { ...REQUESTED_WITH, "If-Match": String(version) },
      },
      body: change,
    }),
  );
}

export async function deleteUserType(id: string): Promise<void> {
  ok(
    await api.DELETE("/api/admin/user-types/{id}", {
      params: { path: { id }, header: REQUESTED_WITH },
    }),
  );
}

// ---------------------------------------------------------------- licenses

export async function fetchLicenses(signal?: AbortSignal): Promise<Licenses> {
  return ok(await api.GET("/api/admin/licenses", signalOption(signal)));
}

export function useLicenses() {
  return useQuery({ queryKey: adminKeys.licenses, queryFn: ({ signal }) => fetchLicenses(signal) });
}

/** Sets the seats of licensed user types, by id. */
export async function updateLicenses(allocations: Record<string, number>): Promise<Licenses> {
  return ok(
    await api.PUT("/api/admin/licenses", {
      params: { header: REQUESTED_WITH },
      body: { allocations },
    }),
  );
}

// ----------------------------------------------------------------- modules

interface ModuleResult {
  data?: Module | undefined;
  error: Error | null;
}

function combineModules(results: ModuleResult[]) {
  return {
    modules: results.every((result) => result.data)
      ? results.flatMap((result) => (result.data ? [result.data] : []))
      : undefined,
    error: results.find((result) => result.error)?.error ?? null,
  };
}

/**
 * Every module of the organization with its fields and layouts: the tab
 * editor offers scopes, lookups, columns and permissions from all of them.
 */
export function useAllModules() {
  const summaries = useModules();
  const names = summaries.data?.map((module) => module.apiName) ?? [];
  const { modules, error } = useQueries({
    queries: names.map((name) => ({
      queryKey: adminKeys.module(name),
      queryFn: ({ signal }: { signal: AbortSignal }) => fetchModule(name, signal),
      staleTime: 5 * 60_000,
    })),
    combine: combineModules,
  });
  return {
    data: summaries.data ? modules : undefined,
    error: summaries.error ?? error,
    refetch: () => {
      void summaries.refetch();
    },
  };
}
