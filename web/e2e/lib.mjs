// Shared runner of the browser tests: finds Chromium, opens fresh headless
// profiles, runs named checks, takes a screenshot of each failure and prints
// the summary line `e2e: N passed, N failed, N skipped`.
import { accessSync, constants } from "node:fs";
import { mkdir, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { delimiter, dirname, join, relative } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { chromium } from "playwright-core";

export const STEP_TIMEOUT_MS = 5_000;
const LAUNCH_ARGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--no-first-run",
  "--disable-sync",
  "--disable-quic",
];
export const LANGUAGE_STORAGE_KEY = "portal.language";

const webDir = dirname(dirname(fileURLToPath(import.meta.url)));
/** Where failure screenshots (and the walk's page screenshots) go; ignored by git. */
export const resultsDir = join(webDir, "test-results");

/** Each check's outcome: { name, status: "passed" | "failed" | "skipped" }. */
export const results = [];
const startedAt = Date.now();

export function fail(message) {
  console.error(`e2e: ${message}`);
  process.exit(2);
}

function findChromium() {
  if (process.env.CHROMIUM_PATH) return process.env.CHROMIUM_PATH;
  const dirs = (process.env.PATH ?? "").split(delimiter).filter(Boolean);
  for (const name of ["chromium", "chromium-browser", "google-chrome", "google-chrome-stable"]) {
    for (const dir of dirs) {
      const candidate = join(dir, name);
      try {
        accessSync(candidate, constants.X_OK);
        return candidate;
      } catch {
        // not here
      }
    }
  }
  return undefined;
}

export const baseUrl = (process.env.PORTAL_URL ?? "").replace(/\/+$/, "");

/** The SES emulator's base URL (SES_URL), or "" when the run has no inbox to read. */
export const sesUrl = (process.env.SES_URL ?? "").replace(/\/+$/, "");

/** The emails to `to` in the SES emulator's inbox, oldest first. */
export async function mailsTo(to) {
  const response = await fetch(`${sesUrl}/store`);
  if (!response.ok) throw new Error(`SES emulator inbox: ${response.status}`);
  const store = await response.json();
  return (store.emails ?? []).filter((m) => (m.destination?.to ?? []).includes(to));
}

function count(status) {
  return results.filter((r) => r.status === status).length;
}

function summary() {
  const passed = count("passed");
  const failed = count("failed");
  const skipped = count("skipped");
  console.log("");
  console.log(`e2e: finished in ${((Date.now() - startedAt) / 1000).toFixed(1)} s`);
  console.log(`e2e: ${passed} passed, ${failed} failed, ${skipped} skipped`);
  return failed > 0 || passed === 0 ? 1 : 0;
}

/** True when this module is the script node was started with. */
export function isMain(url) {
  return process.argv[1] !== undefined && url === pathToFileURL(process.argv[1]).href;
}

/**
 * Runs suites (async functions that call step/skip) one after the other
 * within `totalMs`, then prints the summary and sets the exit code.
 */
export async function runSuites(suites, totalMs) {
  if (!baseUrl) {
    fail("set PORTAL_URL to the portal's address, e.g. PORTAL_URL=http://127.0.0.1:34567");
  }
  const executablePath = findChromium();
  if (!executablePath) fail("Chromium not found: install it or set CHROMIUM_PATH");
  console.log(`e2e: ${baseUrl} with ${executablePath}`);
  const watchdog = setTimeout(() => {
    results.push({ status: "failed", name: `whole run within ${totalMs / 1000} s` });
    console.log(`✗ the run took longer than ${totalMs / 1000} s`);
    process.exit(summary());
  }, totalMs);
  watchdog.unref();
  for (const suite of suites) {
    try {
      await suite({ executablePath });
    } catch (error) {
      results.push({ status: "failed", name: "browser" });
      console.log(`✗ could not run the browser: ${error?.message ?? error}`);
    }
  }
  clearTimeout(watchdog);
  process.exitCode = summary();
}

// ---------------------------------------------------------------- helpers

/** Waits until the locator's text contains `expected`. */
export async function expectText(locator, expected, timeout = STEP_TIMEOUT_MS) {
  const deadline = Date.now() + timeout;
  let actual = "";
  for (;;) {
    try {
      actual = (await locator.textContent({ timeout: Math.max(deadline - Date.now(), 1) })) ?? "";
      if (actual.includes(expected)) return;
    } catch {
      // not attached yet
    }
    if (Date.now() >= deadline) {
      throw new Error(`expected ${locator} to contain "${expected}", found "${actual.trim()}"`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** At a phone's width the page must not scroll sideways: `what` names the page. */
export async function expectNoSideScroll(page, what) {
  const overflow = await page.evaluate(
    () => globalThis.document.documentElement.scrollWidth - globalThis.innerWidth,
  );
  if (overflow > 1) throw new Error(`${what} is ${overflow} px wider than the screen`);
}

/** Every cell's text lies on one line: an amount or a number never breaks inside itself. */
export async function expectOneLine(cells, what) {
  const lines = await cells.evaluateAll((all) =>
    all.map((cell) => {
      const range = globalThis.document.createRange();
      range.selectNodeContents(cell);
      const tops = new Set(
        [...range.getClientRects()].filter((r) => r.width > 0).map((r) => Math.round(r.top)),
      );
      return { text: cell.textContent, lines: tops.size };
    }),
  );
  if (lines.length === 0) throw new Error(`no ${what} to check`);
  const broken = lines.find((cell) => cell.lines !== 1);
  if (broken) throw new Error(`${what} "${broken.text}" takes ${broken.lines} lines`);
}

export function expectEqual(actual, expected, what) {
  if (actual !== expected) {
    throw new Error(`${what}: expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}`);
  }
}

/** Waits until `probe()` returns a truthy value and returns it. */
export async function waitUntil(probe, what, timeout = STEP_TIMEOUT_MS, interval = 200) {
  const deadline = Date.now() + timeout;
  let last;
  for (;;) {
    try {
      last = await probe();
      if (last) return last;
    } catch (error) {
      last = error?.message ?? error;
    }
    if (Date.now() >= deadline) {
      throw new Error(`${what} within ${timeout / 1000} s (last: ${JSON.stringify(last)})`);
    }
    await new Promise((resolve) => setTimeout(resolve, interval));
  }
}

export async function open(page, path) {
  const response = await page.goto(`${baseUrl}${path}`, { waitUntil: "domcontentloaded" });
  expectEqual(response?.status(), 200, `HTTP status of ${path}`);
}

/** Forgets a language stored by an earlier check, so each check starts clean. */
async function resetStorage(page) {
  if (!page.url().startsWith(baseUrl)) return;
  await page.evaluate(() => localStorage.clear()).catch(() => {});
}

export async function step(name, page, run, { keepStorage = false } = {}) {
  const stepStart = Date.now();
  try {
    if (!keepStorage) await resetStorage(page);
    await run();
    results.push({ status: "passed", name });
    console.log(`✓ ${name} (${Date.now() - stepStart} ms)`);
  } catch (error) {
    results.push({ status: "failed", name });
    console.log(`✗ ${name}`);
    console.log(
      `    ${String(error?.message ?? error)
        .split("\n")
        .join("\n    ")}`,
    );
    try {
      await mkdir(resultsDir, { recursive: true });
      const slug = name
        .replace(/[^a-z0-9]+/gi, "-")
        .replace(/^-|-$/g, "")
        .toLowerCase();
      const file = join(resultsDir, `${slug}.png`);
      await page.screenshot({ path: file, fullPage: true, timeout: 5_000 });
      console.log(`    screenshot: ${relative(process.cwd(), file)}`);
    } catch (screenshotError) {
      console.log(`    (no screenshot: ${screenshotError.message})`);
    }
  }
}

/** Records a check that did not run, with the reason. */
export function skip(name, reason) {
  results.push({ status: "skipped", name });
  console.log(`- ${name} (skipped: ${reason})`);
}

/** Runs `fn` with a page in a fresh headless Chromium using `locale`. */
export async function withBrowser(executablePath, locale, fn) {
  const userDataDir = await mkdtemp(join(tmpdir(), "portal-e2e-"));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath,
    headless: true,
    args: LAUNCH_ARGS,
    locale,
    viewport: { width: 1280, height: 800 },
  });
  try {
    context.setDefaultTimeout(STEP_TIMEOUT_MS);
    context.setDefaultNavigationTimeout(STEP_TIMEOUT_MS);
    const page = context.pages()[0] ?? (await context.newPage());
    const pageErrors = [];
    page.on("pageerror", (error) => pageErrors.push(error.message));
    await fn(page);
    await step(`no script errors (${locale} browser)`, page, async () => {
      if (pageErrors.length > 0) throw new Error(pageErrors.join("\n"));
    });
  } finally {
    await context.close();
    await rm(userDataDir, { recursive: true, force: true });
  }
}

/** The header the API asks of every call made with the session cookie (its CSRF guard). */
export const CSRF = { "X-Requested-With": "portal" };

/**
 * Calls the API with the page's cookies: `{status, headers, body}`, body the parsed JSON
 * (undefined for a 204 or a body that is not JSON). It throws on nothing: callers check status.
 */
export async function api(page, method, path, data, headers = {}) {
  const response = await page.request.fetch(`${baseUrl}${path}`, { method, data, headers: { ...CSRF, ...headers } });
  return {
    status: response.status(),
    headers: response.headers(),
    body: response.status() === 204 ? undefined : await response.json().catch(() => undefined),
  };
}
