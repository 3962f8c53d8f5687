import { useId, useState, type SyntheticEvent } from "react";
import { useTranslation } from "react-i18next";
import { Link, useSearchParams } from "react-router";
import { AUDIT_ACTIONS, isAuditAction, useAudit } from "../api/audit";
import type { AuditEntry } from "../../shared/api/client";
import { CursorPager } from "../../shared/components/CursorPager";
import { ScrollRegion } from "../../shared/components/ScrollRegion";
import { Loading, ProblemNotice } from "../components/ProblemNotice";
import { useFormatContext } from "../session";
import { AUDIT_FILTERS, auditCsvHref, auditQuery, type AuditFilter } from "../lib/audit";
import { formatDateTime } from "../../shared/lib/format";
import "../../shared/styles/filters.css";
import "./AuditPage.css";

/** An action's readable name; unknown actions as they come. */
function useActionLabel() {
  const { t } = useTranslation();
  return (action: string) => (isAuditAction(action) ? t(`audit.actions.${action}`) : action);
}

/**
 * /admin/audit: the audit log, newest first, filtered by user, record,
 * action and time (kept in the address), page by page, with a CSV export of
 * the same filters.
 */
export function AuditPage() {
  const { t } = useTranslation();
  const [search, setSearch] = useSearchParams();
  const query = auditQuery(search);
  const key = JSON.stringify(query);

  return (
    <>
      <div className="page-header">
        <h1>{t("audit.heading")}</h1>
        <div className="page-actions">
          <a className="button" href={auditCsvHref(query)} download="audit.csv">
            {t("audit.exportCsv")}
          </a>
        </div>
      </div>
      <p className="lead">{t("audit.intro")}</p>
      <AuditFilters key={search.toString()} search={search} setSearch={setSearch} />
      <AuditTable key={key} query={query} />
    </>
  );
}

function AuditFilters({
  search,
  setSearch,
}: {
  search: URLSearchParams;
  setSearch: (next: URLSearchParams) => void;
}) {
  const { t } = useTranslation();
  const id = useId();
  const actionLabel = useActionLabel();
  const [values, setValues] = useState<Record<AuditFilter, string>>(
    () =>
      Object.fromEntries(AUDIT_FILTERS.map((name) => [name, search.get(name) ?? ""])) as Record<
        AuditFilter,
        string
      >,
  );
  const active = AUDIT_FILTERS.some((name) => search.get(name));
  const set = (name: AuditFilter, value: string) => {
    setValues((current) => ({ ...current, [name]: value }));
  };
  const apply = (event: SyntheticEvent) => {
    event.preventDefault();
    const next = new URLSearchParams();
    for (const name of AUDIT_FILTERS) {
      const value = values[name].trim();
      if (value) next.set(name, value);
    }
    setSearch(next);
  };
  const text = (name: "userId" | "recordId", label: string) => (
    <div className="form-field">
      <label htmlFor={`${id}-${name}`}>{label}</label>
      <input
        id={`${id}-${name}`}
        type="text"
        autoComplete="off"
        value={values[name]}
        onChange={(event) => {
          set(name, event.target.value);
        }}
      />
    </div>
  );
  const when = (name: "from" | "to", label: string) => (
    <div className="form-field">
      <label htmlFor={`${id}-${name}`}>{label}</label>
      <input
        id={`${id}-${name}`}
        type="datetime-local"
        value={values[name]}
        onChange={(event) => {
          set(name, event.target.value);
        }}
      />
    </div>
  );

  return (
    <form
      role="search"
      aria-label={t("audit.filtersLabel")}
      className="filter-bar audit-filters"
      onSubmit={apply}
    >
      <div className="filter-controls">
        {text("userId", t("audit.userId"))}
        {text("recordId", t("audit.recordId"))}
        <div className="form-field">
          <label htmlFor={`${id}-action`}>{t("audit.action")}</label>
          <select
            id={`${id}-action`}
            value={values.action}
            onChange={(event) => {
              set("action", event.target.value);
            }}
          >
            <option value="">{t("audit.anyAction")}</option>
            {AUDIT_ACTIONS.map((action) => (
              <option key={action} value={action}>
                {actionLabel(action)}
              </option>
            ))}
          </select>
        </div>
        {when("from", t("audit.from"))}
        {when("to", t("audit.to"))}
      </div>
      <div className="form-actions">
        <button type="submit" className="primary">
          {t("audit.apply")}
        </button>
        <button
          type="button"
          disabled={!active}
          onClick={() => {
            setSearch(new URLSearchParams());
          }}
        >
          {t("audit.clear")}
        </button>
      </div>
    </form>
  );
}

function AuditTable({ query }: { query: ReturnType<typeof auditQuery> }) {
  const { t } = useTranslation();
  const [cursors, setCursors] = useState<string[]>([]);
  const cursor = cursors.at(-1);
  const audit = useAudit(cursor ? { ...query, cursor } : query);

  if (audit.error) return <ProblemNotice error={audit.error} onRetry={() => void audit.refetch()} />;
  if (!audit.data) return <Loading label={t("audit.loading")} />;
  const items = audit.data.items;

  return (
    <>
      <ScrollRegion label={t("audit.caption", { page: cursors.length + 1 })}>
        <table className="records audit-table" data-testid="audit" aria-busy={audit.isFetching}>
          <caption className="visually-hidden">
            {t("audit.caption", { page: cursors.length + 1 })}
          </caption>
          <thead>
            <tr>
              <th scope="col">{t("audit.time")}</th>
              <th scope="col">{t("audit.actor")}</th>
              <th scope="col">{t("audit.action")}</th>
              <th scope="col">{t("audit.record")}</th>
              <th scope="col">{t("audit.fields")}</th>
              <th scope="col">{t("audit.detail")}</th>
              <th scope="col">{t("audit.ip")}</th>
            </tr>
          </thead>
          <tbody>
            {items.length === 0 && (
              <tr>
                <td colSpan={7} className="muted" data-testid="audit-empty">
                  {t("audit.empty")}
                </td>
              </tr>
            )}
            {items.map((entry) => (
              <AuditRow key={entry.id} entry={entry} />
            ))}
          </tbody>
        </table>
      </ScrollRegion>
      {(cursors.length > 0 || audit.data.nextCursor) && (
        <CursorPager
          cursors={cursors}
          setCursors={setCursors}
          nextCursor={audit.data.nextCursor}
          busy={audit.isFetching}
          nextDisabled={audit.isPlaceholderData}
          pageTestId="audit-page"
        />
      )}
    </>
  );
}

const KIND_BADGE = { staff: "badge-good", portal: "badge-warn", system: "" } as const;

function AuditRow({ entry }: { entry: AuditEntry }) {
  const { t } = useTranslation();
  const format = useFormatContext();
  const actionLabel = useActionLabel();
  const record =
    entry.module && entry.recordId
      ? `/admin/records/${encodeURIComponent(entry.module)}/${encodeURIComponent(entry.recordId)}`
      : undefined;
  return (
    <tr data-testid="audit-entry">
      <td>
        <time dateTime={entry.at}>{formatDateTime(entry.at, format)}</time>
      </td>
      <td>
        <span className={`badge ${KIND_BADGE[entry.actor.kind]}`}>
          {t(`audit.kind.${entry.actor.kind}`)}
        </span>{" "}
        {entry.actor.name || entry.actor.id}
      </td>
      <td>{actionLabel(entry.action)}</td>
      <td>
        {record ? (
          <Link to={record}>
            {entry.module} {entry.recordId}
          </Link>
        ) : (
          (entry.recordId ?? "")
        )}
      </td>
      <td>{entry.fields?.join(", ")}</td>
      <td>{entry.detail}</td>
      <td>{entry.ip}</td>
    </tr>
  );
}
