import { useId, useMemo, useState, type SyntheticEvent } from "react";
import { useTranslation } from "react-i18next";
import { useSearchParams } from "react-router";
import { useUsage, usageCsvHref, type Usage, type UsageQuery } from "../api/usage";
import { UsageChart } from "../components/UsageChart";
import { Loading, ProblemNotice } from "../components/ProblemNotice";
import { usagePeriod } from "../lib/usagePeriod";
import "./UsagePage.css";

/**
 * /admin/usage (admins): the portal's usage over a period, by day or ISO week, as charts with
 * their numbers in tables, licence use per user type against its seats, and the same series
 * as a CSV file. The period lives in the address, so a reload or a shared link shows it again.
 */
export function UsagePage() {
  const { t } = useTranslation();
  const [search, setSearch] = useSearchParams();
  // Today is read once per visit: the default period does not move under the reader.
  const [now] = useState(() => new Date());
  const query = usagePeriod(search, now);
  const usage = useUsage(query);

  return (
    <>
      <div className="page-header">
        <h1>{t("usage.heading")}</h1>
        <div className="page-actions">
          <a
            className="button"
            href={usageCsvHref(query)}
            download={`usage-${query.from}-${query.to}.csv`}
            data-testid="usage-csv"
          >
            {t("usage.downloadCsv")}
          </a>
        </div>
      </div>
      <p className="lead">{t("usage.intro")}</p>
      <PeriodForm
        key={JSON.stringify(query)}
        query={query}
        onChange={(next) => {
          setSearch(new URLSearchParams({ ...next }));
        }}
      />
      {usage.error && <ProblemNotice error={usage.error} onRetry={() => void usage.refetch()} />}
      {!usage.data && !usage.error && <Loading label={t("console.loading")} />}
      {usage.data && <UsageCharts usage={usage.data} />}
    </>
  );
}

function PeriodForm({
  query,
  onChange,
}: {
  query: UsageQuery;
  onChange: (next: UsageQuery) => void;
}) {
  const { t } = useTranslation();
  const id = useId();
  const [values, setValues] = useState(query);
  const set = (name: keyof UsageQuery) => (event: { target: { value: string } }) => {
    setValues((previous) => ({ ...previous, [name]: event.target.value }));
  };
  const submit = (event: SyntheticEvent) => {
    event.preventDefault();
    onChange(values);
  };

  return (
    <form className="usage-period" aria-label={t("usage.periodLabel")} onSubmit={submit}>
      <div className="form-field">
        <label htmlFor={`${id}-from`}>{t("usage.from")}</label>
        <input id={`${id}-from`} type="date" value={values.from} onChange={set("from")} />
      </div>
      <div className="form-field">
        <label htmlFor={`${id}-to`}>{t("usage.to")}</label>
        <input id={`${id}-to`} type="date" value={values.to} onChange={set("to")} />
      </div>
      <div className="form-field">
        <label htmlFor={`${id}-interval`}>{t("usage.interval")}</label>
        <select
          id={`${id}-interval`}
          value={values.interval}
          onChange={(event) => {
            // A new grouping shows at once, with the dates as they stand.
            onChange({ ...values, interval: event.target.value === "week" ? "week" : "day" });
          }}
        >
          <option value="day">{t("usage.byDay")}</option>
          <option value="week">{t("usage.byWeek")}</option>
        </select>
      </div>
      <button type="submit">{t("usage.show")}</button>
    </form>
  );
}

function UsageCharts({ usage }: { usage: Usage }) {
  const { t, i18n } = useTranslation();
  const language = i18n.language;
  const { labels, rowLabels, number } = useMemo(() => {
    // Short numeric dates under the bars ("11/08", "08/11"): thirty of them share a phone's
    // width; the tables name a week by its Monday in words.
    const short = new Intl.DateTimeFormat(language, {
      day: "2-digit",
      month: "2-digit",
      timeZone: "UTC",
    });
    const long = new Intl.DateTimeFormat(language, { dateStyle: "medium", timeZone: "UTC" });
    const dates = usage.buckets.map((bucket) => new Date(`${bucket.date}T00:00:00Z`));
    return {
      labels: dates.map((date) => short.format(date)),
      rowLabels: dates.map((date) =>
        usage.interval === "week"
          ? t("usage.weekOf", { date: long.format(date) })
          : long.format(date),
      ),
      number: new Intl.NumberFormat(language),
    };
  }, [usage, language, t]);
  const format = (value: number) => number.format(value);
  const values = (key: "logins" | "activeUsers" | "invitationsSent" | "invitationsAccepted" | "recordsCreated") =>
    usage.buckets.map((bucket) => bucket[key]);
  const licensed = usage.licenses.types;

  return (
    <>
      <dl className="usage-totals" data-testid="usage-totals">
        <div>
          <dt>{t("usage.logins")}</dt>
          <dd data-testid="usage-total-logins">{format(usage.totals.logins)}</dd>
        </div>
        <div>
          <dt>{t("usage.invitationsSent")}</dt>
          <dd>{format(usage.totals.invitationsSent)}</dd>
        </div>
        <div>
          <dt>{t("usage.invitationsAccepted")}</dt>
          <dd>{format(usage.totals.invitationsAccepted)}</dd>
        </div>
        <div>
          <dt>{t("usage.recordsCreated")}</dt>
          <dd>{format(usage.totals.recordsCreated)}</dd>
        </div>
      </dl>
      <div className="usage-charts">
        <UsageChart
          testId="usage-chart-logins"
          title={usage.interval === "week" ? t("usage.loginsByWeek") : t("usage.loginsByDay")}
          labels={labels}
          rowLabels={rowLabels}
          series={[{ name: t("usage.logins"), values: values("logins") }]}
          format={format}
        />
        <UsageChart
          testId="usage-chart-active"
          title={t("usage.activeUsers")}
          labels={labels}
          rowLabels={rowLabels}
          series={[{ name: t("usage.activeUsers"), values: values("activeUsers") }]}
          format={format}
        />
        <UsageChart
          testId="usage-chart-invitations"
          title={t("usage.invitations")}
          labels={labels}
          rowLabels={rowLabels}
          series={[
            { name: t("usage.invitationsSent"), values: values("invitationsSent") },
            { name: t("usage.invitationsAccepted"), values: values("invitationsAccepted") },
          ]}
          format={format}
        />
        <UsageChart
          testId="usage-chart-records"
          title={t("usage.recordsCreated")}
          labels={labels}
          rowLabels={rowLabels}
          series={[{ name: t("usage.recordsCreated"), values: values("recordsCreated") }]}
          format={format}
        />
      </div>
      <section className="card usage-licenses" aria-labelledby="usage-licenses-heading">
        <h2 id="usage-licenses-heading">{t("usage.licenses")}</h2>
        <p className="muted">
          {t("usage.licensePool", {
            allocated: format(usage.licenses.allocated),
            pool: format(usage.licenses.pool),
          })}
        </p>
        {licensed.length === 0 && !usage.licenses.free && <p>{t("usage.noLicensedTypes")}</p>}
        <ul className="usage-seats">
          {[...(usage.licenses.free ? [usage.licenses.free] : []), ...licensed].map((type) => (
            <li key={type.id} data-testid={`usage-seats-${type.id}`}>
              <span className="usage-seats-name">{type.name}</span>
              <meter
                min={0}
                max={Math.max(type.seats, 1)}
                value={Math.min(type.users, Math.max(type.seats, 1))}
                high={Math.max(type.seats, 1) * 0.9}
                optimum={0}
                aria-label={t("usage.seatsOf", { name: type.name })}
              />
              <span className="usage-seats-text">
                {t("usage.seatsUsed", { users: format(type.users), seats: format(type.seats) })}
              </span>
            </li>
          ))}
        </ul>
      </section>
    </>
  );
}
