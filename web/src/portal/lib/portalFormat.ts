import type { FieldType, MyField, Preferences } from "../../shared/api/client";
import {
  formatLineItems,
  formatScalar,
  isLineItem,
  isRef,
  type BooleanWords,
  type FormatContext,
} from "../../shared/lib/format";
import { optionLabel } from "../../shared/lib/labels";

/**
 * How the customer portal formats values: numbers and dates in the UI
 * language (which follows the user's saved language), and, with a portal
 * session, in the user's time zone and time format. Money is in the
 * organization's currency (GET /api/p/{slug} answers it), so an English
 * reader of a Brazilian company sees R$4,140.00; without it (an older API)
 * the currency follows the language: reais in Portuguese, US dollars
 * otherwise.
 */
export function portalFormatContext(
  language: string,
  preferences?: Pick<Preferences, "timeZone" | "timeFormat">,
  currency?: string,
): FormatContext {
  return {
    language,
    currency: validCurrency(currency) ?? (language === "pt-BR" ? "BRL" : "USD"),
    hour12: preferences ? preferences.timeFormat === "12h" : undefined,
    timeZone: validTimeZone(preferences?.timeZone),
  };
}

/** The currency code when Intl knows it; an unknown one would make Intl throw. */
function validCurrency(code: string | undefined): string | undefined {
  if (!code) return undefined;
  try {
    new Intl.NumberFormat("en", { style: "currency", currency: code });
    return code;
  } catch {
    return undefined;
  }
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
 * A portal record's value as display text ("" when empty). A picklist value
 * shows under its label in the language (optionLabel: the user type's
 * customer-facing label, else the product's); one the API already answered
 * as a customer-facing label stays as it is. Lookups come as `{id, name}`.
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
    if (value.some(isLineItem)) return formatLineItems(value, ctx);
    return value
      .filter((item): item is string | number => typeof item === "string" || typeof item === "number")
      .map((item) =>
        typeof item === "string" && field ? optionLabel(field, item, ctx.language) : String(item),
      )
      .join(", ");
  }
  if (typeof value === "boolean") return value ? words.yes : words.no;
  if (typeof value === "string" && field?.type === "picklist") {
    return optionLabel(field, value, ctx.language);
  }
  if (typeof value === "number" || typeof value === "string") {
    return formatScalar(field?.type as FieldType | undefined, value, ctx);
  }
  return "";
}

/** True for the numeric field types, whose cells align right. */
export function isNumericType(type: string | undefined): boolean {
  return type === "currency" || type === "number" || type === "percent";
}
