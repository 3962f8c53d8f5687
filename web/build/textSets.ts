import { readFileSync } from "node:fs";
import type { Plugin } from "vite";

/**
 * The text sets the app loads: the shared one on every page, each side's frame's on its
 * side's pages, the pages' own (loaded with the page's code: consoleAdmin, consoleRecords,
 * consoleSetup, records, portalAuth, portalRecords, preferences, myData, secondFactor, colleagues, home, landing, validation), and the problems' sentences, loaded when the API
 * first refuses a request (src/shared/api/client.ts). src/i18n/index.ts loads them by name.
 */
export const TEXT_SETS = [
  "shared",
  "portal",
  "console",
  "consoleAdmin",
  "consoleRecords",
  "consoleSetup",
  "records",
  "portalAuth",
  "portalRecords",
  "preferences",
  "myData",
  "secondFactor",
  "colleagues",
  "home",
  "landing",
  "validation",
  "problems",
] as const;
export type TextSet = (typeof TEXT_SETS)[number];

const PREFIX = "virtual:texts/";

/**
 * The set a top-level section of the locale files belongs to: src/i18n/textSets.json lists
 * the sections of each set but the shared one (those only the console or only the portal
 * uses, the problems'); every other section is shared, so a new section is in every page's
 * texts until it is listed (more bytes, never a missing text).
 */
export function setOfSection(section: string, sets: Record<string, string[]>): TextSet {
  for (const set of TEXT_SETS) {
    if (set !== "shared" && sets[set]?.includes(section)) return set;
  }
  return "shared";
}

/**
 * Serves `virtual:texts/{language}/{set}`: the sections of src/i18n/locales/{language}.json
 * that belong to the set, so a page downloads its own language's texts of its own side only.
 */
export function textSets(localesDir: string, setsFile: string): Plugin {
  return {
    name: "text-sets",
    resolveId(id) {
      return id.startsWith(PREFIX) ? `\0${id}` : undefined;
    },
    load(id) {
      if (!id.startsWith(`\0${PREFIX}`)) return undefined;
      const [language = "", set = ""] = id.slice(PREFIX.length + 1).split("/");
      if (!/^[A-Za-z-]+$/.test(language) || !(TEXT_SETS as readonly string[]).includes(set)) {
        this.error(`unknown text set ${id.slice(1)}`);
      }
      const file = `${localesDir}/${language}.json`;
      this.addWatchFile(file);
      this.addWatchFile(setsFile);
      const texts = JSON.parse(readFileSync(file, "utf8")) as Record<string, unknown>;
      const sides = JSON.parse(readFileSync(setsFile, "utf8")) as Record<string, string[]>;
      const unknown = Object.keys(sides).filter((name) => !(TEXT_SETS as readonly string[]).includes(name));
      if (unknown.length > 0) this.error(`${setsFile} names unknown text sets: ${unknown.join(", ")}`);
      const picked = Object.fromEntries(
        Object.entries(texts).filter(([section]) => setOfSection(section, sides) === set),
      );
      // JSON.parse of a string literal parses faster than the same object as code.
      return `export default JSON.parse(${JSON.stringify(JSON.stringify(picked))});`;
    },
  };
}
