import { useId } from "react";
import { useTranslation } from "react-i18next";
import { ApiError, type Check, type Health } from "../api/client";
import { useHealth } from "../api/health";
import { currentLanguage } from "../../i18n";
import { StatusBadge } from "./StatusBadge";
import { MoreErrorsItem } from "./MoreErrors";
import "./HealthPanel.css";

const CHECK_NAMES = ["table", "bucket"] as const;

export function HealthPanel() {
  const { t } = useTranslation();
  const headingId = useId();
  const { data, error, isPending, isFetching, dataUpdatedAt, refetch } = useHealth();

  return (
    <section className="card" aria-labelledby={headingId} aria-busy={isFetching}>
      <div className="card-header">
        <h2 id={headingId}>{t("health.heading")}</h2>
        {!isPending && (
          <button type="button" onClick={() => void refetch()} disabled={isFetching}>
            {isFetching ? t("health.refreshing") : t("health.refresh")}
          </button>
        )}
      </div>
      {isPending && (
        <p role="status" className="muted">
          {t("health.loading")}
        </p>
      )}
      {error && <HealthError error={error} />}
      {data && <HealthDetails health={data} checkedAt={dataUpdatedAt} />}
    </section>
  );
}

function HealthDetails({ health, checkedAt }: { health: Health; checkedAt: number }) {
  const { t, i18n } = useTranslation();
  const time = new Date(checkedAt);
  const timeText = new Intl.DateTimeFormat(currentLanguage(i18n), { timeStyle: "medium" }).format(
    time,
  );

  return (
    <>
      <dl className="summary">
        <div>
          <dt>{t("health.overall")}</dt>
          <dd data-testid="health-status">
            <StatusBadge tone={health.status === "ok" ? "good" : "warn"}>
              {t(`health.status.${health.status}`)}
            </StatusBadge>
          </dd>
        </div>
        <div>
          <dt>{t("health.version")}</dt>
          <dd>
            <code data-testid="health-version">{health.version}</code>
          </dd>
        </div>
        <div>
          <dt>{t("health.checkedAt")}</dt>
          <dd>
            <time dateTime={time.toISOString()}>{timeText}</time>
          </dd>
        </div>
      </dl>
      {health.checks ? (
        <table className="checks">
          <caption>{t("health.checks.caption")}</caption>
          <thead>
            <tr>
              <th scope="col">{t("health.checks.component")}</th>
              <th scope="col">{t("health.checks.status")}</th>
              <th scope="col" className="numeric">
                {t("health.checks.latency")}
              </th>
            </tr>
          </thead>
          <tbody>
            {CHECK_NAMES.map((name) => (
              <CheckRow key={name} name={name} check={health.checks?.[name]} />
            ))}
          </tbody>
        </table>
      ) : (
        <p className="muted">{t("health.checks.none")}</p>
      )}
    </>
  );
}

function CheckRow({ name, check }: { name: (typeof CHECK_NAMES)[number]; check: Check | undefined }) {
  const { t } = useTranslation();
  if (!check) return null;
  const up = check.status === "up";

  return (
    <tr data-testid={`check-${name}`}>
      <th scope="row">{t(`health.checks.${name}`)}</th>
      <td>
        <StatusBadge tone={up ? "good" : "bad"}>{t(`health.checks.${check.status}`)}</StatusBadge>
        {check.error && <span className="check-error">{check.error}</span>}
      </td>
      <td className="numeric">{t("health.checks.latencyValue", { value: check.latencyMs })}</td>
    </tr>
  );
}

function HealthError({ error }: { error: Error }) {
  const { t } = useTranslation();

  let message: string;
  let problem: ApiError["problem"];
  if (error instanceof ApiError) {
    problem = error.problem;
    message = problem
      ? t("health.error.problem", { status: error.status })
      : t("health.error.server", { status: error.status });
  } else {
    message = t("health.error.network");
  }

  return (
    <div role="alert" className="notice notice-error">
      <p className="notice-title">{t("health.error.heading")}</p>
      <p>{message}</p>
      {problem && (
        <p>
          <strong>{problem.title}</strong>
          {problem.detail && <> — {problem.detail}</>}
        </p>
      )}
      {problem?.errors && problem.errors.length > 0 && (
        <ul>
          {problem.errors.map((item) => (
            <li key={`${item.field}:${item.message}`}>
              <code>{item.field}</code> — {item.message}
            </li>
          ))}
          <MoreErrorsItem count={problem.moreErrors} />
        </ul>
      )}
    </div>
  );
}
