import { useTranslation } from "react-i18next";
import "./BulkProgress.css";

/** "3 of 10" with a progress bar, while a bulk action runs and after it ends. */
export function BulkProgress({ done, total, label }: { done: number; total: number; label: string }) {
  const { t } = useTranslation();
  const text = t("bulk.progress", { done, total });
  return (
    <div className="bulk-progress" data-testid="bulk-progress">
      <div
        role="progressbar"
        aria-label={label}
        aria-valuemin={0}
        aria-valuemax={total}
        aria-valuenow={done}
        aria-valuetext={text}
        className="progress"
      >
        <div
          className="progress-fill"
          style={{ width: `${String(total > 0 ? Math.round((done / total) * 100) : 0)}%` }}
        />
      </div>
      <span className="muted">{text}</span>
    </div>
  );
}

export interface BulkFailure {
  key: string;
  /** Who or what failed, e.g. an email. */
  name: string;
  reason: string;
}

/** The items a bulk action could not do, each with the API's reason. */
export function BulkFailures({ failures }: { failures: BulkFailure[] }) {
  const { t } = useTranslation();
  if (failures.length === 0) return null;
  return (
    <div role="alert" className="notice notice-error" data-testid="bulk-failures">
      <p className="notice-title">{t("bulk.failed", { count: failures.length })}</p>
      <ul>
        {failures.map((failure) => (
          <li key={failure.key}>
            <strong>{failure.name}</strong>: {failure.reason}
          </li>
        ))}
      </ul>
    </div>
  );
}
