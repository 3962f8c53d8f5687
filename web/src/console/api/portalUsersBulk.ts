import { useQuery } from "@tanstack/react-query";
import { signalOption } from "./admin";
import { api, ok, refusalReady, REQUESTED_WITH } from "../../shared/api/client";
import type { components } from "../../shared/api/schema";

export type BulkJob = components["schemas"]["PortalUsersBulkJob"];
export type BulkItem = components["schemas"]["PortalUsersBulkItem"];
export type BulkAction = components["schemas"]["PortalUsersBulkRequest"]["action"];
export type InviteModule = NonNullable<components["schemas"]["PortalUsersBulkRequest"]["module"]>;

/** Whether module's records can be invited in bulk. */
export function isInviteModule(module: string): module is InviteModule {
  return module === "Contacts" || module === "Leads";
}

/** How often a running job is asked for its progress. */
export const BULK_POLL_MS = 700;

/** Starts one bulk action on the users ids; the answer is the job's id. */
export async function startBulk(action: BulkAction, ids: string[], userTypeId?: string): Promise<string> {
  const answer = ok(
    await api.POST("/api/admin/portal-users/bulk", {
      params: { header: REQUESTED_WITH },
      body: { action, ids, ...(action === "change-type" ? { userTypeId: userTypeId ?? "" } : {}) },
    }),
  );
  return answer.jobId;
}

/** Starts the invitation of the records ids of module as the user type; the answer is the job's id. */
export async function startBulkInvite(
  module: InviteModule,
  ids: string[],
  userTypeId: string,
): Promise<string> {
  const answer = ok(
    await api.POST("/api/admin/portal-users/bulk", {
      params: { header: REQUESTED_WITH },
      body: { action: "invite", module, ids, userTypeId },
    }),
  );
  return answer.jobId;
}

/** Whether a job has stopped moving. */
export function finished(job: BulkJob | undefined): boolean {
  return job?.status === "done" || job?.status === "failed";
}

/** A bulk job and its failures (the first page of them), polled until it is finished. */
export function useBulkJob(jobId: string | undefined) {
  return useQuery({
    // Not under adminKeys.portalUsers: refreshing the list after the job must not poll it again.
    queryKey: ["admin", "portal-users-bulk", jobId ?? ""],
    enabled: jobId !== undefined,
    queryFn: async ({ signal }) => {
      const job = ok(
        await api.GET("/api/admin/portal-users/bulk/{jobId}", {
          params: { path: { jobId: jobId ?? "" } },
          ...signalOption(signal),
        }),
      );
      // The report's failures are problems shown in the page's language: their texts load
      // as a refused answer's do, though the job's own answer is a 200.
      if (job.items.length > 0) await refusalReady();
      return job;
    },
    refetchInterval: (query) => (finished(query.state.data) ? false : BULK_POLL_MS),
  });
}
