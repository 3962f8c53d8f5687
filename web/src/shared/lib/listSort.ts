/** How a column heading shows the list's order: by it ascending, descending, or not by it. */
export type ColumnSortState = "ascending" | "descending" | undefined;

/** The order the API's `sort` parameter (`Field` or `-Field`) gives the column `field`. */
export function columnSortState(sort: string | undefined, field: string): ColumnSortState {
  if (sort === field) return "ascending";
  if (sort === `-${field}`) return "descending";
  return undefined;
}

/**
 * The `sort` after a click on the column `field`: ascending when the list is not sorted by
 * it or is descending, descending when it is ascending.
 */
export function nextColumnSort(sort: string | undefined, field: string): string {
  return sort === field ? `-${field}` : field;
}

/**
 * Whether a field of `type` can order a list: the API sorts by every type but the ones whose
 * value is a list (multipicklist, line items) or long free text (textarea).
 */
export function sortableType(type: string | undefined): boolean {
  return type !== undefined && !["multipicklist", "lineitems", "textarea"].includes(type);
}
