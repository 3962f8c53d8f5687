// End-to-end checks of the customer account admin: the demo staff admin lets account admins
// invite the free type Clientes (the user type editor's box) and marks the demo customer
// account admin (the portal users list); the customer opens Colleagues from the portal's
// header, invites a Contact of their account and deactivates them after a confirmation
// (English), at a phone's width too, and reactivates them in Portuguese; the staff's audit
// log names the customer as the actor. Each page is checked with axe. The suite puts the
// demo back as it found it: the mark and the box are undone at the end.
//
//   PORTAL_URL=... DEMO_PASSWORD=... DEMO_CUSTOMER_EMAIL=... [SES_URL=...] node e2e/colleagues.e2e.mjs
//
// Without DEMO_PASSWORD or DEMO_CUSTOMER_EMAIL every check is reported as skipped; without
// SES_URL the inbox is not looked at.
import { expectNoAxeViolations } from "./a11y.mjs";
import {
  CSRF,
  LANGUAGE_STORAGE_KEY,
  api,
  baseUrl,
  expectEqual,
  expectNoSideScroll,
  expectText,
  isMain,
  mailsTo,
  open,
  runSuites,
  sesUrl,
  skip,
  step,
  waitUntil,
  withBrowser,
} from "./lib.mjs";

export const COLLEAGUES_TIMEOUT_MS = 90_000;
const ADMIN_EMAIL = process.env.DEMO_ADMIN_EMAIL ?? "admin@acme.example";
const password = process.env.DEMO_PASSWORD ?? "";
const customerEmail = process.env.DEMO_CUSTOMER_EMAIL ?? "";
const SLUG = process.env.DEMO_PORTAL_SLUG ?? "acme";

const CHECKS = [
  "staff let account admins invite Clientes and mark the demo customer account admin",
  "the account admin opens Colleagues, invites a Contact of their account and deactivates them",
  "Colleagues fits a 375-pixel-wide phone screen",
  "in Portuguese, the account admin reactivates the colleague after a confirmation",
  "the staff's audit log names the account admin as the actor; the demo is put back",
];

/** The demo customer's portal user, found through the staff API (every page of Clientes). */
async function customerUser(page, typeId) {
  let cursor = "";
  for (;;) {
    const query = `userTypeId=${typeId}&limit=100${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ""}`;
    const list = await api(page, "GET", `/api/admin/portal-users?${query}`);
    expectEqual(list.status, 200, "status of the portal users list");
    const found = list.body.items.find((user) => user.email === customerEmail);
    if (found) return found;
    if (!list.body.nextCursor) throw new Error(`no portal user ${customerEmail} of the type ${typeId}`);
    cursor = list.body.nextCursor;
  }
}

/** Sets the signed-in customer's saved and shown language. */
async function customerLanguage(page, language) {
  const me = await api(page, "GET", "/api/me");
  expectEqual(me.status, 200, "status of GET /api/me");
  const saved = await api(page, "PATCH", "/api/me/preferences", { ...me.body.preferences, language });
  expectEqual(saved.status, 200, "status of saving the preferences");
  await page.evaluate(([key, value]) => localStorage.setItem(key, value), [LANGUAGE_STORAGE_KEY, language]);
}

export async function colleagueChecks({ executablePath }) {
  if (!password || !customerEmail) {
    for (const name of CHECKS) skip(name, "DEMO_PASSWORD or DEMO_CUSTOMER_EMAIL is not set");
    return;
  }
  let typeId = "";
  let customerId = "";
  let invited = { id: "", email: "" };

  await withBrowser(executablePath, "en-US", async (page) => {
    const keep = { keepStorage: true };

    await step(CHECKS[0], page, async () => {
      await open(page, "/admin/login");
      await page.getByLabel("Email", { exact: true }).fill(ADMIN_EMAIL);
      await page.getByLabel("Password", { exact: true }).fill(password);
      await page.getByRole("button", { name: "Sign in" }).click();
      await page.getByRole("heading", { level: 1, name: "Overview" }).waitFor();
      await open(page, "/admin/portal/user-types");
      await page.getByRole("link", { name: "Clientes", exact: true }).click();
      await page.getByRole("heading", { level: 1, name: "User type: Clientes" }).waitFor();
      typeId = decodeURIComponent(new URL(page.url()).pathname.split("/").pop() ?? "");
      const box = page.getByRole("checkbox", { name: /Account admins may invite this type/ });
      await box.setChecked(true);
      await expectNoAxeViolations(page, "console user type editor, delegable");
      await page.getByRole("button", { name: "Save", exact: true }).click();
      await waitUntil(async () => {
        const errors = page.getByTestId("user-type-errors");
        if ((await errors.count()) > 0) throw new Error(`the save was refused: ${(await errors.textContent())?.trim()}`);
        return page.getByTestId("user-type-saved").isVisible();
      }, "the user type is saved");

      const user = await customerUser(page, typeId);
      customerId = user.id;
      await open(page, `/admin/portal/users?type=${encodeURIComponent(typeId)}`);
      await page.getByRole("heading", { level: 1, name: "Portal users" }).waitFor();
      const row = page.getByTestId(`portal-user-${customerId}`);
      await page.getByRole("table").waitFor();
      if ((await row.count()) > 0) {
        // The customer is on the list's first page: the console's toggle marks them.
        await row.getByRole("button", { name: "Make account admin" }).click();
        await expectText(page.getByTestId("portal-users-notice"), `${customerEmail} now manages their account's portal users.`);
        await expectText(row, "Account admin");
        await expectNoAxeViolations(page, "console portal users, account admin");
      } else {
        // Later invitations pushed them off the first page: the same action through the API.
        const marked = await api(page, "POST", `/api/admin/portal-users/${customerId}/account-admin`, { accountAdmin: true });
        expectEqual(marked.status, 200, "status of marking the account admin");
      }
    }, keep);

    await step(CHECKS[1], page, async () => {
      await open(page, `/p/${SLUG}/login`);
      await page.getByLabel("Email", { exact: true }).fill(customerEmail);
      await page.getByLabel("Password", { exact: true }).fill(password);
      await page.getByRole("button", { name: "Log in" }).click();
      await page.getByRole("navigation", { name: /Portal tabs|Abas/ }).waitFor();
      await customerLanguage(page, "en");
      await open(page, `/p/${SLUG}`);
      await page.getByRole("link", { name: "Colleagues", exact: true }).click();
      await page.getByRole("heading", { level: 1, name: "Colleagues" }).waitFor();
      await expectText(page.getByTestId(`colleague-${customerEmail}`), "(you)");
      await expectText(page.getByTestId(`colleague-${customerEmail}`), "Account admin");
      await expectNoAxeViolations(page, "portal colleagues");

      const candidate = page.getByLabel("Contact", { exact: true });
      const first = candidate.locator("option").nth(1);
      const value = await first.getAttribute("value");
      const label = (await first.textContent()) ?? "";
      const email = /<([^>]+)>/.exec(label)?.[1] ?? label.trim();
      if (!value || !email) throw new Error("no Contact of the account to invite");
      invited = { id: value, email };
      await candidate.selectOption(value);
      await page.getByLabel("User type", { exact: true }).selectOption(typeId);
      await page.getByRole("button", { name: "Send invitation" }).click();
      await expectText(page.getByTestId("colleagues-notice"), `An invitation was sent to ${email}.`);
      const row = page.getByTestId(`colleague-${email}`);
      await expectText(row, "Invited");
      if (sesUrl) {
        await waitUntil(async () => (await mailsTo(email)).length > 0, `an invitation email to ${email}`);
      }

      await row.getByRole("button", { name: "Deactivate" }).click();
      const confirm = page.getByRole("alertdialog", { name: /^Deactivate / });
      await expectText(confirm, "their sessions end now");
      await expectNoAxeViolations(page, "portal colleagues, confirmation");
      await confirm.getByRole("button", { name: "Deactivate" }).click();
      await expectText(page.getByTestId("colleagues-notice"), `The access of ${email} is deactivated.`);
      await expectText(row, "Deactivated");
    }, keep);

    await step(CHECKS[2], page, async () => {
      await page.setViewportSize({ width: 375, height: 740 });
      try {
        await open(page, `/p/${SLUG}/colleagues`);
        await page.getByRole("heading", { level: 1, name: "Colleagues" }).waitFor();
        await page.getByTestId(`colleague-${customerEmail}`).waitFor();
        await expectNoSideScroll(page, `/p/${SLUG}/colleagues`);
        await expectNoAxeViolations(page, "portal colleagues at 375 px");
      } finally {
        await page.setViewportSize({ width: 1280, height: 800 });
      }
    }, keep);
  });

  await withBrowser(executablePath, "pt-BR", async (page) => {
    const keep = { keepStorage: true };

    await step(CHECKS[3], page, async () => {
      if (!invited.email) throw new Error("no colleague was invited");
      await open(page, `/p/${SLUG}/login`);
      await page.getByLabel(/^(Email|E-mail)$/).fill(customerEmail);
      await page.getByLabel(/^(Password|Senha)$/).fill(password);
      await page.getByRole("button", { name: /^(Log in|Entrar)$/ }).click();
      await page.getByRole("navigation", { name: /Portal tabs|Abas/ }).waitFor();
      await customerLanguage(page, "pt-BR");
      await open(page, `/p/${SLUG}/colleagues`);
      await page.getByRole("heading", { level: 1, name: "Colegas" }).waitFor();
      const row = page.getByTestId(`colleague-${invited.email}`);
      await expectText(row, "Desativado");
      await row.getByRole("button", { name: "Reativar" }).click();
      const confirm = page.getByRole("alertdialog", { name: /^Reativar / });
      await expectNoAxeViolations(page, "portal colegas, confirmação");
      await confirm.getByRole("button", { name: "Reativar" }).click();
      await expectText(page.getByTestId("colleagues-notice"), `O acesso de ${invited.email} foi reativado.`);
      await waitUntil(async () => !/Desativado/.test((await row.textContent()) ?? ""), "the colleague is no longer deactivated");
      await expectNoAxeViolations(page, "portal colegas");
      await customerLanguage(page, "en");
    }, keep);

    await step(CHECKS[4], page, async () => {
      await open(page, "/admin/login");
      await page.getByLabel(/^(Email|E-mail)$/).fill(ADMIN_EMAIL);
      await page.getByLabel(/^(Password|Senha)$/).fill(password);
      await page.getByRole("button", { name: /^(Sign in|Entrar)$/ }).click();
      await page.getByRole("navigation", { name: /Console sections|Seções/ }).waitFor();
      if (invited.id) {
        const entries = await api(page, "GET", `/api/admin/audit?action=invitation_sent&recordId=${invited.id}`);
        expectEqual(entries.status, 200, "status of the audit log");
        const byCustomer = entries.body.items.filter((entry) => entry.actor?.kind === "portal" && entry.actor?.id === customerId);
        expectEqual(byCustomer.length, 1, "invitation_sent entries by the account admin");
      }
      // Put the demo back: the mark and the type's box.
      expectEqual((await api(page, "POST", `/api/admin/portal-users/${customerId}/account-admin`, { accountAdmin: false })).status, 200, "status of unmarking");
      const type = await api(page, "GET", `/api/admin/user-types/${typeId}`);
      const { name, baseModule, seats, openFirstTab, tabs, notify, mfa, fields } = type.body;
      const put = await page.request.fetch(`${baseUrl}/api/admin/user-types/${typeId}`, {
        method: "PUT",
        data: { name, baseModule, seats, openFirstTab, tabs, notify, mfa, fields, delegable: false },
        headers: { ...CSRF, "If-Match": String(type.body.version) },
      });
      expectEqual(put.status(), 200, "status of putting the type back");
    }, keep);
  });
}

if (isMain(import.meta.url)) {
  await runSuites([colleagueChecks], COLLEAGUES_TIMEOUT_MS);
}
