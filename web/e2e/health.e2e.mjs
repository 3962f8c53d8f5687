// End-to-end check of the built app against a running portal (the Go
// gateway, or anything else that serves web/dist with an SPA fallback and
// answers /api/health).
//
//   PORTAL_URL=http://127.0.0.1:34567 npm run e2e
//
// Uses the system Chromium (CHROMIUM_PATH, or chromium / chromium-browser /
// google-chrome on PATH) through playwright-core, headless, with a fresh
// temporary profile per browser. Prints one line per check and a summary,
// exits non-zero when a check fails, and saves a screenshot of each failure
// to web/test-results/.
import { accessSync, constants } from "node:fs";
import { mkdir, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { delimiter, dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";

const TOTAL_TIMEOUT_MS = 60_000;
const STEP_TIMEOUT_MS = 5_000;
const LAUNCH_ARGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--no-first-run",
  "--disable-sync",
  "--disable-quic",
];
const LANGUAGE_STORAGE_KEY = "portal.language";

const webDir = dirname(dirname(fileURLToPath(import.meta.url)));
const resultsDir = join(webDir, "test-results");

const results = [];
const startedAt = Date.now();

function finish() {
  const passed = results.filter((r) => r.ok).length;
  const failed = results.length - passed;
  console.log("");
  console.log(`e2e: ${passed} passed, ${failed} failed`);
  process.exitCode = failed > 0 || results.length === 0 ? 1 : 0;
}

function fail(message) {
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

const baseUrl = (process.env.PORTAL_URL ?? "").replace(/\/+$/, "");
if (!baseUrl) fail("set PORTAL_URL to the portal's address, e.g. PORTAL_URL=http://127.0.0.1:34567");
const executablePath = findChromium();
if (!executablePath) fail("Chromium not found: install it or set CHROMIUM_PATH");

const watchdog = setTimeout(() => {
  results.push({ ok: false, name: `whole run within ${TOTAL_TIMEOUT_MS / 1000} s` });
  console.log(`✗ the run took longer than ${TOTAL_TIMEOUT_MS / 1000} s`);
  finish();
  process.exit(1);
}, TOTAL_TIMEOUT_MS);
watchdog.unref();

// ---------------------------------------------------------------- helpers

/** Waits until the locator's text contains `expected`. */
async function expectText(locator, expected, timeout = STEP_TIMEOUT_MS) {
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

function expectEqual(actual, expected, what) {
  if (actual !== expected) {
    throw new Error(`${what}: expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}`);
  }
}

async function open(page, path) {
  const response = await page.goto(`${baseUrl}${path}`, { waitUntil: "domcontentloaded" });
  expectEqual(response?.status(), 200, `HTTP status of ${path}`);
}

/** Forgets a language stored by an earlier check, so each check starts clean. */
async function resetStorage(page) {
  if (!page.url().startsWith(baseUrl)) return;
  await page.evaluate(() => localStorage.clear()).catch(() => {});
}

async function step(name, page, run) {
  const stepStart = Date.now();
  try {
    await resetStorage(page);
    await run();
    results.push({ ok: true, name });
    console.log(`✓ ${name} (${Date.now() - stepStart} ms)`);
  } catch (error) {
    results.push({ ok: false, name });
    console.log(`✗ ${name}`);
    console.log(`    ${String(error?.message ?? error).split("\n").join("\n    ")}`);
    try {
      await mkdir(resultsDir, { recursive: true });
      const slug = name.replace(/[^a-z0-9]+/gi, "-").replace(/^-|-$/g, "").toLowerCase();
      const file = join(resultsDir, `${slug}.png`);
      await page.screenshot({ path: file, fullPage: true, timeout: 5_000 });
      console.log(`    screenshot: ${relative(process.cwd(), file)}`);
    } catch (screenshotError) {
      console.log(`    (no screenshot: ${screenshotError.message})`);
    }
  }
}

/** Runs `fn` with a page in a fresh headless Chromium using `locale`. */
async function withBrowser(locale, fn) {
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

async function expectHealth(page, t) {
  await page.getByRole("heading", { name: t.heading }).waitFor();
  await expectText(page.getByTestId("health-status"), t.ok);
  const version = (await page.getByTestId("health-version").textContent())?.trim();
  if (!version) throw new Error("the version is empty");
  await expectText(page.getByRole("row", { name: t.table }), t.up);
  await expectText(page.getByRole("row", { name: t.bucket }), t.up);
}

const EN = {
  heading: "Service status",
  ok: "OK",
  table: /Database table/,
  bucket: /File storage bucket/,
  up: "Up",
  label: "Language",
};
const PT = {
  heading: "Status do serviço",
  ok: "Operacional",
  table: /Tabela do banco de dados/,
  bucket: /Bucket de arquivos/,
  up: "Disponível",
  label: "Idioma",
};

// ------------------------------------------------------------------ checks

console.log(`e2e: ${baseUrl} with ${executablePath}`);

try {
  await withBrowser("en-US", async (page) => {
    await step("health page in English (en-US browser)", page, async () => {
      await open(page, "/");
      await expectHealth(page, EN);
      expectEqual(await page.locator("html").getAttribute("lang"), "en", "html lang");
      expectEqual(await page.getByLabel(EN.label).inputValue(), "en", "language switcher");
    });

    await step("switcher changes the language and remembers it", page, async () => {
      await open(page, "/");
      await expectHealth(page, EN);
      await page.getByLabel(EN.label).selectOption("pt-BR");
      await expectHealth(page, PT);
      expectEqual(await page.locator("html").getAttribute("lang"), "pt-BR", "html lang");
      expectEqual(
        await page.evaluate((key) => localStorage.getItem(key), LANGUAGE_STORAGE_KEY),
        "pt-BR",
        "stored language",
      );
      await page.reload({ waitUntil: "domcontentloaded" });
      await expectHealth(page, PT);
      await page.getByLabel(PT.label).selectOption("en");
      await expectHealth(page, EN);
    });

    await step("/admin deep link renders the staff console", page, async () => {
      await open(page, "/admin");
      await page.getByRole("navigation", { name: "Console sections" }).waitFor();
      await page.getByRole("heading", { level: 1, name: "Overview" }).waitFor();
      await expectHealth(page, EN);
    });

    await step("/p/acme deep link renders the customer portal", page, async () => {
      await open(page, "/p/acme");
      await page.getByRole("navigation", { name: "Portal sections" }).waitFor();
      await page.getByRole("heading", { level: 1, name: "Portal for acme" }).waitFor();
    });
  });

  await withBrowser("pt-BR", async (page) => {
    await step("health page in Portuguese (pt-BR browser)", page, async () => {
      await open(page, "/");
      await expectHealth(page, PT);
      expectEqual(await page.locator("html").getAttribute("lang"), "pt-BR", "html lang");
      expectEqual(await page.getByLabel(PT.label).inputValue(), "pt-BR", "language switcher");
    });

    await step("switcher changes Portuguese to English", page, async () => {
      await open(page, "/");
      await expectHealth(page, PT);
      await page.getByLabel(PT.label).selectOption("en");
      await expectHealth(page, EN);
      await open(page, "/p/acme");
      await page.getByRole("heading", { level: 1, name: "Portal for acme" }).waitFor();
    });
  });
} catch (error) {
  results.push({ ok: false, name: "browser" });
  console.log(`✗ could not run the browser: ${error?.message ?? error}`);
}

clearTimeout(watchdog);
console.log(`e2e: finished in ${((Date.now() - startedAt) / 1000).toFixed(1)} s`);
finish();
