import { describe, expect, it } from "vitest";
import { usagePeriod } from "./usagePeriod";

describe("usagePeriod", () => {
  // 23:30 in São Paulo is already the next day in UTC, the API's calendar.
  const now = new Date("2026-03-02T02:30:00Z");
  const cases = [
    {
      name: "by default the last 30 days up to today (UTC), by day",
      search: "",
      want: { from: "2026-02-01", to: "2026-03-02", interval: "day" },
    },
    {
      name: "30 days before a given last day",
      search: "to=2026-01-10&interval=week",
      want: { from: "2025-12-12", to: "2026-01-10", interval: "week" },
    },
    {
      name: "cleared fields as missing ones",
      search: "from=&to=&interval=",
      want: { from: "2026-02-01", to: "2026-03-02", interval: "day" },
    },
    {
      name: "a given period as given, for the API to judge",
      search: "from=2026-05-01&to=2026-04-01&interval=month",
      want: { from: "2026-05-01", to: "2026-04-01", interval: "day" },
    },
    {
      name: "a malformed last day and no first day: both as given",
      search: "to=yesterday",
      want: { from: "yesterday", to: "yesterday", interval: "day" },
    },
  ];
  for (const { name, search, want } of cases) {
    it(name, () => {
      const got = usagePeriod(new URLSearchParams(search), now);
      expect(got).toEqual(want);
    });
  }
});
