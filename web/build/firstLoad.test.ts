import { describe, expect, it } from "vitest";
import { firstLoad, firstLoadProblems, type BuiltFile, type Side } from "./firstLoad";

const file = (gzip: number, imports: string[] = [], modules: string[] = [], css: string[] = []): BuiltFile => ({
  imports,
  css,
  modules,
  gzip,
});

// index imports core; the portal frame imports core and api; the console page is lazy (not listed).
const build = new Map<string, BuiltFile>([
  ["index.js", file(100, ["core.js"], ["src/main.tsx"], ["index.css"])],
  ["index.css", file(5)],
  ["core.js", file(50, [], ["node_modules/react-dom/index.js"])],
  ["PortalShell.js", file(10, ["core.js", "api.js"], ["src/portal/layouts/PortalShell.tsx"])],
  ["api.js", file(3, [], ["src/shared/api/client.ts"])],
  ["texts.js", file(7)],
  ["ConsolePage.js", file(40, ["core.js"], ["src/console/pages/AuditPage.tsx"])],
]);

describe("firstLoad", () => {
  it("follows static imports and styles, each file once, not lazy chunks", () => {
    const got = firstLoad(build, ["index.js", "PortalShell.js", "texts.js"]);
    expect(got.files).toEqual(["PortalShell.js", "api.js", "core.js", "index.css", "index.js", "texts.js"]);
    expect(got.gzip).toBe(100 + 5 + 50 + 10 + 3 + 7);
  });

  it("refuses a file the build does not have", () => {
    expect(() => firstLoad(build, ["missing.js"])).toThrow(/missing\.js/);
  });
});

describe("firstLoadProblems", () => {
  const sides: Side[] = [
    {
      name: "portal",
      module: "src/portal/layouts/PortalShell.tsx",
      forbidden: "src/console/",
      budget: 200,
      required: ["src/shared/api/client.ts"],
    },
  ];
  const cases = [
    { name: "under budget, own code only", roots: ["index.js", "PortalShell.js"], want: [] as string[] },
    {
      name: "over budget",
      roots: ["index.js", "PortalShell.js", "texts.js", "ConsolePage.js"],
      want: [
        "the portal's first load (en) is 0.2 KiB gzipped, over its budget of 0.2 KiB",
        "the portal's first load holds src/console/pages/AuditPage.tsx",
      ],
    },
    {
      name: "a required module loaded lazily",
      roots: ["index.js", "texts.js"],
      want: ["the portal's first load lacks src/shared/api/client.ts, which its frame shows at first paint"],
    },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const load = firstLoad(build, c.roots);
      const got = firstLoadProblems(
        [
          {
            side: "portal",
            language: "en",
            files: load.files,
            gzip: load.gzip,
            foreign: load.modules.filter((module) => module.startsWith("src/console/")),
            missing: ["src/shared/api/client.ts"].filter((module) => !load.modules.includes(module)),
          },
        ],
        sides,
      );
      expect(got).toEqual(c.want);
    });
  }
});
