/** The sentences of each kind (the API's store.Event kinds): with who did it, and without. */
const KIND_TEXTS = {
  "note.public": ["notifications.kind.notePublic", "notifications.kindPlain.notePublic"],
  "file.shared": ["notifications.kind.fileShared", "notifications.kindPlain.fileShared"],
  "field.changed": ["notifications.kind.fieldChanged", "notifications.kindPlain.fieldChanged"],
  "record.linked": ["notifications.kind.recordLinked", "notifications.kindPlain.recordLinked"],
  "customer.record.created": [
    "notifications.kind.customerRecordCreated",
    "notifications.kindPlain.customerRecordCreated",
  ],
  "customer.record.updated": [
    "notifications.kind.customerRecordUpdated",
    "notifications.kindPlain.customerRecordUpdated",
  ],
  "customer.note.created": ["notifications.kind.customerNoteCreated", "notifications.kindPlain.customerNoteCreated"],
  "customer.file.added": ["notifications.kind.customerFileAdded", "notifications.kindPlain.customerFileAdded"],
  "customer.quote.accepted": [
    "notifications.kind.customerQuoteAccepted",
    "notifications.kindPlain.customerQuoteAccepted",
  ],
  "customer.quote.declined": [
    "notifications.kind.customerQuoteDeclined",
    "notifications.kindPlain.customerQuoteDeclined",
  ],
} as const;
const OTHER_KIND = ["notifications.kind.other", "notifications.kindPlain.other"] as const;
type KindKey = (typeof KIND_TEXTS)[keyof typeof KIND_TEXTS][number] | (typeof OTHER_KIND)[number];

/** The key of what happened, with or without who did it; an unknown kind says only "updated". */
export function kindKey(kind: string, withActor: boolean): KindKey {
  const keys: readonly [KindKey, KindKey] = Object.hasOwn(KIND_TEXTS, kind)
    ? KIND_TEXTS[kind as keyof typeof KIND_TEXTS]
    : OTHER_KIND;
  return withActor ? keys[0] : keys[1];
}
