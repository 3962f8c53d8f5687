// Quote decisions: staff prepare a quote awaiting the customer (through the staff API, new for
// this run, so no other suite's data moves); the customer, in Portuguese, opens it, accepts it
// by signing (full name and "Concordo") and sees the decision on the quote; the console's view
// of the quote shows who signed. No accessibility violation on the dialog or the decision.
//
//   PORTAL_URL=... DEMO_PASSWORD=... DEMO_CUSTOMER_EMAIL=... node e2e/quotes.e2e.mjs
import { expectNoAxeViolations } from "./a11y.mjs";
import { LANGUAGE_STORAGE_KEY, api, expectEqual, expectText, isMain, open, runSuites, skip, step, withBrowser } from "./lib.mjs";

export const QUOTES_TIMEOUT_MS = 45_000;
const ADMIN_EMAIL = process.env.DEMO_ADMIN_EMAIL ?? "admin@acme.example";
const password = process.env.DEMO_PASSWORD ?? "";
const customerEmail = process.env.DEMO_CUSTOMER_EMAIL ?? "";
const SLUG = process.env.DEMO_PORTAL_SLUG ?? "acme";

const CHECKS = ["a customer in Portuguese accepts a quote by signing and sees the decision; the console shows who signed"];

const run = Date.now().toString(36);

export async function quoteChecks({ executablePath }) {
  if (!password || !customerEmail) {
    for (const name of CHECKS) skip(name, "DEMO_PASSWORD or DEMO_CUSTOMER_EMAIL is not set");
    return;
  }
  await withBrowser(executablePath, "pt-BR", async (page) => {
    await step(CHECKS[0], page, async () => {
      // One browser holds both sessions (the portal's and the staff's cookies differ).
      await open(page, `/p/${SLUG}/login`);
      await page.evaluate(([key]) => localStorage.setItem(key, "pt-BR"), [LANGUAGE_STORAGE_KEY]);
      expectEqual((await api(page, "POST", `/api/p/${SLUG}/login`, { email: customerEmail, password })).status, 200, "customer login");
      const me = (await api(page, "GET", "/api/me")).body;
      const before = me.preferences;
      try {
        expectEqual((await api(page, "PATCH", "/api/me/preferences", { ...before, language: "pt-BR" })).status, 200, "saving Portuguese");
        const self = (await api(page, "GET", "/api/records/Contacts")).body.items[0];
        expectEqual((await api(page, "POST", "/api/admin/login", { email: ADMIN_EMAIL, password })).status, 200, "staff login");
        const subject = `Cotação e2e ${run}`;
        const created = await api(page, "POST", "/api/admin/records/Quotes", {
          fields: { Subject: subject, Quote_Stage: "Delivered", Valid_Till: "2099-12-31", Contact_Name: self.id },
        });
        expectEqual(created.status, 201, "status of the staff's new quote");
        const quoteId = created.body.id;

        await open(page, `/p/${SLUG}/Quotes/${quoteId}`);
        const decide = page.getByTestId("quote-decide");
        await expectText(decide, "Esta cotação aguarda a sua decisão.");
        await decide.getByRole("button", { name: "Aceitar" }).click();
        const dialog = page.getByRole("dialog", { name: "Aceitar a cotação" });
        await dialog.waitFor();
        // Without a name nor the agreement the dialog says what is missing and sends nothing.
        await dialog.getByRole("button", { name: "Assinar e aceitar" }).click();
        await expectText(dialog, "Digite seu nome completo para assinar.");
        await expectText(dialog, "Marque “Concordo” para aceitar.");
        await dialog.getByLabel("Seu nome completo (assinatura)").fill("Patrícia Brandão");
        await dialog.getByLabel("Concordo com os termos e o total desta cotação").check();
        await expectNoAxeViolations(page, "the accept dialog");
        await dialog.getByRole("button", { name: "Assinar e aceitar" }).click();

        const decision = page.getByTestId("quote-decision");
        await expectText(decision, "Cotação aceita");
        await expectText(decision, "Assinada por Patrícia Brandão");
        await expectNoAxeViolations(page, "the accepted quote");

        await open(page, `/admin/records/Quotes/${quoteId}`);
        const signature = page.getByTestId("quote-signature");
        await expectText(signature, "Patrícia Brandão");
      } finally {
        await api(page, "PATCH", "/api/me/preferences", before);
      }
    });
  });
}

if (isMain(import.meta.url)) {
  await runSuites([quoteChecks], QUOTES_TIMEOUT_MS);
}
