import { readFileSync, statSync } from "node:fs";
import { dirname, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { setOfSection } from "./textSets";

// The tests render with every text loaded, so a page that shows a text of a set it does not
// load would pass them and show a key in the browser. This reads the sources instead: each
// page's modules (what it imports, transitively, lazily too) may use the shared texts, its
// side's, the problems' and the sets it declares (lazyPage in src/App.tsx and
// src/console/ConsoleRoutes.tsx), and it declares only sets it uses; a frame uses only the
// shared texts and its side's.

const web = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const read = (path: string) => readFileSync(resolve(web, path), "utf8");
const en = JSON.parse(read("src/i18n/locales/en.json")) as Record<string, unknown>;
const sets = JSON.parse(read("src/i18n/textSets.json")) as Record<string, string[]>;

/** Whether a dotted key names a text or a group of texts of the locale. */
function isKey(key: string): boolean {
  let node: unknown = en;
  for (const part of key.split(".")) {
    if (typeof node !== "object" || node === null || !Object.hasOwn(node, part)) return false;
    node = (node as Record<string, unknown>)[part];
  }
  return true;
}

function resolveImport(from: string, spec: string): string | undefined {
  const base = resolve(dirname(from), spec);
  for (const candidate of [base, `${base}.ts`, `${base}.tsx`, `${base}/index.ts`, `${base}/index.tsx`]) {
    try {
      if (statSync(candidate).isFile()) return candidate;
    } catch {
      // Not this one.
    }
  }
  return undefined;
}

const STATIC_IMPORT = /^\s*(?:import|export)\s+(?!type\s)(?:[^;]*?\sfrom\s+)?["'](\.[^"']+)["']/gm;
const DYNAMIC_IMPORT = /import\(\s*["'](\.[^"']+)["']\s*\)/g;
// A string or template literal starting with a dotted key: "audit.heading", `portal.perm.${x}`.
const KEY = /["'`]([A-Za-z]+(?:\.[A-Za-z0-9_]+)+)/g;

/**
 * The locale keys the module and what it imports use, transitively; lazily imported modules
 * too when `lazily`. Generated lists (problem codes, the API's schema) hold no texts.
 */
function keysUsed(file: string, lazily: boolean, seen = new Set<string>()): Set<string> {
  const used = new Set<string>();
  if (seen.has(file)) return used;
  seen.add(file);
  const source = readFileSync(file, "utf8");
  if (!/\.gen\.ts$|\.d\.ts$/.test(file)) {
    for (const [, key = ""] of source.matchAll(KEY)) {
      if (isKey(key)) used.add(key);
    }
  }
  const specs = [...source.matchAll(STATIC_IMPORT)].map((match) => match[1] ?? "");
  if (lazily) specs.push(...[...source.matchAll(DYNAMIC_IMPORT)].map((match) => match[1] ?? ""));
  for (const spec of specs) {
    const imported = resolveImport(file, spec);
    if (!imported || !/\.tsx?$/.test(imported)) continue;
    for (const key of keysUsed(imported, lazily, seen)) used.add(key);
  }
  return used;
}

const setOfKey = (key: string) => setOfSection(key.split(".")[0] ?? "", sets);

/** The text sets the module and what it imports use, as above. */
function setsUsed(file: string, lazily: boolean): Set<string> {
  return new Set([...keysUsed(resolve(web, file), lazily)].map(setOfKey));
}

interface Page {
  module: string;
  texts: string[];
}

const PAGE = /(?:page|lazyPage)\(\s*\(\) => import\("([^"]+)"\),\s*"\w+",?(?:\s*\[([^\]]*)\])?/g;

/** The lazily loaded pages a routes module declares, with their text sets. */
function pages(file: string): Page[] {
  return [...read(file).matchAll(PAGE)].map(([, module = "", texts = ""]) => ({
    module: relative(web, resolveImport(resolve(web, file), module) ?? module),
    texts: [...texts.matchAll(/"(\w+)"/g)].map((match) => match[1] ?? ""),
  }));
}

const sides = [
  { side: "console", routes: "src/console/ConsoleRoutes.tsx", frames: ["src/console/ConsoleRoutes.tsx"], count: 24 },
  { side: "portal", routes: "src/App.tsx", frames: ["src/portal/layouts/PortalShell.tsx"], count: 12 },
];

describe("page texts", () => {
  for (const { side, routes, frames, count } of sides) {
    const declared = pages(routes);

    it(`finds the pages of ${routes}`, () => {
      expect(declared).toHaveLength(count);
    });

    for (const frame of frames) {
      it(`the ${side}'s frame ${frame} uses the shared texts and its side's`, () => {
        const got = [...setsUsed(frame, false)].filter((set) => !["shared", side, "problems"].includes(set));
        expect(got).toEqual([]);
      });
    }

    for (const page of declared) {
      it(`${page.module} loads the sets it uses, only those`, () => {
        const got = [...setsUsed(page.module, true)].filter((set) => !["shared", side, "problems"].includes(set));
        expect(got.sort()).toEqual([...page.texts].sort());
      });
    }
  }

  it("the entry and the app's routes use the shared texts only", () => {
    // But the root page's texts, which App loads for it, and the portal pages' fallback,
    // which App renders inside the portal's frame.
    const got = [...keysUsed(resolve(web, "src/main.tsx"), false)].filter(
      (key) => !["shared", "problems"].includes(setOfKey(key)),
    );
    expect(got.sort()).toEqual([
      "landing.consoleLink",
      "landing.customers",
      "landing.heading",
      "landing.intro",
      "portal.loading",
    ]);
  });
});
