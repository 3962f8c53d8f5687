import type { TFunction } from "i18next";

/**
 * The server refuses a record that would not fit DynamoDB (an item over 400 KB, more lookups
 * than one transaction holds, an edit over 4 MB) with a 422 whose messages are English
 * sentences with sizes in bytes (shared/records/limits.go). This turns those sentences into
 * the console's language, with sizes in KB; any other message is returned as it came.
 */
export function limitMessage(message: string, t: TFunction, language: string): string {
  const kb = (bytes: string | undefined) =>
    `${new Intl.NumberFormat(language).format(Math.ceil(Number(bytes ?? 0) / 1024))} KB`;
  let m = /^is too long: the record would take (\d+) bytes, over the (\d+) bytes .* \(this field takes (\d+)\)$/.exec(
    message,
  );
  if (m) return t("recordForm.limits.item", { size: kb(m[1]), limit: kb(m[2]), field: kb(m[3]) });
  m = /^is one of (\d+) lookups with a value; a record may have at most (\d+) /.exec(message);
  if (m) return t("recordForm.limits.lookups", { count: Number(m[1]), max: Number(m[2]) });
  m = /^is too long for a record with (\d+) lookups: .* may take (\d+) bytes, not (\d+) \(this field takes (\d+)\)$/.exec(
    message,
  );
  if (m)
    return t("recordForm.limits.copies", {
      count: Number(m[1]),
      limit: kb(m[2]),
      size: kb(m[3]),
      field: kb(m[4]),
    });
  m = /^is too long: this write's transaction would carry (\d+) bytes .* over DynamoDB's (\d+) \(this field takes (\d+)\)$/.exec(
    message,
  );
  if (m) return t("recordForm.limits.transaction", { size: kb(m[1]), limit: kb(m[2]), field: kb(m[3]) });
  return message;
}
