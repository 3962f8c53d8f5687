// End-to-end checks of the customer's way in: a staff admin invites a demo
// contact from its record, the email lands in the SES emulator's inbox, the
// customer follows the link, sets a password and preferences, lands on their
// home, logs out and back in; the console lists them as active.
//
//   PORTAL_URL=... DEMO_PASSWORD=... SES_URL=... node e2e/invite.e2e.mjs
//
// Without DEMO_PASSWORD or SES_URL every check is reported as skipped.
import { expectNoAxeViolations } from "./a11y.mjs";
import { baseUrl, expectEqual, mailsTo, sesUrl, expectText, isMain, open, runSuites, skip, step, waitUntil, withBrowser } from "./lib.mjs";

export const INVITE_TIMEOUT_MS = 120_000;
const ADMIN_EMAIL = process.env.DEMO_ADMIN_EMAIL ?? "admin@acme.example";
const password = process.env.DEMO_PASSWORD ?? "";
const customerEmail = process.env.DEMO_CUSTOMER_EMAIL ?? "";
const SLUG = process.env.DEMO_PORTAL_SLUG ?? "acme";
const CUSTOMER_PASSWORD = "a long customer passphrase for the e2e";

const CHECKS = [
  "admin invites a demo contact from its record (More > Send portal invitation)",
  "the invitation email is in the local inbox with the accept link",
  "the customer accepts with a password and is asked for preferences",
  "saving preferences lands on the home, with the chosen language",
  "the customer logs out and back in",
  "the portal users list shows the customer as active",
  "the header's language switch is saved: the next load keeps it",
];

/** The newest email to `to` in the SES emulator, or undefined. */
async function lastMailTo(to) {
  return (await mailsTo(to)).at(-1);
}

export async function inviteChecks({ executablePath }) {
  if (!password || !sesUrl) {
    for (const name of CHECKS) skip(name, "DEMO_PASSWORD or SES_URL is not set");
    return;
  }
  let email = "";
  let link = "";
  await withBrowser(executablePath, "en-US", async (admin) => {
    await withBrowser(executablePath, "pt-BR", async (customer) => {
      const keep = { keepStorage: true };
      await step(CHECKS[0], admin, async () => {
        await open(admin, "/admin/login");
        await admin.getByLabel("Email", { exact: true }).fill(ADMIN_EMAIL);
        await admin.getByLabel("Password", { exact: true }).fill(password);
        await admin.getByRole("button", { name: "Sign in" }).click();
        await admin.getByRole("heading", { level: 1, name: "Overview" }).waitFor();
        // A seeded demo contact (not one imported by the console checks, not the demo
        // customer), found with the console's own API and the session's cookie.
        const answer = await admin.request.get(`${baseUrl}/api/admin/records/Contacts?sort=Last_Name&limit=100`);
        expectEqual(answer.status(), 200, "status of the Contacts list");
        const { items } = await answer.json();
        const contact = items.find(
          (c) => typeof c.fields.Email === "string" && !c.fields.Email.startsWith("e2e.") && c.fields.Email !== customerEmail,
        );
        if (!contact) throw new Error("no demo contact with an email");
        email = contact.fields.Email;
        await open(admin, `/admin/records/Contacts/${contact.id}`);
        await admin.getByRole("button", { name: "More", exact: true }).click();
        await admin.getByRole("menuitem", { name: "Send portal invitation" }).click();
        const dialog = admin.getByRole("dialog", { name: "Send portal invitation" });
        const select = dialog.getByLabel("User type", { exact: true });
        const clientes = await waitUntil(async () => {
          const options = await select.locator("option").allTextContents();
          return options.find((o) => o.startsWith("Clientes"));
        }, "the Clientes option");
        await expectNoAxeViolations(admin, "console invitation dialog");
        await select.selectOption({ label: clientes });
        await dialog.getByRole("button", { name: "Send", exact: true }).click();
        await expectText(dialog.getByTestId("invite-outcome"), email);
      });

      await step(CHECKS[1], admin, async () => {
        const mail = await waitUntil(() => lastMailTo(email), `an email to ${email}`);
        const text = mail.body?.text ?? "";
        const found = text.match(new RegExp(`${baseUrl.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}/p/${SLUG}/invite/[A-Za-z0-9_-]{43}`));
        if (!found) throw new Error(`no accept link in the email: ${text}`);
        if (!(mail.body?.html ?? "").includes(found[0])) throw new Error("the HTML part lacks the link");
        if (!mail.subject.includes("convida você")) throw new Error(`subject in the organization's language: ${mail.subject}`);
        link = found[0];
      }, keep);

      await step(CHECKS[2], customer, async () => {
        if (!link) throw new Error("no link to follow");
        await customer.goto(link, { waitUntil: "domcontentloaded" });
        await expectText(customer.locator("main"), email);
        await expectNoAxeViolations(customer, "portal invitation page");
        await customer.getByLabel("Escolha uma senha", { exact: false }).fill(CUSTOMER_PASSWORD);
        await customer.getByLabel("Repita a senha", { exact: false }).fill(CUSTOMER_PASSWORD);
        await customer.getByRole("button", { name: /Aceitar/ }).click();
        await customer.waitForURL(`**/p/${SLUG}/welcome`);
      }, keep);

      await step(CHECKS[3], customer, async () => {
        await customer.getByRole("button", { name: "Salvar preferências" }).waitFor();
        await expectNoAxeViolations(customer, "portal welcome (preferences)");
        // Prefilled from the organization's defaults (pt-BR, 24h, São Paulo, Brazil).
        expectEqual(await customer.getByLabel("Fuso horário", { exact: true }).inputValue(), "America/Sao_Paulo", "time zone prefilled");
        await customer.getByLabel("Formato de hora", { exact: true }).selectOption("12h");
        await customer.getByLabel("Fuso horário", { exact: true }).selectOption("Europe/Lisbon");
        await customer.getByLabel("País", { exact: true }).selectOption("PT");
        // The header's switcher is the one language control; the form saves its choice.
        await customer.getByLabel("Idioma", { exact: true }).selectOption("en");
        await customer.getByRole("button", { name: "Save preferences" }).click();
        await customer.waitForURL((url) => url.pathname === `/p/${SLUG}`);
        await customer.getByRole("navigation", { name: "Portal tabs" }).waitFor();
        await customer.getByRole("button", { name: "Log out" }).waitFor();
      }, keep);

      await step(CHECKS[4], customer, async () => {
        await customer.getByRole("button", { name: "Log out" }).click();
        await customer.waitForURL(`**/p/${SLUG}/login`);
        await customer.getByLabel("Email", { exact: true }).fill(email);
        await customer.getByLabel("Password", { exact: true }).fill("not the passphrase, surely");
        await customer.getByRole("button", { name: "Log in" }).click();
        await customer.getByRole("alert").waitFor();
        await expectNoAxeViolations(customer, "portal login with an error");
        // The ways back in without a password: the request form and a reset link that is not valid.
        await customer.getByRole("link", { name: "Forgot your password?" }).click();
        await customer.waitForURL(`**/p/${SLUG}/forgot`);
        await customer.getByRole("main").getByRole("heading", { level: 1 }).waitFor();
        await expectNoAxeViolations(customer, "portal forgotten password");
        await open(customer, `/p/${SLUG}/reset/not-a-valid-token`);
        await customer.getByRole("main").getByRole("heading", { level: 1 }).waitFor();
        await expectNoAxeViolations(customer, "portal password reset");
        await open(customer, `/p/${SLUG}/login`);
        await customer.getByLabel("Email", { exact: true }).fill(email);
        await customer.getByLabel("Password", { exact: true }).fill(CUSTOMER_PASSWORD);
        await customer.getByRole("button", { name: "Log in" }).click();
        await customer.waitForURL((url) => url.pathname === `/p/${SLUG}`);
        await customer.getByRole("navigation", { name: "Portal tabs" }).waitFor();
      }, keep);

      await step(CHECKS[6], customer, async () => {
        // Saved as English above; the header's switch saves Portuguese as the preference.
        await Promise.all([
          customer.waitForResponse((r) => r.url().endsWith("/api/me/preferences") && r.request().method() === "PATCH" && r.ok()),
          customer.getByLabel("Language", { exact: true }).selectOption("pt-BR"),
        ]);
        await customer.getByRole("button", { name: "Sair" }).waitFor();
        await customer.reload({ waitUntil: "domcontentloaded" });
        await customer.getByRole("navigation", { name: "Abas do portal" }).waitFor();
        await customer.getByRole("button", { name: "Sair" }).waitFor();
        expectEqual(await customer.locator("html").getAttribute("lang"), "pt-BR", "html lang after a reload");
        const saved = await customer.evaluate(async () => (await (await fetch("/api/me")).json()).preferences.language);
        expectEqual(saved, "pt-BR", "saved language");
      }, keep);

      await step(CHECKS[5], admin, async () => {
        await open(admin, "/admin/portal/users?status=active");
        const group = admin.getByRole("group", { name: `Actions for ${email}` });
        await group.waitFor();
        await group.getByRole("button", { name: "Deactivate", exact: true }).waitFor();
        const row = admin.getByRole("row").filter({ hasText: email });
        await expectText(row, "Active");
        expectEqual(await row.count(), 1, `rows of ${email}`);
        await expectNoAxeViolations(admin, "console portal users");
      }, keep);
    });
  });
}

if (isMain(import.meta.url)) {
  await runSuites([inviteChecks], INVITE_TIMEOUT_MS);
}
