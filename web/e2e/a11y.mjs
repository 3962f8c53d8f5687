// Accessibility check of the page as it is now, with axe-core (the engine
// behind Lighthouse's and the browser vendors' audits), run inside the page.
import { createRequire } from "node:module";
import { readFile } from "node:fs/promises";

const require = createRequire(import.meta.url);
let axeSource;

/**
 * Throws unless axe-core finds no violation of any impact on the page. `label`
 * names the page in the message, with each rule, its impact and the first
 * offending elements, so a failure says what to fix.
 */
export async function expectNoAxeViolations(page, label) {
  axeSource ??= await readFile(require.resolve("axe-core/axe.min.js"), "utf8");
  const hasAxe = await page.evaluate(() => typeof globalThis.axe !== "undefined");
  // Evaluated through the DevTools protocol, not added as a <script>: the app's content
  // security policy refuses inline scripts, as it should.
  if (!hasAxe) await page.evaluate(axeSource);
  const violations = await page.evaluate(async () => {
    const result = await globalThis.axe.run(globalThis.document, { resultTypes: ["violations"] });
    return result.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      targets: v.nodes.slice(0, 3).map((n) => n.target.join(" ")),
    }));
  });
  if (violations.length > 0) {
    const lines = violations.map(
      (v) => `${v.id} (${v.impact}): ${v.help} — ${v.targets.join(" | ")}`,
    );
    throw new Error(`axe-core on ${label}: ${violations.length} violation(s)\n${lines.join("\n")}`);
  }
}
