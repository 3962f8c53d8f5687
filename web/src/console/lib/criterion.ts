import type { Field } from "../../shared/api/client";
import { optionLabel } from "../../shared/lib/labels";

/** The operators of a tab's fixed criterion: equals, differs, one of. */
export const OPS = ["eq", "ne", "in"] as const;

/** Choices of a criterion value, when the field has a fixed set. */
export function valueChoices(field: Field, language: string, words: { yes: string; no: string }) {
  if (field.type === "picklist" || field.type === "multipicklist") {
    return (field.options ?? []).map((option) => ({
      value: option.value,
      label: optionLabel(field, option.value, language),
    }));
  }
  if (field.type === "boolean") {
    return [
      { value: "true", label: words.yes },
      { value: "false", label: words.no },
    ];
  }
  return undefined;
}
