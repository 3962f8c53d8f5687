import { useEffect } from "react";
import { useTranslation } from "react-i18next";
import type { Problem } from "../../shared/api/client";
import { useProblems } from "../../shared/lib/problems";
import { finished, useBulkJob } from "../api/portalUsersBulk";
import { BulkFailures, BulkProgress, type BulkFailure } from "./BulkProgress";
import { ProblemNotice } from "./ProblemNotice";

/**
 * A bulk job on portal users (or invitation of records) as it runs on the server: its progress bar (polled), then how
 * many succeeded and each failure with the reason the single action would have given.
 * onFinished runs once, when the job stops moving.
 */
export function BulkJobResult({
  jobId,
  total,
  label,
  names,
  onFinished,
}: {
  jobId: string;
  total: number;
  label: string;
  /** How the report names each id: the users' emails, or the invited records' names. */
  names: ReadonlyMap<string, string>;
  onFinished: () => void;
}) {
  const { t } = useTranslation();
  const problems = useProblems();
  const job = useBulkJob(jobId);
  const data = job.data;
  const over = finished(data);
  useEffect(() => {
    if (over) onFinished();
    // onFinished changes with each render of the page; the job ends once.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [over]);
  if (job.error) return <ProblemNotice error={job.error} onRetry={() => void job.refetch()} />;
  const done = data ? data.done + data.failed : 0;
  const failures: BulkFailure[] = (data?.items ?? []).map((item) => ({
    key: item.id,
    name: names.get(item.id) ?? item.id,
    // A refused resend (429) has no retry time per item: the hourly limit says it all.
    reason:
      item.status === 429
        ? t("bulk.resendLimit")
        : problems.detail(
            { code: item.code, params: item.params, detail: item.detail, status: item.status ?? 0 } as Problem,
            item.status ?? 0,
          ),
  }));
  return (
    <>
      <BulkProgress done={done} total={data?.total ?? total} label={label} />
      {over && data?.status === "done" && (
        <p role="status" className="muted">
          {t("bulk.done", { count: data.done, total: data.total })}
        </p>
      )}
      {over && data?.status === "failed" && (
        <p role="alert" className="notice notice-error">
          {t("bulk.notStarted")}
        </p>
      )}
      {over && <BulkFailures failures={failures} />}
    </>
  );
}
