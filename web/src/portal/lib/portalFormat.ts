import type { FieldType, MyField } from "../../shared/api/client";
import {
  formatLineItems,
  formatScalar,
  isLineItem,
  isRef,
  type BooleanWords,
  type FormatContext,
} from "../../shared/lib/format";
import { optionLabel } from "../../shared/lib/labels";

export { portalFormatContext } from "./portalFormatContext";

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
