import { readFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

// The backend advertises its UI languages (shared/locale UILanguages: the portal's public
// answer lists them, preferences accept them) and the web app offers its own
// (SUPPORTED_LANGUAGES in src/i18n/index.ts). Nothing may advertise a language the app cannot
// show in full: this reads both lists from the sources and each locale file's keys.

const web = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const read = (path: string) => readFileSync(resolve(web, path), "utf8");

function quotedList(source: string, pattern: RegExp, what: string): string[] {
  const match = pattern.exec(source);
  if (!match?.[1]) throw new Error(`${what} not found`);
  return [...match[1].matchAll(/"([^"]+)"/g)].map((m) => m[1] ?? "");
}

function keys(value: unknown, prefix = ""): string[] {
  if (typeof value !== "object" || value === null) return [prefix];
  return Object.entries(value).flatMap(([key, child]) =>
    keys(child, prefix ? `${prefix}.${key}` : key),
  );
}

const backend = quotedList(
  read("../shared/locale/locale.go"),
  /var UILanguages = \[\]string\{([^}]*)\}/,
  "UILanguages in shared/locale/locale.go",
);
const webLanguages = quotedList(
  read("src/i18n/index.ts"),
  /export const SUPPORTED_LANGUAGES = \[([^\]]*)\]/,
  "SUPPORTED_LANGUAGES in src/i18n/index.ts",
);
const english = keys(JSON.parse(read("src/i18n/locales/en.json"))).sort();

describe("languages", () => {
  it("are the same in the backend and the web app", () => {
    expect(backend.length).toBeGreaterThan(1);
    expect([...webLanguages].sort()).toEqual([...backend].sort());
  });

  for (const language of backend) {
    it(`${language} has a complete locale`, () => {
      const texts: unknown = JSON.parse(read(`src/i18n/locales/${language}.json`));
      expect(keys(texts).sort()).toEqual(english);
    });
  }
});
