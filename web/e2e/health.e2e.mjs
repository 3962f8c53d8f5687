// End-to-end check of the built app against a running portal (the Go
// gateway, or anything else that serves web/dist with an SPA fallback and
// answers /api/health and /api/admin/me).
//
//   PORTAL_URL=http://127.0.0.1:34567 [DEMO_PASSWORD=...] node e2e/health.e2e.mjs
//
// The health API, the root page and the deep links need no sign-in; the console's status
// panel is checked when DEMO_PASSWORD is set.
//
// `npm run e2e` runs it together with console.e2e.mjs (see run.mjs).
import { expectNoAxeViolations } from "./a11y.mjs";
import {
  LANGUAGE_STORAGE_KEY,
  baseUrl,
  expectEqual,
  expectText,
  isMain,
  open,
  runSuites,
  skip,
  step,
  waitUntil,
  withBrowser,
} from "./lib.mjs";

export const HEALTH_TIMEOUT_MS = 60_000;

const ADMIN_EMAIL = process.env.DEMO_ADMIN_EMAIL ?? "admin@acme.example";
const password = process.env.DEMO_PASSWORD ?? "";

/** The console's service status panel (its overview page, for signed-in staff). */
async function expectHealth(page, t) {
  await page.getByRole("heading", { name: t.heading }).waitFor();
  await expectText(page.getByTestId("health-status"), t.ok);
  const version = (await page.getByTestId("health-version").textContent())?.trim();
  if (!version) throw new Error("the version is empty");
  await expectText(page.getByRole("row", { name: t.table }), t.up);
  await expectText(page.getByRole("row", { name: t.bucket }), t.up);
}

/** The root page anyone reaches: the product's name and the way in, nothing of the deployment. */
async function expectRoot(page, t) {
  await page.getByRole("heading", { level: 1, name: t.product }).waitFor();
  const link = page.getByRole("link", { name: t.staffSignIn });
  expectEqual(await link.getAttribute("href"), "/admin", "staff sign-in link");
  expectEqual(await page.getByTestId("health-status").count(), 0, "status panels on the root page");
  expectEqual(await page.getByTestId("health-version").count(), 0, "versions on the root page");
}

const EN = {
  product: "Customer Portal",
  staffSignIn: "Staff sign in",
  heading: "Service status",
  ok: "OK",
  table: /Database table/,
  bucket: /File storage bucket/,
  up: "Up",
  label: "Language",
};
const PT = {
  product: "Portal do Cliente",
  staffSignIn: "Entrar como equipe",
  heading: "Status do serviço",
  ok: "Operacional",
  table: /Tabela do banco de dados/,
  bucket: /Bucket de arquivos/,
  up: "Disponível",
  label: "Idioma",
};

const CONSOLE_HEALTH = "the service status is on the console's overview for signed-in staff";

/**
 * The health API, the root page and its language switcher, the deep links (no sign-in
 * needed), in English and Portuguese; with DEMO_PASSWORD, the status panel in the console.
 */
export async function healthChecks({ executablePath }) {
  await withBrowser(executablePath, "en-US", async (page) => {
    await step("the health API answers for monitoring", page, async () => {
      const response = await page.request.get(`${baseUrl}/api/health?deep=1`);
      expectEqual(response.status(), 200, "status of GET /api/health?deep=1");
      const body = await response.json();
      expectEqual(body.status, "ok", "health status");
      expectEqual(body.checks?.table?.status, "up", "table check");
      expectEqual(body.checks?.bucket?.status, "up", "bucket check");
    });

    await step("root page in English (en-US browser)", page, async () => {
      await open(page, "/");
      await expectRoot(page, EN);
      expectEqual(await page.locator("html").getAttribute("lang"), "en", "html lang");
      expectEqual(await page.getByLabel(EN.label).inputValue(), "en", "language switcher");
      await expectNoAxeViolations(page, "root page");
    });

    await step("switcher changes the language and remembers it", page, async () => {
      await open(page, "/");
      await expectRoot(page, EN);
      await page.getByLabel(EN.label).selectOption("pt-BR");
      await expectRoot(page, PT);
      expectEqual(await page.locator("html").getAttribute("lang"), "pt-BR", "html lang");
      expectEqual(
        await page.evaluate((key) => localStorage.getItem(key), LANGUAGE_STORAGE_KEY),
        "pt-BR",
        "stored language",
      );
      await page.reload({ waitUntil: "domcontentloaded" });
      await expectRoot(page, PT);
      await page.getByLabel(PT.label).selectOption("en");
      await expectRoot(page, EN);
    });

    await step(
      "/admin sends a signed-out visitor to the console's sign-in page",
      page,
      async () => {
        await open(page, "/admin/records/Contacts");
        await page
          .getByRole("heading", { level: 1, name: "Sign in to the staff console" })
          .waitFor();
        await waitUntil(
          () => new URL(page.url()).pathname === "/admin/login",
          "the address becomes /admin/login",
        );
        expectEqual(
          new URL(page.url()).searchParams.get("next"),
          "/admin/records/Contacts",
          "next parameter",
        );
        await page.getByRole("link", { name: "Forgot your password?" }).waitFor();
      },
    );

    await step("/p/acme deep link renders the customer portal", page, async () => {
      await open(page, "/p/acme");
      await page.getByRole("navigation", { name: "Portal sections" }).waitFor();
      // The portal's name, or "Portal not found" where the server has no portal acme.
      await page.locator("[data-shell='portal'] main h1").waitFor();
      await expectNoAxeViolations(page, "portal deep link, signed out");
    });
  });

  await withBrowser(executablePath, "pt-BR", async (page) => {
    await step("root page in Portuguese (pt-BR browser)", page, async () => {
      await open(page, "/");
      await expectRoot(page, PT);
      expectEqual(await page.locator("html").getAttribute("lang"), "pt-BR", "html lang");
      expectEqual(await page.getByLabel(PT.label).inputValue(), "pt-BR", "language switcher");
    });

    await step("switcher changes Portuguese to English", page, async () => {
      await open(page, "/");
      await expectRoot(page, PT);
      await page.getByLabel(PT.label).selectOption("en");
      await expectRoot(page, EN);
      await open(page, "/p/acme");
      await page.getByRole("navigation", { name: "Portal sections" }).waitFor();
    });

    if (!password) {
      skip(CONSOLE_HEALTH, "DEMO_PASSWORD is not set");
      return;
    }
    await step(CONSOLE_HEALTH, page, async () => {
      await open(page, "/");
      await page.getByRole("link", { name: PT.staffSignIn }).click();
      await page.getByLabel("E-mail", { exact: true }).fill(ADMIN_EMAIL);
      await page.getByLabel("Senha", { exact: true }).fill(password);
      await page.getByRole("button", { name: "Entrar" }).click();
      await page.getByRole("heading", { level: 1, name: "Visão geral" }).waitFor();
      await expectHealth(page, PT);
      await expectNoAxeViolations(page, "console overview in Portuguese");
    });
  });
}

if (isMain(import.meta.url)) await runSuites([healthChecks], HEALTH_TIMEOUT_MS);
