import type { MyField, Preferences } from "../../shared/api/client";
import {
  formatCurrency,
  formatDate,
  formatDateTime,
  formatNumber,
  isLineItem,
  isRef,
  type BooleanWords,
  type FormatContext,
} from "../../shared/lib/format";

/**
 * How the customer portal formats values: in the UI language (which follows
 * the user's saved language), and, with a portal session, in the user's time
 * zone and time format. The organization's country is not known there, so
 * the currency follows the language: reais in Portuguese, US dollars
 * otherwise.
 */
export function portalFormatContext(
  language: string,
  preferences?: Pick<Preferences, "timeZone" | "timeFormat">,
): FormatContext {
  return {
    language,
    currency: language === "pt-BR" ? "BRL" : "USD",
    hour12: preferences ? preferences.timeFormat === "12h" : undefined,
    timeZone: validTimeZone(preferences?.timeZone),
  };
}

/** The zone when the browser knows it; an unknown one would make Intl throw. */
function validTimeZone(zone: string | undefined): string | undefined {
  if (!zone) return undefined;
  try {
    new Intl.DateTimeFormat("en", { timeZone: zone });
    return zone;
  } catch {
    return undefined;
  }
}

/**
 * A portal record's value as display text ("" when empty). Picklist values
 * already come as the customer-facing labels; lookups as `{id, name}`.
 */
export function formatMyValue(
  field: MyField | undefined,
  value: unknown,
  ctx: FormatContext,
  words: BooleanWords,
): string {
  if (value === null || value === undefined || value === "") return "";
  if (isRef(value)) return value.name;
  if (Array.isArray(value)) {
    if (value.some(isLineItem)) {
      return value
        .filter(isLineItem)
        .map(
          (line) =>
            `${line.Product.name} × ${formatNumber(line.Quantity, ctx)} = ${formatCurrency(line.Total, ctx)}`,
        )
        .join("; ");
    }
    return value
      .filter((item): item is string | number => typeof item === "string" || typeof item === "number")
      .map(String)
      .join(", ");
  }
  if (typeof value === "boolean") return value ? words.yes : words.no;
  if (typeof value === "number") {
    switch (field?.type) {
      case "currency":
        return formatCurrency(value, ctx);
      case "percent":
        return `${formatNumber(value, ctx)} %`;
      default:
        return formatNumber(value, ctx);
    }
  }
  if (typeof value !== "string") return "";
  switch (field?.type) {
    case "currency":
      return formatCurrency(value, ctx);
    case "date":
      return formatDate(value, ctx);
    case "datetime":
      return formatDateTime(value, ctx);
    default:
      return value;
  }
}

/** True for the numeric field types, whose cells align right. */
export function isNumericType(type: string | undefined): boolean {
  return type === "currency" || type === "number" || type === "percent";
}
