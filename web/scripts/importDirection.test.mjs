/** @vitest-environment node */
// The import-direction rule of eslint.config.js, run through ESLint's own API: the rule the
// real configuration computes for a file in each area must refuse an import across features
// and allow one into src/shared, so a typo in a glob or a pattern cannot silently switch the
// rule off.
import { fileURLToPath } from "node:url";
import { ESLint } from "eslint";
import tseslint from "typescript-eslint";
import { describe, expect, it } from "vitest";

const webDir = fileURLToPath(new URL("..", import.meta.url));

/** The no-restricted-imports setting the real configuration gives a file. */
async function ruleFor(file) {
  const real = new ESLint({ cwd: webDir });
  const config = await real.calculateConfigForFile(file);
  return config.rules?.["no-restricted-imports"];
}

/** The messages of linting one import statement as if it were in file, with only the rule. */
async function lintImport(file, spec) {
  const rule = await ruleFor(file);
  const eslint = new ESLint({
    cwd: webDir,
    overrideConfigFile: true,
    overrideConfig: [
      {
        files: ["**/*.ts"],
        languageOptions: { parser: tseslint.parser },
        rules: rule ? { "no-restricted-imports": rule } : {},
      },
    ],
  });
  const [result] = await eslint.lintText(`import { x } from "${spec}";\nexport const y = x;\n`, {
    filePath: file,
  });
  return result.messages.map((m) => `${m.ruleId ?? "parse"}: ${m.message}`);
}

describe("import direction", () => {
  const cases = [
    { name: "portal imports console", file: "src/portal/pages/Probe.ts", spec: "../../console/api/admin", refused: true },
    { name: "console imports portal", file: "src/console/pages/Probe.ts", spec: "../../portal/api/customer", refused: true },
    { name: "console setup imports portal", file: "src/console/components/portalSetup/Probe.ts", spec: "../../../portal/lib/portalForm", refused: true },
    { name: "shared imports console", file: "src/shared/lib/Probe.ts", spec: "../../console/session", refused: true },
    { name: "shared imports portal", file: "src/shared/components/Probe.ts", spec: "../../portal/layouts/portalContext", refused: true },
    { name: "texts import a feature", file: "src/i18n/Probe.ts", spec: "../console/session", refused: true },
    { name: "test helpers import a feature", file: "src/test/Probe.ts", spec: "../portal/api/customer", refused: true },
    { name: "portal imports shared", file: "src/portal/pages/Probe.ts", spec: "../../shared/api/client", refused: false },
    { name: "console imports its own", file: "src/console/components/portalSetup/Probe.ts", spec: "../../api/portalSetup", refused: false },
    { name: "console imports its portal users", file: "src/console/pages/Probe.ts", spec: "../lib/portalUsers", refused: false },
    { name: "the app imports both", file: "src/Probe.ts", spec: "./console/ConsoleRoutes", refused: false },
    { name: "portal tests use the test helpers", file: "src/portal/pages/Probe.test.ts", spec: "../../test/console", refused: false },
    { name: "test helpers use each other", file: "src/test/Probe.ts", spec: "./portal", refused: false },
  ];
  for (const c of cases) {
    it(c.name, async () => {
      const got = await lintImport(c.file, c.spec);
      if (c.refused) {
        expect(got).toHaveLength(1);
        expect(got[0]).toMatch(/^no-restricted-imports: .*must not import the (console|portal) feature/);
      } else {
        expect(got).toEqual([]);
      }
    });
  }
});
