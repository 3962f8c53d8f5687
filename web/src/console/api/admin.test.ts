import { describe, expect, it } from "vitest";
import { contact, mockApi } from "../../test/console";
import { jsonResponse } from "../../test/utils";
import { fetchRecords } from "./admin";

describe("fetchRecords", () => {
  it("tops up a short filtered page with the next ones, asking only for what is missing", async () => {
    const seen: URL[] = [];
    mockApi({
      "GET /api/admin/records/Contacts": (_request, url) => {
        seen.push(url);
        switch (url.searchParams.get("cursor")) {
          case null:
            return jsonResponse({ items: [], nextCursor: "b" });
          case "b":
            return jsonResponse({ items: [contact(1), contact(2)], nextCursor: "c" });
          default:
            return jsonResponse({ items: [contact(3), contact(4)], nextCursor: "d" });
        }
      },
    });

    const page = await fetchRecords("Contacts", {
      limit: 4,
      sort: "Last_Name",
      filters: { "filter.Last_Name.contains": "silva" },
    });

    expect(page.items.map((record) => record.id)).toEqual(["c1", "c2", "c3", "c4"]);
    expect(page.nextCursor).toBe("d");
    expect(seen.map((url) => url.searchParams.get("limit"))).toEqual(["4", "4", "2"]);
    for (const url of seen) {
      expect(url.searchParams.get("filter.Last_Name.contains")).toBe("silva");
      expect(url.searchParams.get("sort")).toBe("Last_Name");
    }
  });

  it("stops after a few requests and keeps the cursor to go on", async () => {
    let calls = 0;
    mockApi({
      "GET /api/admin/records/Contacts": () => {
        calls++;
        return jsonResponse({ items: [], nextCursor: `n${String(calls)}` });
      },
    });

    const page = await fetchRecords("Contacts", { limit: 25 });

    expect(calls).toBe(5);
    expect(page).toEqual({ items: [], nextCursor: "n5" });
  });
});
