// Portal search: the demo customer types a lower-case, accent-less prefix of her name in the
// header's search, gets her own record and opens it; an invoice of another customer is not
// found by its number, and her email finds her contact only (the cases carry her email too,
// in a field her user type does not show). In the console, the demo admin finds a demo account
// by a prefix of its name in the header's search and opens its record page.
//
//   PORTAL_URL=... DEMO_PASSWORD=... DEMO_CUSTOMER_EMAIL=... node e2e/search.e2e.mjs
import { expectNoAxeViolations } from "./a11y.mjs";
import { api, baseUrl, expectEqual, isMain, open, runSuites, skip, step, withBrowser } from "./lib.mjs";

export const SEARCH_TIMEOUT_MS = 40_000;
const password = process.env.DEMO_PASSWORD ?? "";
const customerEmail = process.env.DEMO_CUSTOMER_EMAIL ?? "";
const SLUG = process.env.DEMO_PORTAL_SLUG ?? "acme";
const ADMIN_EMAIL = process.env.DEMO_ADMIN_EMAIL ?? "admin@acme.example";

const CHECKS = [
  "a customer finds her record by an accent-less, lower-case prefix and opens it",
  "another customer's invoice and a hidden field find nothing",
  "the admin finds a demo account from the console's header and opens it",
];

async function search(page, q) {
  const response = await page.request.get(`${baseUrl}/api/search?q=${encodeURIComponent(q)}`);
  if (response.status() !== 200) throw new Error(`GET /api/search?q=${q}: ${response.status()}`);
  return (await response.json()).items;
}

export async function searchChecks({ executablePath }) {
  if (!password || !customerEmail) {
    for (const name of CHECKS) skip(name, "DEMO_PASSWORD or DEMO_CUSTOMER_EMAIL is not set");
    return;
  }
  await withBrowser(executablePath, "pt-BR", async (page) => {
    await step(CHECKS[2], page, async () => {
      await open(page, "/admin/login");
      await page.getByLabel("E-mail", { exact: true }).fill(ADMIN_EMAIL);
      await page.getByLabel("Senha", { exact: true }).fill(password);
      await page.getByRole("button", { name: "Entrar" }).click();
      const box = page.getByRole("search", { name: "Buscar" }).getByRole("searchbox", { name: "Buscar" });
      await box.fill("padaria pão");
      await box.press("Enter");
      await page.getByRole("heading", { level: 1, name: "Resultados para “padaria pão”" }).waitFor();
      const account = page
        .getByRole("region", { name: "Contas" })
        .getByRole("link", { name: "Padaria Pão Dourado Ltda", exact: true });
      await account.waitFor();
      await expectNoAxeViolations(page, "console search results");
      await account.click();
      await page.waitForURL(/\/admin\/records\/Accounts\/[a-z0-9]+$/);
      await page.getByRole("heading", { level: 1, name: "Padaria Pão Dourado Ltda" }).waitFor();
    });
  });
  let restore;
  await withBrowser(executablePath, "pt-BR", async (page) => {
    await step(CHECKS[0], page, async () => {
      await open(page, `/p/${SLUG}/login`);
      await page.getByLabel("E-mail", { exact: true }).fill(customerEmail);
      await page.getByLabel("Senha", { exact: true }).fill(password);
      await page.getByRole("button", { name: "Entrar" }).click();
      // The customer's saved language decides the portal's; an earlier suite may have left
      // another. This suite reads Portuguese, so it sets it and puts the choice back after.
      await page.getByRole("navigation", { name: /Portal tabs|Abas|Pestañas/ }).waitFor();
      const before = (await api(page, "GET", "/api/me")).body.preferences;
      if (before.language !== "pt-BR") {
        expectEqual((await api(page, "PATCH", "/api/me/preferences", { ...before, language: "pt-BR" })).status, 200, "PATCH preferences");
        restore = before;
        await open(page, `/p/${SLUG}`);
      }
      const box = page.getByRole("search", { name: "Buscar" }).getByRole("searchbox", { name: "Buscar" });
      await box.fill("patricia brand");
      await box.press("Enter");
      await page.getByRole("heading", { level: 1, name: "Resultados para “patricia brand”" }).waitFor();
      const results = page.getByTestId("search-results").getByRole("link");
      await results.first().waitFor();
      expectEqual(JSON.stringify(await results.allTextContents()), JSON.stringify(["Patrícia Brandão"]), "the results");
      await expectNoAxeViolations(page, "portal search results");
      await results.first().click();
      await page.waitForURL(new RegExp(`/p/${SLUG}/Contacts/[a-z0-9]+$`));
    });
    await step(CHECKS[1], page, async () => {
      const mine = new Set((await search(page, "fatura")).map((item) => item.name));
      if (mine.size === 0) throw new Error("the customer finds none of her invoices");
      let other = "";
      for (let n = 1; n <= 30 && !other; n++) { // the demo has invoices 0001 to 0030
        const subject = `Fatura NF-2026-${String(n).padStart(4, "0")}`;
        if (!mine.has(subject)) other = subject;
      }
      expectEqual((await search(page, other.toLowerCase())).length, 0, `the results for another customer's "${other}"`);
      const byEmail = await search(page, customerEmail);
      expectEqual(byEmail.map((item) => item.module).join(","), "Contacts", "the modules her email finds");
      await open(page, `/p/${SLUG}/search?q=${encodeURIComponent(other.toLowerCase())}`);
      await page.getByTestId("search-none").waitFor();
    });
    if (restore) await api(page, "PATCH", "/api/me/preferences", restore);
  });
}

if (isMain(import.meta.url)) {
  await runSuites([searchChecks], SEARCH_TIMEOUT_MS);
}
