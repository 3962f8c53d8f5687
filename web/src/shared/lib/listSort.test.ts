import { describe, expect, it } from "vitest";
import { columnSortState, nextColumnSort, sortableType } from "./listSort";

describe("columnSortState", () => {
  it.each([
    { name: "ascending by it", sort: "Grand_Total", want: "ascending" },
    { name: "descending by it", sort: "-Grand_Total", want: "descending" },
    { name: "by another field", sort: "Subject", want: undefined },
    { name: "by a field it prefixes", sort: "Grand_Total_2", want: undefined },
    { name: "no sort", sort: undefined, want: undefined },
  ])("$name", ({ sort, want }) => {
    expect(columnSortState(sort, "Grand_Total")).toBe(want);
  });
});

describe("nextColumnSort", () => {
  it.each([
    { name: "another column starts ascending", sort: "Subject", want: "Grand_Total" },
    { name: "no sort starts ascending", sort: undefined, want: "Grand_Total" },
    { name: "ascending turns descending", sort: "Grand_Total", want: "-Grand_Total" },
    { name: "descending turns ascending", sort: "-Grand_Total", want: "Grand_Total" },
  ])("$name", ({ sort, want }) => {
    expect(nextColumnSort(sort, "Grand_Total")).toBe(want);
  });
});

describe("sortableType", () => {
  it.each([
    { type: "currency", want: true },
    { type: "text", want: true },
    { type: "date", want: true },
    { type: "lookup", want: true },
    { type: "multipicklist", want: false },
    { type: "lineitems", want: false },
    { type: "textarea", want: false },
    { type: undefined, want: false },
  ])("$type: $want", ({ type, want }) => {
    expect(sortableType(type)).toBe(want);
  });
});
