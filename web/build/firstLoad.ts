import { gzipSync } from "node:zlib";
import type { Plugin } from "vite";

/** A file of the build: what it statically imports, the styles it brings, its modules, its gzip size. */
export interface BuiltFile {
  imports: string[];
  css: string[];
  modules: string[];
  gzip: number;
}

/** One side of the app: the module its pages render in, its texts, and what it must not load. */
export interface Side {
  name: string;
  /** The side's frame (layout or routes), lazily imported by the entry; its own pages are lazy. */
  module: string;
  /** Module path prefix (from the web root) none of the side's first-load modules may have. */
  forbidden: string;
  /** The gzip bytes its first load may weigh. */
  budget: number;
  /**
   * Modules its frame shows at first paint (the header's notification bell), which must be in
   * the first load: a lazily loaded one would appear only after a round trip of its own.
   */
  required?: readonly string[];
}

export interface FirstLoad {
  side: string;
  language: string;
  files: string[];
  gzip: number;
  /** Modules of the other side found in this side's first load. */
  foreign: string[];
  /** The side's required modules its first load lacks. */
  missing: string[];
}

/**
 * What a page of a side loads before its own page chunk: the files `roots` name and
 * everything they import statically, transitively, with their styles. Lazily imported
 * files (other pages, the other side) are not followed.
 */
export function firstLoad(files: ReadonlyMap<string, BuiltFile>, roots: readonly string[]) {
  const seen = new Set<string>();
  const walk = (file: string) => {
    if (seen.has(file)) return;
    seen.add(file);
    const built = files.get(file);
    if (!built) throw new Error(`first load: ${file} is not in the build`);
    for (const css of built.css) seen.add(css);
    for (const imported of built.imports) walk(imported);
  };
  roots.forEach(walk);
  const list = [...seen].sort();
  return {
    files: list,
    gzip: list.reduce((sum, file) => sum + (files.get(file)?.gzip ?? 0), 0),
    modules: list.flatMap((file) => files.get(file)?.modules ?? []),
  };
}

/**
 * The problems of the sides' first loads: over budget, holding the other side's code, or
 * lacking a module the frame shows at first paint.
 */
export function firstLoadProblems(loads: readonly FirstLoad[], sides: readonly Side[]): string[] {
  const problems: string[] = [];
  for (const load of loads) {
    const side = sides.find((s) => s.name === load.side);
    if (!side) continue;
    if (load.gzip > side.budget) {
      problems.push(
        `the ${load.side}'s first load (${load.language}) is ${kib(load.gzip)} gzipped, over its budget of ${kib(side.budget)}`,
      );
    }
    for (const module of load.foreign) {
      problems.push(`the ${load.side}'s first load holds ${module}`);
    }
    for (const module of load.missing) {
      problems.push(`the ${load.side}'s first load lacks ${module}, which its frame shows at first paint`);
    }
  }
  return problems;
}

function kib(bytes: number): string {
  return `${(bytes / 1024).toFixed(1)} KiB`;
}

const TEXTS = "\0virtual:texts/";

/**
 * Fails the build when a side's first load (the entry, the side's frame and its shared and
 * side texts in each language, with their static imports and styles, gzipped at the default
 * level) is over its budget, holds a module of the other side or lacks one of its required
 * modules.
 */
export function firstLoadBudget(root: string, sides: readonly Side[]): Plugin {
  return {
    name: "first-load-budget",
    apply: "build",
    // Last, so the files are measured as written: Vite's own generateBundle adds each dynamic
    // import's list of preloads to the chunks (the entry's names every page's files).
    generateBundle: {
      order: "post",
      handler(_options, bundle) {
        const files = new Map<string, BuiltFile>();
        const facades = new Map<string, string>();
        let entry: string | undefined;
        for (const item of Object.values(bundle)) {
          if (item.type === "chunk") {
            files.set(item.fileName, {
              imports: item.imports,
              css: [...(item.viteMetadata?.importedCss ?? [])],
              modules: item.moduleIds.map((id) => (id.startsWith(root) ? id.slice(root.length) : id)),
              gzip: gzipSync(item.code).length,
            });
            if (item.isEntry) entry = item.fileName;
            if (item.facadeModuleId) facades.set(item.facadeModuleId, item.fileName);
          } else {
            files.set(item.fileName, { imports: [], css: [], modules: [], gzip: gzipSync(item.source).length });
          }
        }
        if (!entry) return;
        const languages = [...facades.keys()]
          .filter((id) => id.startsWith(TEXTS) && id.endsWith("/shared"))
          .map((id) => id.slice(TEXTS.length, -"/shared".length));
        const loads: FirstLoad[] = [];
        for (const side of sides) {
          const frame = facades.get(`${root}${side.module}`);
          if (!frame) this.error(`first load: no chunk for ${side.module}`);
          for (const language of languages) {
            const texts = ["shared", side.name].map((set) => facades.get(`${TEXTS}${language}/${set}`) ?? "");
            const load = firstLoad(files, [entry, frame, ...texts]);
            loads.push({
              side: side.name,
              language,
              files: load.files,
              gzip: load.gzip,
              foreign: load.modules.filter((module) => module.startsWith(side.forbidden)),
              missing: (side.required ?? []).filter((module) => !load.modules.includes(module)),
            });
          }
        }
        const problems = firstLoadProblems(loads, sides);
        if (problems.length > 0) this.error(problems.join("; "));
      },
    },
  };
}
