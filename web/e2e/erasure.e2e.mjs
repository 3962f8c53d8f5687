// End-to-end checks of a customer's erasure on request: staff invite a fresh contact (never
// the demo customer others use), the customer accepts, then, with the organization's erasure
// mode set to approval, asks for the deletion of their account from the preferences with
// their password (a wrong one first); the request shows as pending, an admin approves it in
// the console's Erasure requests page; they cannot sign in afterwards, and the staff's portal
// users list no longer has them. The mode is set back to immediate at the end.
//
//   PORTAL_URL=... DEMO_PASSWORD=... SES_URL=... node e2e/erasure.e2e.mjs
//
// With SHOTS_DIR set, the preferences' erasure section is also saved as screenshots (desktop
// and 375 px wide, pt-BR and English) for a reviewer. Without DEMO_PASSWORD or SES_URL every
// check is reported as skipped.
import { expectNoAxeViolations } from "./a11y.mjs";
import { api, baseUrl, expectEqual, expectText, isMain, mailsTo, open, runSuites, sesUrl, skip, step, waitUntil, withBrowser } from "./lib.mjs";

export const ERASURE_TIMEOUT_MS = 60_000;
const ADMIN_EMAIL = process.env.DEMO_ADMIN_EMAIL ?? "admin@acme.example";
const password = process.env.DEMO_PASSWORD ?? "";
const SLUG = process.env.DEMO_PORTAL_SLUG ?? "acme";
const SHOTS_DIR = process.env.SHOTS_DIR ?? "";
const CUSTOMER_PASSWORD = "a passphrase to be erased in the e2e";

const CHECKS = [
  "staff invite a fresh contact as Clientes",
  "the customer accepts the invitation",
  "a wrong password erases nothing (Portuguese)",
  "in approval mode the customer's request is pending; an admin approves it in the console",
  "the erased customer cannot sign in; staff no longer list them",
];

async function shoot(page, name, testId = "erase-account") {
  if (!SHOTS_DIR) return;
  for (const [suffix, width] of [["desktop", 1280], ["375", 375]]) {
    await page.setViewportSize({ width, height: 800 });
    await page.getByTestId(testId).scrollIntoViewIfNeeded();
    await page.screenshot({ path: `${SHOTS_DIR}/${name}-${suffix}.png`, fullPage: false });
  }
  await page.setViewportSize({ width: 1280, height: 800 });
}

export async function erasureChecks({ executablePath }) {
  if (!password || !sesUrl) {
    for (const name of CHECKS) skip(name, "DEMO_PASSWORD or SES_URL is not set");
    return;
  }
  const email = `e2e.erasure.${Date.now().toString(36)}@cliente.example`;
  let link = "";
  let userId = "";
  await withBrowser(executablePath, "en-US", async (admin) => {
    await withBrowser(executablePath, "pt-BR", async (customer) => {
      const keep = { keepStorage: true };
      await step(CHECKS[0], admin, async () => {
        await open(admin, "/admin/login");
        await admin.getByLabel("Email", { exact: true }).fill(ADMIN_EMAIL);
        await admin.getByLabel("Password", { exact: true }).fill(password);
        await admin.getByRole("button", { name: "Sign in" }).click();
        await admin.getByRole("heading", { level: 1, name: "Overview" }).waitFor();
        const types = await api(admin, "GET", "/api/admin/user-types");
        expectEqual(types.status, 200, "status of the user types");
        const clientes = types.body.items.find((ut) => ut.name === "Clientes");
        if (!clientes) throw new Error("no Clientes user type");
        const contact = await api(admin, "POST", "/api/admin/records/Contacts", { fields: { Last_Name: "Apagável", First_Name: "Eva", Email: email } });
        expectEqual(contact.status, 201, "status of the new contact");
        const invited = await api(admin, "POST", `/api/admin/records/Contacts/${contact.body.id}/invitation`, { userTypeId: clientes.id });
        expectEqual(invited.status, 201, "status of the invitation");
        userId = invited.body.id;
        const mail = await waitUntil(async () => (await mailsTo(email)).at(-1), `an email to ${email}`);
        const found = (mail.body?.text ?? "").match(/https?:\/\/\S+\/invite\/[A-Za-z0-9_-]{43}/);
        if (!found) throw new Error("no accept link in the invitation");
        link = found[0];
      });

      await step(CHECKS[1], customer, async () => {
        if (!link) throw new Error("no link to follow");
        await customer.goto(link, { waitUntil: "domcontentloaded" });
        await customer.getByLabel("Escolha uma senha", { exact: false }).fill(CUSTOMER_PASSWORD);
        await customer.getByLabel("Repita a senha", { exact: false }).fill(CUSTOMER_PASSWORD);
        await customer.getByRole("button", { name: /Aceitar/ }).click();
        await customer.waitForURL(`**/p/${SLUG}/welcome`);
      }, keep);

      await step(CHECKS[2], customer, async () => {
        const section = customer.getByTestId("erase-account");
        await section.getByRole("button", { name: "Excluir minha conta…" }).click();
        await shoot(customer, "erasure-pt-BR");
        await section.getByLabel("Sua senha, para confirmar").fill("not the passphrase");
        await section.getByRole("button", { name: "Excluir minha conta definitivamente" }).click();
        await expectText(section.getByRole("alert"), "Essa não é a sua senha. Nada foi excluído.");
        await expectNoAxeViolations(customer, "portal preferences, erasure refused");
        const me = await api(customer, "GET", "/api/me");
        expectEqual(me.status, 200, "the session after a wrong password");
      }, keep);

      try {
        await step(CHECKS[3], customer, async () => {
          const mode = await api(admin, "PATCH", "/api/admin/org", { erasure: "approval" });
          expectEqual(mode.status, 200, "status of the erasure mode change");
          await customer.reload({ waitUntil: "domcontentloaded" });
          const section = customer.getByTestId("erase-account");
          await section.getByRole("button", { name: "Excluir minha conta…" }).click();
          await section.getByLabel("Sua senha, para confirmar").fill(CUSTOMER_PASSWORD);
          await section.getByRole("button", { name: "Pedir a exclusão da minha conta" }).click();
          await section.getByTestId("erase-pending").waitFor();
          await shoot(customer, "erasure-pending-pt-BR");
          await customer.getByLabel("Idioma", { exact: true }).selectOption("en");
          await section.getByRole("button", { name: "Withdraw my request" }).waitFor();
          await shoot(customer, "erasure-pending-en");
          await expectNoAxeViolations(customer, "portal preferences, erasure pending");
          await open(admin, "/admin/portal/erasure-requests");
          const row = admin.getByTestId(`erasure-request-${userId}`);
          await row.waitFor();
          await shoot(admin, "erasure-requests-en", `erasure-request-${userId}`);
          await expectNoAxeViolations(admin, "console erasure requests");
          await row.getByRole("button", { name: "Approve" }).click();
          await admin.getByRole("alertdialog").getByRole("button", { name: "Approve and erase" }).click();
          await expectText(admin.getByRole("status"), `The portal data of ${email} is erased.`);
          const me = await api(customer, "GET", "/api/me");
          expectEqual(me.status, 401, "the session after the approval");
          await customer.goto(`${baseUrl}/p/${SLUG}/login`, { waitUntil: "domcontentloaded" });
        }, keep);
      } finally {
        await api(admin, "PATCH", "/api/admin/org", { erasure: "immediate" });
      }

      await step(CHECKS[4], customer, async () => {
        await customer.getByLabel("Email", { exact: true }).fill(email);
        await customer.getByLabel("Password", { exact: true }).fill(CUSTOMER_PASSWORD);
        await customer.getByRole("button", { name: "Log in" }).click();
        await customer.getByRole("alert").waitFor();
        const gone = await api(admin, "GET", `/api/admin/portal-users?limit=100`);
        expectEqual(gone.status, 200, "status of the portal users list");
        if (gone.body.items.some((u) => u.id === userId || u.email === email)) throw new Error("staff still list the erased customer");
      }, keep);
    });
  });
}

if (isMain(import.meta.url)) {
  await runSuites([erasureChecks], ERASURE_TIMEOUT_MS);
}
