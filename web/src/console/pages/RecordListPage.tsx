import { Fragment, useId, useState } from "react";
import { CursorPager } from "../../shared/components/CursorPager";
import { useTranslation } from "react-i18next";
import { Link, useNavigate, useParams, useSearchParams } from "react-router";
import { useModule, useRecords } from "../api/admin";
import type { Field, Module } from "../../shared/api/client";
import { Loading, ProblemNotice } from "../components/ProblemNotice";
import {
  BulkInviteDialog,
  type InviteTarget,
} from "../components/portalSetup/BulkInviteDialog";
import { useFormatContext, useLanguage, useSession } from "../session";
import { formatDateTime, formatFieldValue } from "../../shared/lib/format";
import { INVITABLE_MODULES } from "../lib/portalUsers";
import { isInviteModule } from "../api/portalUsersBulk";
import {
  fieldLabel,
  layoutFields,
  moduleLabel,
  moduleSingularLabel,
  optionLabel,
} from "../../shared/lib/labels";
import "../../shared/styles/filters.css";
import { SortableHeader } from "../../shared/components/SortableHeader";
import { columnSortState, nextColumnSort } from "../../shared/lib/listSort";

const PAGE_SIZE = 25;
const COLUMN_COUNT = 5;
const DEFAULT_SORT = "-Modified_Time";
const TEXT_FILTER_TYPES = new Set<Field["type"]>(["text", "textarea", "email", "phone", "url"]);

type Operator = "contains" | "equals";

function filterable(field: Field): boolean {
  return TEXT_FILTER_TYPES.has(field.type) || field.type === "picklist";
}

/** The `filter.*` query parameter for a field, condition and value. */
function filterParam(field: string, operator: Operator): string {
  return operator === "contains" ? `filter.${field}.contains` : `filter.${field}`;
}

export function RecordListPage() {
  const { module = "" } = useParams();
  const { t } = useTranslation();
  const moduleQuery = useModule(module);

  if (moduleQuery.error) return <ProblemNotice error={moduleQuery.error} />;
  if (!moduleQuery.data) return <Loading label={t("console.loading")} />;
  return <RecordList module={moduleQuery.data} />;
}

function RecordList({ module }: { module: Module }) {
  const { t } = useTranslation();
  const language = useLanguage();
  const [params, setParams] = useSearchParams();
  const sort = params.get("sort") ?? DEFAULT_SORT;
  const filterField = params.get("filter") ?? "";
  const operator: Operator = params.get("op") === "equals" ? "equals" : "contains";
  const filterValue = params.get("value") ?? "";
  const filters: Record<string, string> =
    filterField && filterValue ? { [filterParam(filterField, operator)]: filterValue } : {};
  const label = moduleLabel(module, language);
  const base = `/admin/records/${encodeURIComponent(module.apiName)}`;
  const session = useSession();

  const update = (changes: Record<string, string | undefined>) => {
    const next = new URLSearchParams(params);
    for (const [key, value] of Object.entries(changes)) {
      if (value) next.set(key, value);
      else next.delete(key);
    }
    setParams(next);
  };

  return (
    <>
      <div className="page-header">
        <h1>{label}</h1>
        <div className="page-actions">
          <Link className="button primary" to={`${base}/new`}>
            {t("records.new", { name: moduleSingularLabel(module, language) })}
          </Link>
          <Link className="button" to={`/admin/import/${encodeURIComponent(module.apiName)}`}>
            {t("records.import")}
          </Link>
          {session.user.role === "admin" && (
            <Link className="button" to={`/admin/sortable/${encodeURIComponent(module.apiName)}`}>
              {t("records.sortableLink")}
            </Link>
          )}
        </div>
      </div>
      <div className="toolbar">
        <SortSelect
          module={module}
          value={sort}
          onChange={(value) => {
            update({ sort: value === DEFAULT_SORT ? undefined : value });
          }}
        />
        <FilterForm
          key={`${filterField}|${operator}|${filterValue}`}
          module={module}
          field={filterField}
          operator={operator}
          value={filterValue}
          onApply={(field, op, value) => {
            update({ filter: field, op, value });
          }}
        />
      </div>
      {/* A new sort or filter starts again at the first page. */}
      <RecordPages
        key={`${sort}|${JSON.stringify(filters)}`}
        module={module}
        sort={sort}
        onSort={(value) => {
          update({ sort: value === DEFAULT_SORT ? undefined : value });
        }}
        filters={filters}
        label={label}
        base={base}
      />
    </>
  );
}

/** Whether the list sorts by name, a field an admin marked sortable whose index is ready. */
function sortReady(module: Module, name: string): boolean {
  return (module.sortable ?? []).some((s) => s.field === name && s.state === "ready");
}

/** The fields of the module's ready sort indexes, in the order they were marked. */
function readySorts(module: Module): Field[] {
  return (module.sortable ?? [])
    .filter((s) => s.state === "ready")
    .flatMap((s) => module.fields.filter((f) => f.apiName === s.field));
}

function SortSelect({
  module,
  value,
  onChange,
}: {
  module: Module;
  value: string;
  onChange: (value: string) => void;
}) {
  const { t } = useTranslation();
  const language = useLanguage();
  const id = useId();
  const nameField = module.fields.find((field) => field.apiName === module.nameField);
  const nameLabel = nameField ? fieldLabel(nameField, language) : module.nameField;

  return (
    <div className="inline-field">
      <label htmlFor={id}>{t("records.sortLabel")}</label>
      <select
        id={id}
        value={value}
        onChange={(event) => {
          onChange(event.target.value);
        }}
      >
        <option value="-Modified_Time">{t("records.sort.modifiedDesc")}</option>
        <option value="Modified_Time">{t("records.sort.modifiedAsc")}</option>
        <option value={module.nameField}>{t("records.sort.nameAsc", { field: nameLabel })}</option>
        <option value={`-${module.nameField}`}>
          {t("records.sort.nameDesc", { field: nameLabel })}
        </option>
        {readySorts(module).map((field) => (
          <Fragment key={field.apiName}>
            <option value={field.apiName}>
              {t("records.sort.fieldAsc", { field: fieldLabel(field, language) })}
            </option>
            <option value={`-${field.apiName}`}>
              {t("records.sort.fieldDesc", { field: fieldLabel(field, language) })}
            </option>
          </Fragment>
        ))}
      </select>
    </div>
  );
}

interface FilterFormProps {
  module: Module;
  field: string;
  operator: Operator;
  value: string;
  onApply: (field: string | undefined, operator: Operator | undefined, value?: string) => void;
}

function FilterForm({ module, field, operator, value, onApply }: FilterFormProps) {
  const { t } = useTranslation();
  const language = useLanguage();
  const id = useId();
  const [draftField, setDraftField] = useState(field);
  const [draftOperator, setDraftOperator] = useState<Operator>(operator);
  const [draftValue, setDraftValue] = useState(value);
  const fields = module.fields.filter(filterable);
  const chosen = fields.find((candidate) => candidate.apiName === draftField);
  const picklist = chosen?.type === "picklist";
  const effectiveOperator: Operator = picklist ? "equals" : draftOperator;

  const submit = (event: { preventDefault: () => void }) => {
    event.preventDefault();
    if (draftField && draftValue.trim()) onApply(draftField, effectiveOperator, draftValue.trim());
    else onApply(undefined, undefined, undefined);
  };

  return (
    <form className="filter-form" onSubmit={submit} role="search">
      <fieldset>
        <legend>{t("records.filter.legend")}</legend>
        <div className="inline-field">
          <label htmlFor={`${id}-field`}>{t("records.filter.field")}</label>
          <select
            id={`${id}-field`}
            value={draftField}
            onChange={(event) => {
              setDraftField(event.target.value);
              setDraftValue("");
            }}
          >
            <option value="">{t("records.filter.any")}</option>
            {fields.map((candidate) => (
              <option key={candidate.apiName} value={candidate.apiName}>
                {fieldLabel(candidate, language)}
              </option>
            ))}
          </select>
        </div>
        <div className="inline-field">
          <label htmlFor={`${id}-op`}>{t("records.filter.operator")}</label>
          <select
            id={`${id}-op`}
            value={effectiveOperator}
            disabled={picklist}
            onChange={(event) => {
              setDraftOperator(event.target.value === "equals" ? "equals" : "contains");
            }}
          >
            {!picklist && <option value="contains">{t("records.filter.contains")}</option>}
            <option value="equals">{t("records.filter.equals")}</option>
          </select>
        </div>
        <div className="inline-field">
          <label htmlFor={`${id}-value`}>{t("records.filter.value")}</label>
          {picklist ? (
            <select
              id={`${id}-value`}
              value={draftValue}
              onChange={(event) => {
                setDraftValue(event.target.value);
              }}
            >
              <option value="">{t("records.filter.any")}</option>
              {chosen.options?.map((option) => (
                <option key={option.value} value={option.value}>
                  {optionLabel(chosen, option.value, language)}
                </option>
              ))}
            </select>
          ) : (
            <input
              id={`${id}-value`}
              type="search"
              value={draftValue}
              disabled={!draftField}
              onChange={(event) => {
                setDraftValue(event.target.value);
              }}
            />
          )}
        </div>
        <button type="submit">{t("records.filter.apply")}</button>
        {field && (
          <button
            type="button"
            onClick={() => {
              onApply(undefined, undefined, undefined);
            }}
          >
            {t("records.filter.clear")}
          </button>
        )}
      </fieldset>
    </form>
  );
}

interface RecordPagesProps {
  module: Module;
  sort: string;
  /** Sorts the list (the API's sort parameter), from a column's heading. */
  onSort: (sort: string) => void;
  filters: Record<string, string>;
  label: string;
  base: string;
}

/** One page of records with Previous/Next; earlier pages' cursors are kept on a stack. */
function RecordPages({ module, sort, onSort, filters, label, base }: RecordPagesProps) {
  const { t } = useTranslation();
  const language = useLanguage();
  const format = useFormatContext();
  const navigate = useNavigate();
  // cursors[i] is the cursor of page i + 2; the first page has none.
  const [cursors, setCursors] = useState<string[]>([]);
  const cursor = cursors.at(-1);
  const invitable = INVITABLE_MODULES.includes(module.apiName);
  const [selected, setSelected] = useState<ReadonlySet<string>>(new Set());
  const [inviting, setInviting] = useState<InviteTarget[] | undefined>(undefined);
  const records = useRecords(module.apiName, {
    limit: PAGE_SIZE,
    sort,
    filters,
    ...(cursor ? { cursor } : {}),
  });
  const page = cursors.length + 1;
  const firstColumns = layoutFields(module)
    .filter((field) => field.type !== "lineitems" && field.type !== "textarea")
    .slice(0, COLUMN_COUNT);
  // A field marked sortable gets its column (and sorting heading) even past the first ones.
  const columns = [
    ...firstColumns,
    ...readySorts(module).filter((f) => !firstColumns.some((c) => c.apiName === f.apiName)),
  ];
  const words = { yes: t("common.yes"), no: t("common.no") };

  if (records.error) {
    return <ProblemNotice error={records.error} onRetry={() => void records.refetch()} />;
  }
  if (!records.data) return <Loading label={t("records.loading")} />;
  const data = records.data;
  const nameOf = (record: (typeof data.items)[number]) => {
    const first = columns[0];
    const text = first ? formatFieldValue(first, record.fields[first.apiName], format, words) : "";
    return text || t("records.untitled");
  };
  const chosen = data.items.filter((record) => selected.has(record.id));
  const allChosen = data.items.length > 0 && chosen.length === data.items.length;

  return (
    <>
      {invitable && (
        <div className="toolbar" data-testid="record-bulk-bar">
          <span className="muted">{t("invite.selected", { count: chosen.length })}</span>
          <button
            type="button"
            disabled={chosen.length === 0}
            onClick={() => {
              setInviting(chosen.map((record) => ({ id: record.id, name: nameOf(record) })));
            }}
          >
            {t("invite.bulkButton")}
          </button>
        </div>
      )}
      {inviting && isInviteModule(module.apiName) && (
        <BulkInviteDialog
          module={module.apiName}
          targets={inviting}
          onClose={(sent) => {
            setInviting(undefined);
            if (sent) setSelected(new Set());
          }}
        />
      )}
      {data.items.length === 0 ? (
        <p className="muted">{t("records.empty")}</p>
      ) : (
        <div className="table-scroll">
          <table className="records" aria-busy={records.isFetching}>
            <caption>{t("records.tableCaption", { name: label, page })}</caption>
            <thead>
              <tr>
                {invitable && (
                  <th scope="col">
                    <input
                      type="checkbox"
                      aria-label={t("invite.selectAll")}
                      checked={allChosen}
                      onChange={(event) => {
                        setSelected(
                          event.target.checked
                            ? new Set(data.items.map((record) => record.id))
                            : new Set(),
                        );
                      }}
                    />
                  </th>
                )}
                {/* The staff list sorts by the indexed orders only: the name field, the
                    modification time and the fields an admin marked sortable (when ready). */}
                {columns.map((field) => (
                  <SortableHeader
                    key={field.apiName}
                    label={fieldLabel(field, language)}
                    state={columnSortState(sort, field.apiName)}
                    onSort={
                      field.apiName === module.nameField || sortReady(module, field.apiName)
                        ? () => {
                            onSort(nextColumnSort(sort, field.apiName));
                          }
                        : undefined
                    }
                  />
                ))}
                <SortableHeader
                  label={t("records.modified")}
                  state={columnSortState(sort, "Modified_Time")}
                  onSort={() => {
                    // Newest first is the default; the first click on it turns to oldest first.
                    onSort(sort === "-Modified_Time" ? "Modified_Time" : "-Modified_Time");
                  }}
                />
              </tr>
            </thead>
            <tbody>
              {data.items.map((record) => {
                const href = `${base}/${encodeURIComponent(record.id)}`;
                return (
                  <tr
                    key={record.id}
                    className="clickable"
                    onClick={(event) => {
                      if ((event.target as HTMLElement).closest("a, input, label")) return;
                      void navigate(href);
                    }}
                  >
                    {invitable && (
                      <td>
                        <input
                          type="checkbox"
                          aria-label={t("invite.selectRecord", { name: nameOf(record) })}
                          checked={selected.has(record.id)}
                          onChange={(event) => {
                            const on = event.target.checked;
                            setSelected((current) => {
                              const next = new Set(current);
                              if (on) next.add(record.id);
                              else next.delete(record.id);
                              return next;
                            });
                          }}
                        />
                      </td>
                    )}
                    {columns.map((field, index) => {
                      const text = formatFieldValue(
                        field,
                        record.fields[field.apiName],
                        format,
                        words,
                      );
                      return index === 0 ? (
                        <th key={field.apiName} scope="row">
                          <Link to={href}>{text || t("records.untitled")}</Link>
                        </th>
                      ) : (
                        <td key={field.apiName}>{text}</td>
                      );
                    })}
                    <td>
                      <time dateTime={record.modifiedAt}>
                        {formatDateTime(record.modifiedAt, format)}
                      </time>
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
      <CursorPager
          cursors={cursors}
          setCursors={(change) => {
            setSelected(new Set());
            setCursors(change);
          }}
          nextCursor={data.nextCursor}
          busy={records.isFetching}
          nextDisabled={records.isPlaceholderData}
          pageTestId="page-number"
        />
    </>
  );
}
