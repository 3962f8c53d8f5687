import { CursorPager } from "../../shared/components/CursorPager";
import { useTranslation } from "react-i18next";
import { Link, useNavigate, useParams, useSearchParams } from "react-router";
import { ApiError, type MyField, type MyRecord, type MyTab } from "../../shared/api/client";
import { useMyRecords } from "../api/customer";
import { portalPath, usePortalContext } from "../layouts/portalContext";
import { pickLabel } from "../../shared/lib/labels";
import { formatMyValue, isNumericType } from "../lib/portalFormat";
import { MAX_CARD_FIELDS } from "../../shared/limits.gen";
import { cursorsFromSearch, withCursors, withSort } from "../lib/portalFilters";
import { columnSortState, nextColumnSort, sortableType } from "../../shared/lib/listSort";
import { SortableHeader } from "../../shared/components/SortableHeader";
import { recordTitle } from "../../shared/lib/recordTitle";
import "./TabRecords.css";


interface Props {
  tab: MyTab;
  fields: Map<string, MyField>;
  language: string;
  /** `filter.*` parameters of the request. */
  filters?: Record<string, string>;
  /** The API's sort parameter; absent for newest first. */
  sort?: string | undefined;
}

/**
 * One tab's records, as a table (list) or as cards (canvas), with Previous/Next paging. The
 * page lives in the address (?page=2&cursor=…), so a reload, a shared link and Back show it.
 */
export function TabRecords({ tab, fields, language, filters, sort }: Props) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const { slug = "" } = useParams();
  // Cursors of the pages before the current one; the last is the current page's.
  const [search, setSearch] = useSearchParams();
  const cursors = cursorsFromSearch(search);
  const setCursors = (update: (stack: string[]) => string[]) => {
    // Each page is a history entry: Back returns to the one before.
    setSearch(withCursors(search, update(cursors)));
  };
  const cursor = cursors.at(-1);
  const filtered = filters !== undefined && Object.keys(filters).length > 0;
  const records = useMyRecords(
    tab.module,
    {
      ...(cursor ? { cursor } : {}),
      ...(sort ? { sort } : {}),
      ...(filtered ? { filters } : {}),
    },
    language,
  );
  const ctx = usePortalContext().format;
  const words = { yes: t("common.yes"), no: t("common.no") };
  const label = (apiName: string) => {
    const field = fields.get(apiName);
    return field ? pickLabel(field.labels, language, apiName) : apiName;
  };
  const value = (record: MyRecord, apiName: string) =>
    formatMyValue(fields.get(apiName), (record.fields as Record<string, unknown>)[apiName], ctx, words);
  const hrefOf = (record: MyRecord) =>
    portalPath(slug, `${encodeURIComponent(tab.module)}/${encodeURIComponent(record.id)}`);
  const moduleName = pickLabel(tab.labels, language, tab.module);
  const page = cursors.length + 1;

  if (records.error) {
    const notFound = records.error instanceof ApiError && records.error.status === 404;
    const sortRefused =
      records.error instanceof ApiError &&
      records.error.status === 400 &&
      (records.error.problem?.errors ?? []).some((e) => e.field === "sort");
    if (sortRefused) {
      // A sort the scope is too large for (or one the type no longer shows): the sort
      // control above the list still changes it.
      return (
        <p role="alert" className="notice notice-warn" data-testid="portal-sort-refused">
          {t("portalRecords.columnSort.refused")}
        </p>
      );
    }
    return (
      <p role="alert" className={`notice ${notFound ? "notice-warn" : "notice-error"}`}>
        {notFound ? t("portal.tabNotFound") : t("problem.heading")}
      </p>
    );
  }
  if (!records.data) {
    return (
      <p role="status" className="muted">
        {t("portal.recordsLoading")}
      </p>
    );
  }
  const data = records.data;
  const empty = data.items.length === 0 && cursors.length === 0;
  if (empty && tab.display.kind !== "list") {
    return (
      <p className="muted" data-testid="portal-empty">
        {filtered ? t("portalRecords.noMatches") : t("portal.nothingHere")}
      </p>
    );
  }

  const columns = tab.display.columns ?? [];
  const cardFields = (tab.display.cardFields ?? []).slice(0, MAX_CARD_FIELDS);

  return (
    <>
      {tab.display.kind === "list" ? (
        <div className="table-scroll">
          <table className="records" data-testid="portal-columns" aria-busy={records.isFetching}>
            <caption className="visually-hidden">
              {t("portal.recordsCaption", { module: moduleName, page })}
            </caption>
            <thead>
              <tr>
                {columns.map((column) => (
                  <SortableHeader
                    key={column}
                    label={label(column)}
                    state={columnSortState(sort, column)}
                    onSort={
                      sortableType(fields.get(column)?.type)
                        ? () => {
                            setSearch(withSort(search, nextColumnSort(sort, column)));
                          }
                        : undefined
                    }
                    className={isNumericType(fields.get(column)?.type) ? "numeric" : undefined}
                  />
                ))}
              </tr>
            </thead>
            <tbody>
              {empty && (
                <tr>
                  <td
                    colSpan={Math.max(1, columns.length)}
                    className="muted"
                    data-testid="portal-empty"
                  >
                    {filtered ? t("portalRecords.noMatches") : t("portal.nothingHere")}
                  </td>
                </tr>
              )}
              {data.items.map((record) => {
                const href = hrefOf(record);
                return (
                  <tr
                    key={record.id}
                    className="clickable"
                    data-testid="portal-row"
                    onClick={(event) => {
                      if ((event.target as HTMLElement).closest("a")) return;
                      void navigate(href);
                    }}
                  >
                    {columns.map((column, index) => {
                      const text = value(record, column);
                      const numeric = isNumericType(fields.get(column)?.type);
                      return index === 0 ? (
                        <th key={column} scope="row" className={numeric ? "numeric" : undefined}>
                          <Link to={href}>{text || t("records.untitled")}</Link>
                        </th>
                      ) : (
                        <td key={column} className={numeric ? "numeric" : undefined}>
                          {text}
                        </td>
                      );
                    })}
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      ) : (
        <ul className="portal-cards" data-testid="portal-cards" aria-busy={records.isFetching}>
          {data.items.map((record) => {
            const title = recordTitle(
              tab.module,
              tab.display.title,
              record.fields,
              tab.display.title ? value(record, tab.display.title) : "",
            );
            const subtitle = tab.display.subtitle ? value(record, tab.display.subtitle) : "";
            return (
              <li key={record.id}>
                <article className="portal-card" data-testid="portal-card">
                  <h3 className="portal-card-title">
                    <Link to={hrefOf(record)}>{title || t("records.untitled")}</Link>
                  </h3>
                  {subtitle && <p className="portal-card-subtitle">{subtitle}</p>}
                  {cardFields.length > 0 && (
                    <dl className="summary">
                      {cardFields.map((apiName) => (
                        <div key={apiName}>
                          <dt>{label(apiName)}</dt>
                          <dd
                            className={
                              isNumericType(fields.get(apiName)?.type) ? "value-number" : undefined
                            }
                          >
                            {value(record, apiName) || "—"}
                          </dd>
                        </div>
                      ))}
                    </dl>
                  )}
                </article>
              </li>
            );
          })}
        </ul>
      )}
      {/* The whole list's size is known, at no extra read, only when it fits on one page; a
          count across pages would read every record in scope on each view. */}
      {!empty && cursors.length === 0 && !data.nextCursor && (
        <p className="muted" data-testid="portal-total">
          {t("portalPages.total", { count: data.items.length })}
        </p>
      )}
      {(cursors.length > 0 || data.nextCursor) && (
        <CursorPager
          cursors={cursors}
          setCursors={setCursors}
          nextCursor={data.nextCursor}
          busy={records.isFetching}
          nextDisabled={records.isPlaceholderData}
          pageTestId="portal-page"
        />
      )}
    </>
  );
}
