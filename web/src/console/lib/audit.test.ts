import { describe, expect, it } from "vitest";
import { auditCsvHref, auditQuery } from "./audit";

describe("audit filters", () => {
  it("sends the non-empty filters with the times as instants, and exports the same as CSV", () => {
    const query = auditQuery(
      new URLSearchParams("userId=pu1&recordId=&action=record_update&from=2026-11-01T00:00&to=junk"),
    );
    expect(query).toEqual({
      userId: "pu1",
      action: "record_update",
      from: new Date("2026-11-01T00:00").toISOString(),
    });
    const href = new URL(auditCsvHref({ ...query, cursor: "c2" }), "https://x.example");
    expect(href.pathname).toBe("/api/admin/audit");
    expect(Object.fromEntries(href.searchParams)).toEqual({
      userId: "pu1",
      action: "record_update",
      from: new Date("2026-11-01T00:00").toISOString(),
      format: "csv",
    });
  });
});
