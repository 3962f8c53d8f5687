import type { MyField, MyTab } from "../../shared/api/client";

/** How a filterable field is filtered: equals a choice, contains a text, or lies in a range. */
export type FilterKind = "choice" | "contains" | "range";

export interface FilterControl {
  field: MyField;
  kind: FilterKind;
}

const CONTAINS = new Set(["text", "textarea", "email", "phone", "url"]);
const RANGE = new Set(["number", "currency", "percent", "date", "datetime"]);
const CHOICE = new Set(["picklist", "multipicklist", "boolean"]);

export function filterKind(type: string): FilterKind | undefined {
  if (CHOICE.has(type)) return "choice";
  if (CONTAINS.has(type)) return "contains";
  if (RANGE.has(type)) return "range";
  return undefined;
}

/** The filter controls of a tab: its filterable fields the portal knows how to filter. */
export function filterControls(tab: MyTab): FilterControl[] {
  const fields = new Map(tab.fields.map((field) => [field.apiName, field]));
  return tab.filterable.flatMap((apiName) => {
    const field = fields.get(apiName);
    const kind = field ? filterKind(field.type) : undefined;
    return field && kind ? [{ field, kind }] : [];
  });
}

/** The address query parameters (and API parameters) of a control. */
export function filterParams(control: FilterControl): string[] {
  const base = `filter.${control.field.apiName}`;
  switch (control.kind) {
    case "choice":
      return [base];
    case "contains":
      return [`${base}.contains`];
    case "range":
      return [`${base}.gte`, `${base}.lte`];
  }
}

/** A datetime-local value as an RFC 3339 instant; other values as they are. */
function apiValue(field: MyField, value: string): string {
  if (field.type !== "datetime") return value;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? value : date.toISOString();
}

/**
 * The list request's `filter.*` parameters from the page address: only the
 * parameters of the tab's filterable fields (any other is a 400), non-empty,
 * with datetime bounds as instants.
 */
export function filtersFromSearch(tab: MyTab, search: URLSearchParams): Record<string, string> {
  const filters: Record<string, string> = {};
  for (const control of filterControls(tab)) {
    for (const name of filterParams(control)) {
      const value = search.get(name)?.trim();
      if (value) filters[name] = apiValue(control.field, value);
    }
  }
  return filters;
}

/**
 * The list's order in the address: "newest" (no `sort`), "oldest" (`sort=oldest`), or by a
 * column, the API's own `Field` (ascending) or `-Field` (descending).
 */
export type SortOrder = string;

const COLUMN_SORT = /^-?[A-Za-z][A-Za-z0-9_]*$/;

/** The sort in the address (`sort=oldest`, `sort=Grand_Total`, `sort=-Grand_Total`); newest first otherwise. */
export function sortFromSearch(search: URLSearchParams): SortOrder {
  const sort = search.get("sort") ?? "";
  if (sort === "oldest") return "oldest";
  return COLUMN_SORT.test(sort) ? sort : "newest";
}

/** The API's sort parameter: absent for the default (newest first). */
export function apiSort(order: SortOrder): string | undefined {
  if (order === "newest") return undefined;
  return order === "oldest" ? "Modified_Time" : order;
}

/** The address query with `order` as the sort, at its first page (a cursor belongs to its order). */
export function withSort(search: URLSearchParams, order: SortOrder): URLSearchParams {
  const next = firstPage(search);
  if (order === "newest") next.delete("sort");
  else next.set("sort", order);
  return next;
}

/**
 * The address query with `values` as the filters (empty ones dropped), keeping the sort. New
 * filters start again at the first page: a cursor belongs to the query that gave it.
 */
export function withFilters(
  search: URLSearchParams,
  values: Record<string, string>,
): URLSearchParams {
  const next = new URLSearchParams();
  for (const [name, value] of firstPage(search)) {
    if (!name.startsWith("filter.")) next.append(name, value);
  }
  for (const [name, value] of Object.entries(values)) {
    if (value.trim()) next.set(name, value.trim());
  }
  return next;
}

/**
 * The cursors of the pages before the current one, as the address keeps them
 * (`?page=3&cursor=a&cursor=b`: page 3 was reached through a and b), so a reload or Back
 * shows the same page. `page` is there for people to read; the chain is what counts.
 */
export function cursorsFromSearch(search: URLSearchParams): string[] {
  return search.getAll("cursor").filter((cursor) => cursor !== "");
}

/** The address query showing the page after the cursor chain `cursors` (none: the first page). */
export function withCursors(search: URLSearchParams, cursors: readonly string[]): URLSearchParams {
  const next = firstPage(search);
  for (const cursor of cursors) next.append("cursor", cursor);
  if (cursors.length > 0) next.set("page", String(cursors.length + 1));
  return next;
}

/** The address query without its page: the first page of the same filters and sort. */
export function firstPage(search: URLSearchParams): URLSearchParams {
  const next = new URLSearchParams(search);
  next.delete("cursor");
  next.delete("page");
  return next;
}
