import type { components } from "../api/schema";

export type CustomerNotifyKind = components["schemas"]["CustomerNotifyKind"];
export type StaffNotifyKind = components["schemas"]["StaffNotifyKind"];

/** The kinds customers may be notified of, in the order the settings show them. */
export const CUSTOMER_KINDS: readonly CustomerNotifyKind[] = [
  "note.public",
  "file.shared",
  "field.changed",
  "record.linked",
];

/** The kinds staff may be notified of, in the order the settings show them. */
export const STAFF_KINDS: readonly StaffNotifyKind[] = [
  "customer.record.created",
  "customer.record.updated",
  "customer.note.created",
  "customer.file.added",
  "customer.quote.accepted",
  "customer.quote.declined",
];

/** The word of each kind in the locale keys (`notePublic` for `note.public`). */
export const KIND_KEYS = {
  "note.public": "notePublic",
  "file.shared": "fileShared",
  "field.changed": "fieldChanged",
  "record.linked": "recordLinked",
  "customer.record.created": "customerRecordCreated",
  "customer.record.updated": "customerRecordUpdated",
  "customer.note.created": "customerNoteCreated",
  "customer.file.added": "customerFileAdded",
  "customer.quote.accepted": "customerQuoteAccepted",
  "customer.quote.declined": "customerQuoteDeclined",
} as const;

/**
 * `list` with `kind` turned on or off, in the order of `all` (so a saved list
 * does not depend on the order of the clicks); kinds not in `all` are dropped.
 */
export function toggleKind<K extends string>(all: readonly K[], list: readonly K[], kind: K, on: boolean): K[] {
  const chosen = new Set(list);
  if (on) chosen.add(kind);
  else chosen.delete(kind);
  return all.filter((k) => chosen.has(k));
}

interface LayoutModule {
  fields: readonly { apiName: string }[];
  layouts: readonly { id: string; sections: readonly { fields: readonly string[] }[] }[];
}

/**
 * The API names of the module's fields that the tab's layouts show, in the
 * module's order: the fields a tab may mark as notifying (the API refuses others).
 */
export function layoutFieldNames(module: LayoutModule, layouts: readonly string[]): string[] {
  const shown = new Set<string>();
  for (const layout of module.layouts) {
    if (!layouts.includes(layout.id)) continue;
    for (const section of layout.sections) for (const field of section.fields) shown.add(field);
  }
  return module.fields.map((field) => field.apiName).filter((name) => shown.has(name));
}
