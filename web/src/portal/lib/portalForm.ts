import type { Field, FieldType, Layout, MyField, MyTab } from "../../shared/api/client";
import { pickLabel } from "../../shared/lib/labels";

const FIELD_TYPES: readonly FieldType[] = [
  "text",
  "textarea",
  "email",
  "phone",
  "url",
  "number",
  "currency",
  "percent",
  "date",
  "datetime",
  "boolean",
  "picklist",
  "multipicklist",
];

/**
 * Whether a portal form can edit a field: the user type lets them write it
 * and it is a plain value (lookups and line items are set by the server or
 * in the CRM).
 */
export function portalWritable(field: MyField): boolean {
  return field.mode === "write" && (FIELD_TYPES as readonly string[]).includes(field.type);
}

/** A portal field as the console's record form helpers take it. */
export function asField(field: MyField): Field {
  return {
    apiName: field.apiName,
    labels: field.labels,
    type: field.type as FieldType,
    required: field.required,
    ...(field.options ? { options: field.options } : {}),
    ...(field.lookupModule ? { lookupModule: field.lookupModule } : {}),
    system: false,
    custom: false,
  };
}

/** The layout a record shows with: its own when the tab allows it, else the tab's first. */
export function tabLayout(tab: MyTab, layoutId?: string): Layout | undefined {
  return tab.layouts.find((layout) => layout.id === layoutId) ?? tab.layouts[0];
}

export interface FormSection {
  name: string;
  fields: MyField[];
}

/** The layout's sections with the fields the user sees, in order; empty sections left out. */
export function formSections(tab: MyTab, layout: Layout | undefined, language: string): FormSection[] {
  const fields = new Map(tab.fields.map((field) => [field.apiName, field]));
  return (layout?.sections ?? [])
    .map((section) => ({
      name: pickLabel(section.labels, language, section.name),
      fields: section.fields.flatMap((apiName) => {
        const field = fields.get(apiName);
        return field ? [field] : [];
      }),
    }))
    .filter((section) => section.fields.length > 0);
}

/**
 * A picklist value as the portal answered it (the customer-facing label in
 * the user's language) back as the option value the API takes.
 */
export function optionValue(field: MyField, value: string, language: string): string {
  const options = field.options ?? [];
  if (options.some((option) => option.value === value)) return value;
  const match = options.find((option) => pickLabel(option.labels, language, option.value) === value);
  return match?.value ?? value;
}
