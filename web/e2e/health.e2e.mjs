// End-to-end check of the built app against a running portal (the Go
// gateway, or anything else that serves web/dist with an SPA fallback and
// answers /api/health and /api/admin/me).
//
//   PORTAL_URL=http://127.0.0.1:34567 node e2e/health.e2e.mjs
//
// `npm run e2e` runs it together with console.e2e.mjs (see run.mjs).
import {
  LANGUAGE_STORAGE_KEY,
  expectEqual,
  expectText,
  isMain,
  open,
  runSuites,
  step,
  waitUntil,
  withBrowser,
} from "./lib.mjs";

export const HEALTH_TIMEOUT_MS = 60_000;

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

/** The status page, the language switcher and the deep links, in English and Portuguese. */
export async function healthChecks({ executablePath }) {
  await withBrowser(executablePath, "en-US", async (page) => {
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
    });
  });

  await withBrowser(executablePath, "pt-BR", async (page) => {
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
      await page.getByRole("navigation", { name: "Portal sections" }).waitFor();
    });
  });
}

if (isMain(import.meta.url)) await runSuites([healthChecks], HEALTH_TIMEOUT_MS);
