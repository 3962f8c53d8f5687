// End-to-end checks of the console's Team and API tokens pages: the demo admin
// adds a staff member (the password link lands in the SES emulator's inbox),
// changes their role and deactivates them, each after a confirmation; creates
// an API token whose secret is shown once and works as a Bearer token, sees it
// among the organization's tokens, and revokes it, after which it no longer works.
//
//   PORTAL_URL=... DEMO_PASSWORD=... [SES_URL=...] node e2e/team.e2e.mjs
//
// Without DEMO_PASSWORD every check is reported as skipped; without SES_URL the
// inbox is not looked at.
import { expectNoAxeViolations } from "./a11y.mjs";
import { baseUrl, expectEqual, mailsTo, sesUrl, expectText, isMain, open, runSuites, skip, step, waitUntil, withBrowser } from "./lib.mjs";

export const TEAM_TIMEOUT_MS = 90_000;
const ADMIN_EMAIL = process.env.DEMO_ADMIN_EMAIL ?? "admin@acme.example";
const password = process.env.DEMO_PASSWORD ?? "";

const CHECKS = [
  "admin adds a team member, who is emailed the password link",
  "the member's role change and deactivation are confirmed, then saved",
  "a new API token's secret is shown once and works as a Bearer token",
  "the organization's tokens list it with its owner; revoked, it stops working",
];

/** The answer status of GET /api/admin/me with `secret` as a Bearer token (no cookies). */
async function meWithToken(secret) {
  const response = await fetch(`${baseUrl}/api/admin/me`, {
    headers: { Authorization: `Bearer ${secret}`, Accept: "application/json" },
  });
  return response.status;
}

export async function teamChecks({ executablePath }) {
  if (!password) {
    for (const name of CHECKS) skip(name, "DEMO_PASSWORD is not set");
    return;
  }
  const run = Date.now().toString(36);
  const email = `e2e.team.${run}@acme.example`;
  const name = `E2E Member ${run}`;
  const tokenName = `E2E token ${run}`;
  let secret = "";

  await withBrowser(executablePath, "en-US", async (page) => {
    const keep = { keepStorage: true };

    await step(CHECKS[0], page, async () => {
      await open(page, "/admin/login");
      await page.getByLabel("Email", { exact: true }).fill(ADMIN_EMAIL);
      await page.getByLabel("Password", { exact: true }).fill(password);
      await page.getByRole("button", { name: "Sign in" }).click();
      await page.getByRole("heading", { level: 1, name: "Overview" }).waitFor();
      await page.getByRole("navigation", { name: "Console sections" }).getByRole("link", { name: "Team" }).click();
      await page.getByRole("heading", { level: 1, name: "Team" }).waitFor();
      await page.getByRole("button", { name: "Add member" }).click();
      const dialog = page.getByRole("dialog", { name: "Add a team member" });
      await dialog.getByLabel("Email", { exact: true }).waitFor();
      await expectNoAxeViolations(page, "console team, Add member dialog");
      await dialog.getByLabel("Email", { exact: true }).fill(email);
      await dialog.getByLabel("Name", { exact: true }).fill(name);
      await dialog.getByLabel("Role", { exact: true }).selectOption("user");
      await dialog.getByRole("button", { name: "Add member" }).click();
      await expectText(page.getByTestId("team-notice"), `${email} was added`);
      await expectText(page.getByRole("row").filter({ hasText: email }), "Active");
      if (sesUrl) {
        await waitUntil(async () => {
          return (await mailsTo(email)).length > 0;
        }, `an email to ${email}`);
      }
    });

    await step(
      CHECKS[1],
      page,
      async () => {
        const row = page.getByRole("row").filter({ hasText: email });
        await row.getByLabel(`Role of ${name}`).selectOption("admin");
        const confirmRole = page.getByRole("alertdialog", { name: `Change the role of ${name}?` });
        await expectText(confirmRole, "Their open sessions end");
        await expectNoAxeViolations(page, "console team, confirmation dialog");
        await confirmRole.getByRole("button", { name: "Change role" }).click();
        await expectText(page.getByTestId("team-notice"), `The role of ${name} is now Administrator.`);
        expectEqual(await row.getByLabel(`Role of ${name}`).inputValue(), "admin", "the new role");

        await row.getByRole("button", { name: "Deactivate" }).click();
        const confirmOff = page.getByRole("alertdialog", { name: `Deactivate ${name}?` });
        await expectText(confirmOff, "their API tokens are revoked");
        await confirmOff.getByRole("button", { name: "Deactivate" }).click();
        await expectText(page.getByTestId("team-notice"), `${name} was deactivated.`);
        await expectText(row, "Inactive");
        await row.getByRole("button", { name: "Reactivate" }).waitFor();
      },
      keep,
    );

    await step(
      CHECKS[2],
      page,
      async () => {
        await page.getByRole("navigation", { name: "Console sections" }).getByRole("link", { name: "API tokens" }).click();
        await page.getByRole("heading", { level: 1, name: "API tokens" }).waitFor();
        await page.getByLabel("Name", { exact: true }).fill(tokenName);
        await page.getByLabel("Expires in (days)", { exact: true }).fill("7");
        await page.getByRole("button", { name: "Create token" }).click();
        const panel = page.getByTestId("token-secret");
        await expectText(panel, "You will not see it again");
        secret = await panel.getByLabel(`Token “${tokenName}”`).inputValue();
        if (secret.length < 20) throw new Error(`a short secret: ${JSON.stringify(secret)}`);
        expectEqual(await meWithToken(secret), 200, "GET /api/admin/me with the new token");
        await panel.getByRole("button", { name: "I have copied it" }).click();
        await panel.waitFor({ state: "detached" });
        const html = await page.content();
        if (html.includes(secret)) throw new Error("the secret is still in the page after it was dismissed");
        await expectText(page.getByTestId("my-tokens").getByRole("row").filter({ hasText: tokenName }), "Administrator");
        await expectNoAxeViolations(page, "console API tokens");
      },
      keep,
    );

    await step(
      CHECKS[3],
      page,
      async () => {
        if (!secret) throw new Error("no token was created");
        const admin = (await page.getByTestId("console-user").textContent())?.trim() ?? "";
        const row = page.getByTestId("all-tokens").getByRole("row").filter({ hasText: tokenName });
        await expectText(row, admin);
        await row.getByRole("button", { name: `Revoke token ${tokenName}` }).click();
        const confirm = page.getByRole("alertdialog", { name: `Revoke token “${tokenName}”?` });
        await confirm.getByRole("button", { name: "Revoke token" }).click();
        await expectText(page.getByTestId("tokens-notice"), `Token “${tokenName}” was revoked.`);
        await row.waitFor({ state: "detached" });
        await waitUntil(async () => (await meWithToken(secret)) === 401, "a 401 for the revoked token");
      },
      keep,
    );
  });
}

if (isMain(import.meta.url)) {
  await runSuites([teamChecks], TEAM_TIMEOUT_MS);
}
