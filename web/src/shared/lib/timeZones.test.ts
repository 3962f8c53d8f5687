import { describe, expect, it } from "vitest";
import { filterTimeZones, formatOffset, timeZoneChoices, zoneCity, zoneOffset } from "./timeZones";

// A day without daylight saving time in either hemisphere's usual zones here.
const JULY = new Date("2026-07-01T12:00:00Z");
const JANUARY = new Date("2026-01-15T12:00:00Z");

describe("time zone offsets", () => {
  it.each([
    ["America/Sao_Paulo", JULY, -180],
    ["Asia/Kolkata", JULY, 330],
    ["Asia/Tokyo", JANUARY, 540],
    ["Europe/Lisbon", JULY, 60],
    ["Europe/Lisbon", JANUARY, 0],
    ["America/New_York", JULY, -240],
    ["America/New_York", JANUARY, -300],
    ["UTC", JULY, 0],
    ["Mars/Olympus", JULY, Number.NaN],
  ] as const)("%s at %s", (zone, at, want) => {
    expect(zoneOffset(zone, at)).toBe(want);
  });

  it.each([
    [-180, "\u221203:00"],
    [330, "+05:30"],
    [0, "+00:00"],
    [-570, "\u221209:30"],
  ])("%i minutes read %s", (minutes, want) => {
    expect(formatOffset(minutes)).toBe(want);
  });

  it.each([
    ["America/Sao_Paulo", "Sao Paulo"],
    ["America/Argentina/Buenos_Aires", "Buenos Aires"],
    ["UTC", "UTC"],
  ])("%s is %s", (zone, want) => {
    expect(zoneCity(zone)).toBe(want);
  });
});

describe("time zone choices", () => {
  const zones = ["Asia/Tokyo", "UTC", "America/Sao_Paulo", "Asia/Kolkata", "America/Noronha", "Mars/Olympus"];

  it("label each zone with its offset, city and name, sorted by offset, unknown ones last", () => {
    const got = timeZoneChoices(zones, JULY).map((option) => option.label);
    expect(got).toEqual([
      "(UTC\u221203:00) Sao Paulo — America/Sao_Paulo",
      "(UTC\u221202:00) Noronha — America/Noronha",
      "(UTC+00:00) UTC",
      "(UTC+05:30) Kolkata — Asia/Kolkata",
      "(UTC+09:00) Tokyo — Asia/Tokyo",
      "(UTC) Olympus — Mars/Olympus",
    ]);
  });

  const options = timeZoneChoices(zones, JULY);
  it.each([
    ["an empty search lists all", "", zones.length],
    ["a city, any case", "tokyo", 1],
    ["a city with accents as typed", "São Paulo", 1],
    ["words in any order", "paulo sao", 1],
    ["an offset with a hyphen for the minus sign", "-03", 1],
    ["an offset with a plus sign", "+05:30", 1],
    ["a region", "asia", 2],
    ["nothing", "atlantis", 0],
  ])("%s (%s)", (_name, query, want) => {
    expect(filterTimeZones(options, query)).toHaveLength(want);
  });
});
