import type { Field } from "../../shared/api/client";
import { matchKey } from "./csv";

const EXTERNAL_ID_NAMES = new Set(["externalid", "idexterno", "extid"]);

/** Fields a CSV column can fill. */
export function importable(field: Field): boolean {
  return !field.system && field.type !== "lineitems";
}

/**
 * Each column's field, matched by API name or by a label in any language
 * (ignoring case, accents, spaces and punctuation); each field is used once
 * and unmatched columns map to "".
 */
export function autoMapping(columns: string[], fields: Field[]): Record<string, string> {
  const used = new Set<string>();
  const mapping: Record<string, string> = {};
  for (const column of columns) {
    const key = matchKey(column);
    const field = fields.find(
      (candidate) =>
        !used.has(candidate.apiName) &&
        (matchKey(candidate.apiName) === key ||
          Object.values(candidate.labels).some((text) => matchKey(text) === key)),
    );
    mapping[column] = field?.apiName ?? "";
    if (field) used.add(field.apiName);
  }
  return mapping;
}

/** A column that looks like an external id ("External Id", "ID externo"), or "". */
export function guessExternalId(columns: string[]): string {
  return columns.find((column) => EXTERNAL_ID_NAMES.has(matchKey(column))) ?? "";
}
