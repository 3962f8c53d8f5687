import { useId, useState, type SyntheticEvent } from "react";
import { useTranslation } from "react-i18next";
import { useSearchParams } from "react-router";
import type { MyTab } from "../../shared/api/client";
import { distinctChoices, pickLabel } from "../../shared/lib/labels";
import {
  filterControls,
  filterParams,
  sortFromSearch,
  withFilters,
  withSort,
  type FilterControl,
} from "../lib/portalFilters";
import "../../shared/styles/filters.css";

const RANGE_INPUT: Record<string, string> = {
  date: "date",
  datetime: "datetime-local",
};

/**
 * A tab's filters (from its filterable fields, by type) and its sort, kept
 * in the page address: `filter.Status=…`, `filter.Subject.contains=…`,
 * `filter.Amount.gte=…`, `sort=oldest` (or a column's, `sort=-Grand_Total`).
 */
export function FilterBar({ tab, language }: { tab: MyTab; language: string }) {
  const { t } = useTranslation();
  const id = useId();
  const [search, setSearch] = useSearchParams();
  const controls = filterControls(tab);
  const names = controls.flatMap(filterParams);
  const [values, setValues] = useState<Record<string, string>>(() =>
    Object.fromEntries(names.map((name) => [name, search.get(name) ?? ""])),
  );
  const active = names.some((name) => search.get(name));
  // On a phone the filters fold behind a toggle (CSS shows it only there), open when
  // some filter is in use, so the first record is on the first screen.
  const [open, setOpen] = useState(active);
  const sort = sortFromSearch(search);
  // A column's sort (chosen at its heading) shows in the control too, by the field's label.
  const sortField = sort === "newest" || sort === "oldest" ? "" : sort.replace(/^-/, "");
  const columnField = sortField
    ? pickLabel(tab.fields.find((field) => field.apiName === sortField)?.labels, language, sortField)
    : "";

  const setValue = (name: string, value: string) => {
    setValues((current) => ({ ...current, [name]: value }));
  };
  const apply = (event: SyntheticEvent) => {
    event.preventDefault();
    setSearch(withFilters(search, values));
  };
  const clear = () => {
    setValues(Object.fromEntries(names.map((name) => [name, ""])));
    setSearch(withFilters(search, {}));
  };

  const control = ({ field, kind }: FilterControl) => {
    const label = pickLabel(field.labels, language, field.apiName);
    const [first = "", second = ""] = filterParams({ field, kind });
    const inputId = `${id}-${field.apiName}`;
    if (kind === "choice") {
      const options =
        field.type === "boolean"
          ? [
              { value: "true", label: t("common.yes") },
              { value: "false", label: t("common.no") },
            ]
          : distinctChoices(field, language);
      return (
        <div className="form-field" key={field.apiName}>
          <label htmlFor={inputId}>{label}</label>
          <select
            id={inputId}
            value={values[first] ?? ""}
            onChange={(event) => {
              setValue(first, event.target.value);
            }}
          >
            <option value="">{t("portalRecords.filterAny")}</option>
            {options.map((option) => (
              <option key={option.value} value={option.value}>
                {option.label}
              </option>
            ))}
          </select>
        </div>
      );
    }
    if (kind === "contains") {
      return (
        <div className="form-field" key={field.apiName}>
          <label htmlFor={inputId}>{t("portalRecords.filterContains", { field: label })}</label>
          <input
            id={inputId}
            type="search"
            value={values[first] ?? ""}
            onChange={(event) => {
              setValue(first, event.target.value);
            }}
          />
        </div>
      );
    }
    const type = RANGE_INPUT[field.type] ?? "number";
    return (
      <fieldset className="filter-range" key={field.apiName}>
        <legend>{label}</legend>
        <div className="form-field">
          <label htmlFor={`${inputId}-from`}>{t("portalRecords.filterFrom", { field: label })}</label>
          <input
            id={`${inputId}-from`}
            type={type}
            step={type === "number" ? "any" : undefined}
            value={values[first] ?? ""}
            onChange={(event) => {
              setValue(first, event.target.value);
            }}
          />
        </div>
        <div className="form-field">
          <label htmlFor={`${inputId}-to`}>{t("portalRecords.filterTo", { field: label })}</label>
          <input
            id={`${inputId}-to`}
            type={type}
            step={type === "number" ? "any" : undefined}
            value={values[second] ?? ""}
            onChange={(event) => {
              setValue(second, event.target.value);
            }}
          />
        </div>
      </fieldset>
    );
  };

  return (
    <div className={open ? "filter-bar filters-open" : "filter-bar"}>
      {controls.length > 0 && (
        <button
          type="button"
          className="filter-toggle"
          aria-expanded={open}
          aria-controls={`${id}-filters`}
          onClick={() => {
            setOpen((current) => !current);
          }}
        >
          {t("portalRecords.filtersLabel")}
        </button>
      )}
      {controls.length > 0 && (
        <form
          id={`${id}-filters`}
          role="search"
          aria-label={t("portalRecords.filtersLabel")}
          className="filter-form"
          onSubmit={apply}
        >
          <div className="filter-controls">{controls.map(control)}</div>
          <div className="form-actions">
            <button type="submit">{t("portalRecords.applyFilters")}</button>
            <button type="button" onClick={clear} disabled={!active}>
              {t("portalRecords.clearFilters")}
            </button>
          </div>
        </form>
      )}
      <div className="form-field filter-sort">
        <label htmlFor={`${id}-sort`}>{t("portalRecords.sortLabel")}</label>
        <select
          id={`${id}-sort`}
          value={sort}
          onChange={(event) => {
            // Another order starts again at the first page.
            setSearch(withSort(search, event.target.value));
          }}
        >
          <option value="newest">{t("portalRecords.sortNewest")}</option>
          <option value="oldest">{t("portalRecords.sortOldest")}</option>
          {columnField && (
            <option value={sort}>
              {t(
                sort.startsWith("-")
                  ? "portalRecords.columnSort.descending"
                  : "portalRecords.columnSort.ascending",
                { field: columnField },
              )}
            </option>
          )}
        </select>
      </div>
    </div>
  );
}
