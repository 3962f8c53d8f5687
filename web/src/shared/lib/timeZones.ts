/**
 * Time zones as a person picks them: "(UTC−03:00) Sao Paulo — America/Sao_Paulo", sorted by
 * their offset now (then by name), and found by any part of that text.
 */
export interface TimeZoneOption {
  /** The IANA name, the value stored. */
  zone: string;
  /** Minutes east of UTC now (NaN when the browser does not know the zone). */
  offset: number;
  /** "(UTC−03:00) Sao Paulo — America/Sao_Paulo". */
  label: string;
}

/** "+05:30" / "−03:00" (a true minus sign) for minutes east of UTC. */
export function formatOffset(minutes: number): string {
  const sign = minutes < 0 ? "\u2212" : "+";
  const abs = Math.abs(minutes);
  const hours = String(Math.floor(abs / 60)).padStart(2, "0");
  const rest = String(abs % 60).padStart(2, "0");
  return `${sign}${hours}:${rest}`;
}

/** Minutes east of UTC of zone at the instant at, or NaN for a zone the browser does not know. */
export function zoneOffset(zone: string, at: Date): number {
  let name: string | undefined;
  try {
    name = new Intl.DateTimeFormat("en-US", { timeZone: zone, timeZoneName: "longOffset" })
      .formatToParts(at)
      .find((part) => part.type === "timeZoneName")?.value;
  } catch {
    return Number.NaN;
  }
  // "GMT" for UTC itself, else "GMT-03:00" / "GMT+05:30".
  const match = /^GMT(?:([+-\u2212])(\d{1,2})(?::?(\d{2}))?)?$/.exec(name ?? "");
  if (!match) return Number.NaN;
  if (!match[1]) return 0;
  const minutes = Number(match[2]) * 60 + Number(match[3] ?? "0");
  return match[1] === "+" ? minutes : -minutes;
}

/** The place a zone names, as a person reads it: "America/Argentina/Buenos_Aires" → "Buenos Aires". */
export function zoneCity(zone: string): string {
  const last = zone.split("/").pop() ?? zone;
  return last.replaceAll("_", " ");
}

/** The options of zones at the instant at, sorted by offset (unknown zones last), then by name. */
export function timeZoneChoices(zones: readonly string[], at: Date = new Date()): TimeZoneOption[] {
  return zones
    .map((zone) => {
      const offset = zoneOffset(zone, at);
      const utc = Number.isNaN(offset) ? "UTC" : `UTC${formatOffset(offset)}`;
      const city = zoneCity(zone);
      const label = city === zone ? `(${utc}) ${zone}` : `(${utc}) ${city} — ${zone}`;
      return { zone, offset, label };
    })
    .sort((a, b) => {
      const ao = Number.isNaN(a.offset) ? Infinity : a.offset;
      const bo = Number.isNaN(b.offset) ? Infinity : b.offset;
      return ao === bo ? a.zone.localeCompare(b.zone) : ao - bo;
    });
}

/** Text folded for a search: lower case, without accents, "_" as a space, − as -. */
function fold(text: string): string {
  return text
    .normalize("NFD")
    .replace(/\p{Diacritic}/gu, "")
    .replaceAll("_", " ")
    .replaceAll("\u2212", "-")
    .toLowerCase();
}

/**
 * The options whose label holds every word of query ("sao paulo", "são", "-03", "utc+05:30",
 * "tokyo"), ignoring case and accents; all of them for an empty query.
 */
export function filterTimeZones(options: readonly TimeZoneOption[], query: string): TimeZoneOption[] {
  const words = fold(query).split(/\s+/).filter(Boolean);
  if (words.length === 0) return [...options];
  return options.filter((option) => {
    const text = fold(option.label);
    return words.every((word) => text.includes(word));
  });
}
