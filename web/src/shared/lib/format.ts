import type { Field, FieldType, FieldValue, LineItem, Org, Ref } from "../api/client";
import { optionLabel } from "./labels";

/** What formatting needs from the UI language and the organization. */
export interface FormatContext {
  language: string;
  /** ISO 4217 code used for currency fields. */
  currency: string;
  /** From the organization's time format; undefined follows the language. */
  hour12: boolean | undefined;
  /** IANA time zone of date-times; undefined is the browser's. */
  timeZone?: string | undefined;
}

/** Brazilian organizations count in reais; everyone else in US dollars. */
export function currencyOf(org: Pick<Org, "country"> | undefined): string {
  return org?.country === "BR" ? "BRL" : "USD";
}

export function formatContext(language: string, org: Org | undefined): FormatContext {
  return {
    language,
    currency: currencyOf(org),
    hour12: org ? org.timeFormat === "12h" : undefined,
  };
}

export function isRef(value: unknown): value is Ref {
  return (
    typeof value === "object" &&
    value !== null &&
    !Array.isArray(value) &&
    typeof (value as Ref).id === "string" &&
    typeof (value as Ref).name === "string"
  );
}

export function isLineItem(value: unknown): value is LineItem {
  return typeof value === "object" && value !== null && "Product" in value;
}

export function formatCurrency(value: string | number, ctx: FormatContext): string {
  const amount = typeof value === "number" ? value : Number(value);
  if (!Number.isFinite(amount)) return String(value);
  return new Intl.NumberFormat(ctx.language, { style: "currency", currency: ctx.currency }).format(
    amount,
  );
}

export function formatNumber(value: number, ctx: FormatContext): string {
  return new Intl.NumberFormat(ctx.language, { maximumFractionDigits: 6 }).format(value);
}

/** A date-only value (YYYY-MM-DD) is a calendar day, shown without time zone shifts. */
export function formatDate(value: string, ctx: FormatContext): string {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!match) return value;
  const date = new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])));
  return new Intl.DateTimeFormat(ctx.language, { dateStyle: "medium", timeZone: "UTC" }).format(
    date,
  );
}

export function formatDateTime(value: string, ctx: FormatContext): string {
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) return value;
  return new Intl.DateTimeFormat(ctx.language, {
    dateStyle: "medium",
    timeStyle: "short",
    ...(ctx.hour12 === undefined ? {} : { hour12: ctx.hour12 }),
    ...(ctx.timeZone ? { timeZone: ctx.timeZone } : {}),
  }).format(date);
}

export interface BooleanWords {
  yes: string;
  no: string;
}

/** Line items as one line of text: "product × quantity = total" each, joined by "; ". */
export function formatLineItems(value: readonly unknown[], ctx: FormatContext): string {
  return value
    .filter(isLineItem)
    .map(
      (line) =>
        `${line.Product.name} × ${formatNumber(line.Quantity, ctx)} = ${formatCurrency(line.Total, ctx)}`,
    )
    .join("; ");
}

/**
 * A number or text of a field type as display text: amounts in the currency, percentages
 * with "%", dates and times in the user's zone and format, other numbers in the language's
 * digits, other text as it is. Both the console's values and the portal's go through here.
 */
export function formatScalar(
  type: FieldType | undefined,
  value: string | number,
  ctx: FormatContext,
): string {
  switch (type) {
    case "currency":
      return formatCurrency(value, ctx);
    case "percent":
      return typeof value === "number" ? `${formatNumber(value, ctx)} %` : value;
    case "date":
      return typeof value === "string" ? formatDate(value, ctx) : formatNumber(value, ctx);
    case "datetime":
      return typeof value === "string" ? formatDateTime(value, ctx) : formatNumber(value, ctx);
    default:
      return typeof value === "number" ? formatNumber(value, ctx) : value;
  }
}

/** A field's value as display text ("" when empty). */
export function formatFieldValue(
  field: Field,
  value: FieldValue | undefined,
  ctx: FormatContext,
  words: BooleanWords,
): string {
  if (value === null || value === undefined || value === "") return "";
  if (isRef(value)) return value.name;
  if (Array.isArray(value)) {
    if (field.type === "lineitems") return formatLineItems(value, ctx);
    return value
      .map((item) => (typeof item === "string" ? optionLabel(field, item, ctx.language) : ""))
      .filter(Boolean)
      .join(", ");
  }
  switch (field.type) {
    case "currency":
    case "number":
    case "percent":
      return typeof value === "boolean" ? String(value) : formatScalar(field.type, value, ctx);
    case "date":
    case "datetime":
      return typeof value === "string" ? formatScalar(field.type, value, ctx) : String(value);
    case "boolean":
      return value === true ? words.yes : words.no;
    case "picklist":
      return typeof value === "string" ? optionLabel(field, value, ctx.language) : String(value);
    default:
      return String(value);
  }
}
