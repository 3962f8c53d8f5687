/**
 * Reads the first row of a CSV text (RFC 4180: comma-separated, fields may
 * be quoted with "" for a quote; a byte order mark is ignored).
 */
export function parseCsvHeader(text: string): string[] {
  const input = text.startsWith("\uFEFF") ? text.slice(1) : text;
  const cells: string[] = [];
  let cell = "";
  let quoted = false;
  for (let i = 0; i < input.length; i++) {
    const char = input.charAt(i);
    if (quoted) {
      if (char === '"') {
        if (input[i + 1] === '"') {
          cell += '"';
          i++;
        } else {
          quoted = false;
        }
      } else {
        cell += char;
      }
      continue;
    }
    if (char === '"') {
      quoted = true;
    } else if (char === ",") {
      cells.push(cell);
      cell = "";
    } else if (char === "\n" || char === "\r") {
      break;
    } else {
      cell += char;
    }
  }
  cells.push(cell);
  const columns = cells.map((name) => name.trim());
  return columns.length === 1 && columns[0] === "" ? [] : columns;
}

/** Reads a file's header row without loading the whole file. */
export async function readCsvHeader(file: Blob): Promise<string[]> {
  const head = await file.slice(0, 64 * 1024).text();
  return parseCsvHeader(head);
}

/** Folds a column or field name for matching: no accents, case, spaces or punctuation. */
export function matchKey(name: string): string {
  return name
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]/g, "");
}
