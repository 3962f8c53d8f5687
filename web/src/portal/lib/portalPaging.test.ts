import { describe, expect, it } from "vitest";
import { cursorsFromSearch, firstPage, withCursors, withFilters } from "./portalFilters";

describe("page in the address", () => {
  it.each([
    ["first page: no cursors", "sort=oldest", []],
    ["page 3 through two cursors", "page=3&cursor=a&cursor=b", ["a", "b"]],
    ["empty cursors ignored", "cursor=&cursor=b", ["b"]],
    ["page without cursors is the first", "page=4", []],
  ])("%s", (_name, query, want) => {
    const got = cursorsFromSearch(new URLSearchParams(query));
    expect(got).toEqual(want);
  });

  it.each([
    ["next page keeps filters and sort", "sort=oldest&filter.Priority=High", ["a"], "sort=oldest&filter.Priority=High&cursor=a&page=2"],
    ["back to the first page drops the page", "page=2&cursor=a&sort=oldest", [], "sort=oldest"],
    ["a deeper page replaces the chain", "page=2&cursor=a", ["a", "b"], "cursor=a&cursor=b&page=3"],
  ])("%s", (_name, query, cursors, want) => {
    const got = withCursors(new URLSearchParams(query), cursors).toString();
    expect(got).toBe(want);
  });

  it.each([
    ["new filters start at the first page", "page=2&cursor=a&sort=oldest", "sort=oldest&filter.Subject.contains=fire"],
    ["no page: as before", "sort=oldest", "sort=oldest&filter.Subject.contains=fire"],
  ])("%s", (_name, query, want) => {
    const got = withFilters(new URLSearchParams(query), { "filter.Subject.contains": "fire" }).toString();
    expect(got).toBe(want);
  });

  it("firstPage keeps everything but the page", () => {
    const got = firstPage(new URLSearchParams("sort=oldest&page=2&cursor=a&filter.X=1")).toString();
    expect(got).toBe("sort=oldest&filter.X=1");
  });
});
