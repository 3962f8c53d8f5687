// Bulk actions on portal users as one job: a staff admin selects several invited users in
// Portal > Users, re-invites them in one go, and the progress bar (polling the job) reaches
// the end with every one done; the emails land in the SES emulator's inbox. Then the admin
// selects two fresh contacts in Contacts and invites them with one bulk job: its progress bar
// reaches done and each contact's person gets an invitation email.
//
//   PORTAL_URL=... DEMO_PASSWORD=... SES_URL=... node e2e/bulk.e2e.mjs
//
// Without DEMO_PASSWORD every check is reported as skipped.
import { expectNoAxeViolations } from "./a11y.mjs";
import { CSRF, baseUrl, expectEqual, expectText, isMain, mailsTo, open, runSuites, sesUrl, skip, step, waitUntil, withBrowser } from "./lib.mjs";

export const BULK_TIMEOUT_MS = 60_000;
const ADMIN_EMAIL = process.env.DEMO_ADMIN_EMAIL ?? "admin@acme.example";
const password = process.env.DEMO_PASSWORD ?? "";
const customerEmail = process.env.DEMO_CUSTOMER_EMAIL ?? "";

const CHECKS = [
  "staff selects two invited users and re-invites them in one go; the progress bar reaches done",
  "staff selects two contacts and invites them with one bulk job; the progress bar reaches done",
];

export async function bulkChecks({ executablePath }) {
  if (!password) {
    for (const name of CHECKS) skip(name, "DEMO_PASSWORD is not set");
    return;
  }
  await withBrowser(executablePath, "en-US", async (admin) => {
    await step(CHECKS[0], admin, async () => {
      await open(admin, "/admin/login");
      await admin.getByLabel("Email", { exact: true }).fill(ADMIN_EMAIL);
      await admin.getByLabel("Password", { exact: true }).fill(password);
      await admin.getByRole("button", { name: "Sign in" }).click();
      await admin.getByRole("heading", { level: 1, name: "Overview" }).waitFor();

      // Two demo contacts invited (with the console's API and the session's cookie) as the
      // free type, so that the list's newest invited users are theirs.
      const types = await (await admin.request.get(`${baseUrl}/api/admin/user-types`)).json();
      const free = (types.items ?? types).find((t) => t.baseModule === "Contacts" && !(t.seats > 0));
      if (!free) throw new Error("no free user type on Contacts");
      const answer = await admin.request.get(`${baseUrl}/api/admin/records/Contacts?sort=-Last_Name&limit=100`);
      expectEqual(answer.status(), 200, "status of the Contacts list");
      const { items } = await answer.json();
      const emails = [];
      for (const c of items) {
        if (emails.length === 2) break;
        const email = c.fields.Email;
        if (typeof email !== "string" || email.startsWith("e2e.") || email === customerEmail) continue;
        const r = await admin.request.post(`${baseUrl}/api/admin/records/Contacts/${c.id}/invitation`, { data: { userTypeId: free.id }, headers: CSRF });
        if (r.status() === 201 || r.status() === 200) emails.push(email);
      }
      if (emails.length < 2) throw new Error(`could invite only ${emails.length} demo contacts`);
      const before = sesUrl ? await Promise.all(emails.map(async (e) => (await mailsTo(e)).length)) : [];

      await open(admin, "/admin/portal/users?status=invited");
      for (const email of emails) await admin.getByRole("checkbox", { name: `Select ${email}` }).check();
      const bar = admin.getByRole("toolbar", { name: "Actions on the selected users" });
      await expectText(bar, "2 selected");
      await bar.getByRole("button", { name: "Resend selected" }).click();

      const progress = admin.getByRole("progressbar", { name: "Resending invitations" });
      await waitUntil(async () => (await progress.getAttribute("aria-valuenow")) === "2", "the progress bar at 2 of 2");
      expectEqual(await progress.getAttribute("aria-valuemax"), "2", "the progress bar's end");
      await expectText(admin.getByTestId("bulk-result"), "Done: 2 of 2 succeeded.");
      await expectNoAxeViolations(admin, "portal users after a bulk resend");
      if (sesUrl) {
        for (const [i, email] of emails.entries()) {
          await waitUntil(async () => (await mailsTo(email)).length > before[i], `a new invitation email to ${email}`);
        }
      }
    });

    await step(CHECKS[1], admin, async () => {
      // Two fresh contacts, so that no other suite's people are invited; the list shows the
      // last modified first, so they head it.
      const types = await (await admin.request.get(`${baseUrl}/api/admin/user-types`)).json();
      const free = (types.items ?? types).find((t) => t.baseModule === "Contacts" && !(t.seats > 0));
      if (!free) throw new Error("no free user type on Contacts");
      const tag = Date.now().toString(36);
      const people = [];
      for (const letter of ["a", "b"]) {
        // The list names a row by its first column, the first name: one of their own.
        const first = `Bulk-${tag}-${letter}`;
        const email = `e2e.bulkinvite-${tag}-${letter}@cliente.example`;
        const r = await admin.request.post(`${baseUrl}/api/admin/records/Contacts`, {
          data: { fields: { Last_Name: "Convite", First_Name: first, Email: email } },
          headers: CSRF,
        });
        expectEqual(r.status(), 201, `status of creating the contact ${first}`);
        people.push({ email, first });
      }

      await open(admin, "/admin/records/Contacts");
      for (const p of people) await admin.getByRole("checkbox", { name: `Select ${p.first}`, exact: true }).check();
      const bar = admin.getByTestId("record-bulk-bar");
      await expectText(bar, "2 selected");
      await bar.getByRole("button", { name: "Send portal invitation" }).click();
      const dialog = admin.getByRole("dialog", { name: "Send portal invitations to 2 records" });
      await dialog.getByLabel("User type").selectOption(free.id);
      await dialog.getByRole("button", { name: "Send", exact: true }).click();

      const progress = dialog.getByRole("progressbar", { name: "Invitations sent" });
      await waitUntil(async () => (await progress.getAttribute("aria-valuenow")) === "2", "the progress bar at 2 of 2");
      await expectText(dialog, "Done: 2 of 2 succeeded.");
      await expectNoAxeViolations(admin, "contacts after a bulk invitation");
      if (sesUrl) {
        for (const p of people) await waitUntil(async () => (await mailsTo(p.email)).length === 1, `the invitation email to ${p.email}`);
      }
      await dialog.getByRole("button", { name: "Close" }).click();
      await expectText(bar, "0 selected");
    });
  });
}

if (isMain(import.meta.url)) {
  await runSuites([bulkChecks], BULK_TIMEOUT_MS);
}
