/**
 * The query keys both features build on. Everything the staff console caches
 * starts with "admin" and everything the portal caches with "customer": a
 * logout drops each side by its prefix. The notes and attachments modules
 * serve both sides, so the record keys they extend live here rather than in
 * either feature.
 */

/** A CRM record as the staff console caches it; its notes and attachments extend it. */
export function staffRecordKey(module: string, id: string) {
  return ["admin", "record", module, id] as const;
}

/** A portal record's notes. */
export function customerNotesKey(module: string, id: string) {
  return ["customer", "records", module, "notes", id] as const;
}

/** A portal record's attachments. */
export function customerAttachmentsKey(module: string, id: string) {
  return ["customer", "records", module, "attachments", id] as const;
}
