import type { Field, Labels, Module, ModuleSummary } from "../api/client";

/**
 * The label for a language: the exact tag, then its primary language
 * ("pt" for "pt-BR"), then English, then any label, then the fallback.
 */
export function pickLabel(labels: Labels | undefined, language: string, fallback = ""): string {
  if (!labels) return fallback;
  const exact = labels[language];
  if (exact) return exact;
  const primary = language.split("-")[0] ?? language;
  for (const [tag, text] of Object.entries(labels)) {
    if (text && tag.split("-")[0] === primary) return text;
  }
  if (labels.en) return labels.en;
  const first = Object.keys(labels)
    .sort()
    .map((tag) => labels[tag])
    .find((text) => text);
  return first ?? fallback;
}

export function moduleLabel(module: ModuleSummary | Module, language: string): string {
  return pickLabel(module.labels, language, module.apiName);
}

export function moduleSingularLabel(module: ModuleSummary | Module, language: string): string {
  return pickLabel(module.singularLabels, language, moduleLabel(module, language));
}

export function fieldLabel(field: Field, language: string): string {
  return pickLabel(field.labels, language, field.apiName);
}

/** A picklist's options as the API gives them, in the console (Field) and the portal (MyField). */
export interface HasOptions {
  options?: { value: string; labels?: Labels }[];
}

/**
 * The label of a picklist value for a language, never blank: the option's
 * label in the language, then in English, then any, then the value itself. A
 * value that is not an option (an old value, or one the portal API already
 * answered as its customer-facing label) shows as it is. In the portal the
 * options carry the user type's customer-facing labels over the product's,
 * per language (the server's choice, crm.ValueLabel, is the same order).
 */
export function optionLabel(field: HasOptions, value: string, language: string): string {
  const option = field.options?.find((candidate) => candidate.value === value);
  return (option ? pickLabel(option.labels, language, value) : value) || value;
}

/** A choice of a filter: the values it matches, under one label. */
export interface Choice {
  value: string;
  values: string[];
  label: string;
}

/**
 * A picklist's options as filter choices, one per label in the language: when
 * a user type gives several values the same customer-facing label (Created
 * and Approved both "Emitida"), they are one choice that matches all of them;
 * `value` is the first of them. Order is the options' order.
 */
export function distinctChoices(field: HasOptions, language: string): Choice[] {
  const byLabel = new Map<string, Choice>();
  for (const option of field.options ?? []) {
    const label = optionLabel(field, option.value, language);
    const seen = byLabel.get(label);
    if (seen) seen.values.push(option.value);
    else byLabel.set(label, { value: option.value, values: [option.value], label });
  }
  return [...byLabel.values()];
}

/** The layout a record is shown with: its own, else the module's first (default) one. */
export function layoutOf(module: Module, layoutId?: string) {
  return module.layouts.find((layout) => layout.id === layoutId) ?? module.layouts[0];
}

/** Field definitions of a layout's sections, in display order, skipping unknown names. */
export function layoutFields(module: Module, layoutId?: string): Field[] {
  const layout = layoutOf(module, layoutId);
  if (!layout) return module.fields;
  const byName = new Map(module.fields.map((field) => [field.apiName, field]));
  return layout.sections.flatMap((section) =>
    section.fields.flatMap((name) => {
      const field = byName.get(name);
      return field ? [field] : [];
    }),
  );
}
