import * as z from "zod/mini";
import type { Field, FieldValue, Problem, Ref } from "../api/client";
import { get, type FieldErrors, type UseFormSetError } from "react-hook-form";
import { isLineItem, isRef } from "./format";

/** One editable line of a lineitems field. */
export interface LineRow {
  product: Ref | null;
  quantity: string;
  unitPrice: string;
  /** An amount off quantity × unit price; "" or absent: none. */
  discount?: string;
  /** A percent added after the discount; "" or absent: none. */
  tax?: string;
}

/**
 * What a form control holds for a field: text for text-like, number, date and
 * currency inputs, a boolean for checkboxes, option values for
 * multi-selects, a reference for lookups and rows for line items.
 */
export type FormValue = string | boolean | string[] | Ref | null | LineRow[];
export type FormValues = Record<string, FormValue>;

/** Fields a form can edit: the server writes system fields itself. */
export function editable(field: Field): boolean {
  return !field.system;
}

function pad(value: number): string {
  return String(value).padStart(2, "0");
}

/** An RFC 3339 instant as a datetime-local value in the browser's time zone. */
export function toLocalDateTime(value: string): string {
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) return "";
  return (
    `${String(date.getFullYear())}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}` +
    `T${pad(date.getHours())}:${pad(date.getMinutes())}`
  );
}

/** The empty value of a field's form control. */
export function emptyFormValue(field: Field): FormValue {
  switch (field.type) {
    case "boolean":
      return false;
    case "multipicklist":
      return [];
    case "lookup":
      return null;
    case "lineitems":
      return [];
    default:
      return "";
  }
}

/** A record's value as its form control holds it. */
export function toFormValue(field: Field, value: FieldValue | undefined): FormValue {
  if (value === null || value === undefined) return emptyFormValue(field);
  switch (field.type) {
    case "boolean":
      return value === true;
    case "multipicklist":
      return Array.isArray(value)
        ? value.filter((item): item is string => typeof item === "string")
        : [];
    case "lookup":
      return isRef(value) ? value : null;
    case "lineitems":
      return Array.isArray(value)
        ? value.filter(isLineItem).map((line) => ({
            product: line.Product,
            quantity: String(line.Quantity),
            unitPrice: line.Unit_Price,
            discount: line.Discount ?? "",
            tax: line.Tax === undefined ? "" : String(line.Tax),
          }))
        : [];
    case "datetime":
      return typeof value === "string" ? toLocalDateTime(value) : "";
    default:
      return typeof value === "object" ? "" : String(value);
  }
}

/**
 * What a line comes to, as the server computes it: (quantity × unit price −
 * discount) plus tax percent of it; 0 while a part is not a number.
 */
export function lineRowTotal(row: LineRow): number {
  const num = (text: string | undefined) =>
    (text ?? "").trim() === "" ? 0 : Number((text ?? "").replace(",", "."));
  const total = (num(row.quantity) * num(row.unitPrice) - num(row.discount)) * (1 + num(row.tax) / 100);
  return Number.isFinite(total) ? total : 0;
}

/** A decimal text as the API's currency form: two decimals, dot separator. */
export function toCurrency(text: string): string {
  return Number(text.trim().replace(",", ".")).toFixed(2);
}

function toNumber(text: string): number {
  return Number(text.trim().replace(",", "."));
}

/**
 * A form control's value as the API takes it (see RecordFieldsInput in the
 * OpenAPI document): lookups as the target's id, currency as a decimal
 * string, empty values as null.
 */
export function toApiValue(field: Field, value: FormValue | undefined): unknown {
  if (value === undefined || value === null) return null;
  switch (field.type) {
    case "boolean":
      return value === true;
    case "multipicklist":
      return Array.isArray(value) ? value : [];
    case "lookup":
      return isRef(value) ? value.id : null;
    case "lineitems":
      return Array.isArray(value)
        ? (value as LineRow[]).map((row) => {
            const discount = (row.discount ?? "").trim();
            const tax = (row.tax ?? "").trim();
            return {
              Product: row.product?.id ?? null,
              Quantity: toNumber(row.quantity),
              Unit_Price: toCurrency(row.unitPrice),
              ...(discount === "" ? {} : { Discount: toCurrency(discount) }),
              ...(tax === "" ? {} : { Tax: toNumber(tax) }),
            };
          })
        : [];
    default: {
      if (typeof value !== "string") return null;
      const text = value.trim();
      if (text === "") return null;
      switch (field.type) {
        case "number":
        case "percent":
          return toNumber(text);
        case "currency":
          return toCurrency(text);
        case "datetime":
          return new Date(text).toISOString();
        default:
          return field.type === "textarea" ? value : text;
      }
    }
  }
}

/** The lineitems row key a server path names: Product_Details[3].Quantity. */
const LINE_KEYS: Record<string, keyof LineRow> = {
  Product: "product",
  Quantity: "quantity",
  Unit_Price: "unitPrice",
  Discount: "discount",
  Tax: "tax",
};

/**
 * The form path of a server error's field ("Email", "fields.Email",
 * "Product_Details[3].Quantity"), or undefined when the form has no such
 * control.
 */
export function formPath(serverField: string, fields: Field[]): string | undefined {
  const path = serverField.replace(/^fields\./, "");
  const line = /^(\w+)\[(\d+)\]\.(\w+)$/.exec(path);
  if (line) {
    const [, name = "", index = "", key = ""] = line;
    const field = fields.find((candidate) => candidate.apiName === name);
    if (!field) return undefined;
    const rowKey = LINE_KEYS[key];
    return rowKey ? `${name}.${index}.${rowKey}` : name;
  }
  const name = path.split(/[.[]/)[0] ?? path;
  return fields.some((field) => field.apiName === name) ? name : undefined;
}

export interface ValidationMessages {
  required: string;
  email: string;
  url: string;
  number: string;
  currency: string;
  date: string;
  datetime: string;
  maxLength: (max: number) => string;
  product: string;
  quantity: string;
  /** A picklist value that is not one of the field's options; `required`'s text without it. */
  option?: string;
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const NUMBER = /^-?\d+(?:[.,]\d+)?$/;
const CURRENCY = /^-?\d+(?:[.,]\d{1,2})?$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;
const DATETIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2})?$/;
const TEXT_LIMIT: Partial<Record<Field["type"], number>> = { text: 255, textarea: 32000 };
const FORMAT_MESSAGE: Partial<
  Record<Field["type"], "email" | "url" | "currency" | "date" | "datetime">
> = {
  email: "email",
  url: "url",
  currency: "currency",
  date: "date",
  datetime: "datetime",
};

function validUrl(text: string): boolean {
  try {
    const url = new URL(text);
    return url.protocol === "http:" || url.protocol === "https:";
  } catch {
    return false;
  }
}

function isOption(field: Field, value: string): boolean {
  return (field.options ?? []).some((option) => option.value === value);
}

function textRule(field: Field, messages: ValidationMessages): z.ZodMiniType {
  const max = field.maxLength ?? TEXT_LIMIT[field.type];
  return z.string().check(
    z.superRefine((raw, ctx) => {
      const text = raw.trim();
      if (text === "") {
        if (field.required) ctx.addIssue({ code: "custom", message: messages.required });
        return;
      }
      if (max !== undefined && raw.length > max) {
        ctx.addIssue({ code: "custom", message: messages.maxLength(max) });
      }
      const bad =
        (field.type === "email" && !EMAIL.test(text)) ||
        (field.type === "url" && !validUrl(text)) ||
        ((field.type === "number" || field.type === "percent") && !NUMBER.test(text)) ||
        (field.type === "currency" && !CURRENCY.test(text)) ||
        (field.type === "date" && !DATE.test(text)) ||
        (field.type === "datetime" &&
          (!DATETIME.test(text) || Number.isNaN(new Date(text).getTime())));
      if (bad) {
        ctx.addIssue({ code: "custom", message: messages[FORMAT_MESSAGE[field.type] ?? "number"] });
      }
      if (field.type === "picklist" && field.options && !isOption(field, text)) {
        ctx.addIssue({ code: "custom", message: messages.option ?? messages.required });
      }
    }),
  );
}

const refSchema = z.object({ id: z.string(), name: z.string() });

function fieldRule(field: Field, messages: ValidationMessages): z.ZodMiniType {
  switch (field.type) {
    case "boolean":
      return z.boolean();
    case "multipicklist":
      return z
        .array(z.string())
        .check(
          z.refine((values) => !field.required || values.length > 0, messages.required),
          z.refine(
            (values) => !field.options || values.every((value) => isOption(field, value)),
            messages.option ?? messages.required,
          ),
        );
    case "lookup":
      return z
        .nullable(refSchema)
        .check(z.refine((value) => !field.required || value !== null, messages.required));
    case "lineitems":
      return z
        .array(
          z.object({
            product: z
              .nullable(refSchema)
              .check(z.refine((value) => value !== null, messages.product)),
            quantity: z
              .string()
              .check(
                z.refine(
                  (text) => NUMBER.test(text.trim()) && toNumber(text) > 0,
                  messages.quantity,
                ),
              ),
            unitPrice: z
              .string()
              .check(z.refine((text) => CURRENCY.test(text.trim()), messages.currency)),
          }),
        )
        .check(z.refine((rows) => !field.required || rows.length > 0, messages.required));
    default:
      return textRule(field, messages);
  }
}

/** The zod schema of a record form: the fields' types and required flags. */
export function recordSchema(fields: Field[], messages: ValidationMessages) {
  return z.object(
    Object.fromEntries(fields.map((field) => [field.apiName, fieldRule(field, messages)])),
  );
}

/** The message of a form error at a path (a field or a line item's cell), if any. */
export function errorMessage(errors: FieldErrors<FormValues>, path: string): string | undefined {
  const error: unknown = get(errors, path);
  if (typeof error !== "object" || error === null) return undefined;
  const { message, root } = error as { message?: unknown; root?: { message?: unknown } };
  return typeof message === "string" && message
    ? message
    : typeof root?.message === "string" && root.message
      ? root.message
      : undefined;
}

/**
 * The fields a record form sends. Editing (initial given), only those whose API value differs
 * from the one the form started with, so a PATCH leaves the others alone and its If-Match
 * guards only what the user changed; creating, every field that has a value.
 */
export function recordPayload(
  fields: Field[],
  values: FormValues,
  initial: FormValues | undefined,
): Record<string, unknown> {
  const payload: Record<string, unknown> = {};
  for (const field of fields) {
    const value = toApiValue(field, values[field.apiName]);
    if (initial) {
      const before = toApiValue(field, initial[field.apiName]);
      if (JSON.stringify(value) !== JSON.stringify(before)) payload[field.apiName] = value;
    } else if (value !== null && !(Array.isArray(value) && value.length === 0)) {
      payload[field.apiName] = value;
    }
  }
  return payload;
}

type ProblemFieldError = NonNullable<Problem["errors"]>[number];

/**
 * Shows each of a 422's field errors on its form control, focusing the first, in the words
 * message gives it (the page's problem renderer, which speaks the user's language); returns
 * the errors no control of the form shows, for a list of their own.
 */
export function placeFieldErrors(
  errors: ProblemFieldError[],
  fields: Field[],
  setError: UseFormSetError<FormValues>,
  message: (item: ProblemFieldError) => string = (item) => item.message,
): ProblemFieldError[] {
  const rest: ProblemFieldError[] = [];
  let focused = false;
  for (const item of errors) {
    const path = formPath(item.field, fields);
    if (path) {
      setError(path, { type: "server", message: message(item) }, { shouldFocus: !focused });
      focused = true;
    } else {
      rest.push(item);
    }
  }
  return rest;
}
