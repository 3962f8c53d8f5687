// The portal in Spanish: a Spanish browser gets the login page in Spanish; a customer in an
// English browser picks Español in the header, which the portal saves as their language, and
// the invoice list and an invoice then show in Spanish (texts, field labels, statuses), with
// no raw text key and no accessibility violation. The customer's language is put back after.
//
//   PORTAL_URL=... DEMO_PASSWORD=... DEMO_CUSTOMER_EMAIL=... node e2e/spanish.e2e.mjs
import { readFile } from "node:fs/promises";
import { expectNoAxeViolations } from "./a11y.mjs";
import { LANGUAGE_STORAGE_KEY, api, expectEqual, expectText, isMain, open, runSuites, skip, step, waitUntil, withBrowser } from "./lib.mjs";

export const SPANISH_TIMEOUT_MS = 60_000;
const password = process.env.DEMO_PASSWORD ?? "";
const customerEmail = process.env.DEMO_CUSTOMER_EMAIL ?? "";
const SLUG = process.env.DEMO_PORTAL_SLUG ?? "acme";

const CHECKS = [
  "in a Spanish browser the portal's login page speaks Spanish",
  "a customer picks Español: the invoice list and an invoice show in Spanish, without raw keys",
];

/** The locale's top-level sections: a text key shown raw starts with one ("portal.navLabel"). */
const sections = Object.keys(JSON.parse(await readFile(new URL("../src/i18n/locales/en.json", import.meta.url), "utf8")));
const rawKey = new RegExp(`(^|[^\\w@.-])(${sections.join("|")})\\.[A-Za-z_][\\w.-]*`);
/** English words of the invoice statuses and of the portal's frame that a Spanish page must not show. */
const english = /\b(Draft|Created|Approved|Sent|Paid|Cancelled|Overdue|Issued|Invoices|Subject|Status|Log out|Preferences|Home)\b/;

async function expectSpanishPage(page, what) {
  await waitUntil(async () => (await page.evaluate(() => globalThis.document.documentElement.lang)) === "es", `${what}: <html lang="es">`);
  const text = await page.locator("body").innerText();
  const key = text.match(rawKey);
  if (key) throw new Error(`${what} shows a raw text key: ${key[0].trim()}`);
  const word = text.match(english);
  if (word) throw new Error(`${what} shows English ("${word[0]}") on a Spanish page`);
  await expectNoAxeViolations(page, what);
}

export async function spanishChecks({ executablePath }) {
  if (!password || !customerEmail) {
    for (const name of CHECKS) skip(name, "DEMO_PASSWORD or DEMO_CUSTOMER_EMAIL is not set");
    return;
  }
  await withBrowser(executablePath, "es-ES", async (page) => {
    await step(CHECKS[0], page, async () => {
      await open(page, `/p/${SLUG}/login`);
      await page.getByRole("heading", { level: 1, name: /^Inicie sesión en / }).waitFor();
      await page.getByLabel("Correo electrónico", { exact: true }).waitFor();
      await page.getByLabel("Contraseña", { exact: true }).waitFor();
      expectEqual(await page.getByRole("combobox", { name: "Idioma" }).inputValue(), "es", "the language picker's value");
      await expectSpanishPage(page, "portal login in Spanish");
    });
  });

  await withBrowser(executablePath, "en-US", async (page) => {
    await step(CHECKS[1], page, async () => {
      await open(page, `/p/${SLUG}/login`);
      await page.getByLabel("Email", { exact: true }).fill(customerEmail);
      await page.getByLabel("Password", { exact: true }).fill(password);
      await page.getByRole("button", { name: "Log in" }).click();
      await page.getByRole("navigation", { name: /Portal tabs|Abas|Pestañas/ }).waitFor();
      const before = (await api(page, "GET", "/api/me")).body.preferences;
      try {
        // The header's one language control; the page switches at once and saves the choice.
        await page.getByRole("combobox", { name: /^(Language|Idioma)$/ }).selectOption({ label: "Español" });
        await page.getByRole("navigation", { name: "Pestañas del portal" }).waitFor();
        await waitUntil(async () => (await api(page, "GET", "/api/me")).body.preferences.language === "es", "the saved language es");

        await page.evaluate((key) => localStorage.removeItem(key), LANGUAGE_STORAGE_KEY);
        await open(page, `/p/${SLUG}/Invoices`); // a fresh load: the saved language decides
        const rows = page.getByTestId("portal-row");
        await rows.first().waitFor();
        await waitUntil(async () => /^Facturas · \S/.test(await page.title()), `the title "Facturas · …" (is "${await page.title()}")`);
        const headers = await page.getByTestId("portal-columns").locator("th").allTextContents();
        for (const label of ["Asunto", "Estado", "Fecha de la factura", "Total general"]) {
          if (!headers.some((h) => h.includes(label))) throw new Error(`the invoice list lacks the column ${label}: ${headers.join(" | ")}`);
        }
        const statuses = (await rows.allTextContents()).join(" ");
        if (!/(Emitida|Pagada|Vencida|Enviada|Cancelada)/.test(statuses)) {
          throw new Error(`no Spanish invoice status in the list: ${statuses}`);
        }
        await expectSpanishPage(page, "portal invoices in Spanish");

        await rows.first().getByRole("link").first().click();
        await page.getByTestId("portal-record-section").first().waitFor();
        await expectText(page.getByTestId("portal-record-section").first(), "Información de la factura");
        await expectSpanishPage(page, "portal invoice in Spanish");
      } finally {
        await api(page, "PATCH", "/api/me/preferences", before);
      }
    });
  });
}

if (isMain(import.meta.url)) {
  await runSuites([spanishChecks], SPANISH_TIMEOUT_MS);
}
