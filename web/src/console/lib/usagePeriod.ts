import type { UsageInterval, UsageQuery } from "../api/usage";

const DAY_MS = 24 * 60 * 60 * 1000;

/** The day of `date` in UTC as YYYY-MM-DD, the API's calendar. */
export function utcDay(date: Date): string {
  return date.toISOString().slice(0, 10);
}

/**
 * The period an address asks for (`from`, `to`, `interval`), the missing parts by default:
 * the last 30 days up to today (UTC), by day. Dates pass as given (the API names a bad one);
 * an interval other than week reads as day, the only two the picker offers.
 */
export function usagePeriod(search: URLSearchParams, now: Date): UsageQuery {
  // An empty value (a cleared date field) asks for the default as a missing one does.
  const given = (name: string) => {
    const value = search.get(name);
    return value === null || value === "" ? undefined : value;
  };
  const to = given("to") ?? utcDay(now);
  const end = Date.parse(`${to}T00:00:00Z`);
  const from =
    given("from") ?? (Number.isNaN(end) ? to : utcDay(new Date(end - 29 * DAY_MS)));
  const interval: UsageInterval = search.get("interval") === "week" ? "week" : "day";
  return { from, to, interval };
}
