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

export function optionLabel(field: Field, value: string, language: string): string {
  const option = field.options?.find((candidate) => candidate.value === value);
  return option ? pickLabel(option.labels, language, value) : value;
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
