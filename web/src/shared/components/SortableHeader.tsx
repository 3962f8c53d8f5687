import type { ColumnSortState } from "../lib/listSort";

interface Props {
  label: string;
  /** The list's order by this column, if it is sorted by it. */
  state: ColumnSortState;
  /** Sorts by the column; absent: the column cannot order the list (a plain heading). */
  onSort?: (() => void) | undefined;
  className?: string | undefined;
}

/**
 * A table's column heading that sorts the list: a button (reached and pressed with the
 * keyboard like any other) inside the header cell, whose aria-sort tells assistive technology
 * the current order; the arrow repeats it for the eye.
 */
export function SortableHeader({ label, state, onSort, className }: Props) {
  if (!onSort) {
    return (
      <th scope="col" className={className}>
        {label}
      </th>
    );
  }
  return (
    <th scope="col" className={className} aria-sort={state}>
      {/* The arrow is drawn by CSS (with no alternative text), so the heading's text and its
          button's name stay its label. */}
      <button type="button" className="sort-header" data-sort={state ?? "none"} onClick={onSort}>
        {label}
      </button>
    </th>
  );
}
