// End-to-end checks of passkeys on Chromium's virtual authenticator (the DevTools protocol's
// WebAuthn domain: an internal authenticator with resident keys and user verification): the
// demo customer adds a passkey from their preferences (en), is asked for it at the next
// sign-in and uses it, then, once staff allow passwordless sign-in for their user type, signs
// in with the passkey alone (pt-BR). The demo staff admin does the same in the console: adds a
// passkey in the settings and uses it as the second step (en), then, once the organization
// allows it, signs in with it alone (pt-BR).
//
//   PORTAL_URL=... DEMO_PASSWORD=... DEMO_CUSTOMER_EMAIL=... node e2e/passkeys.e2e.mjs
//
// Without DEMO_PASSWORD or DEMO_CUSTOMER_EMAIL every check is reported as skipped. The suite
// leaves the customer, their type, the admin and the organization as it found them (no
// passkey, no passwordless sign-in), also when a check fails, so the other suites' password-only logins keep working.
import { expectNoAxeViolations } from "./a11y.mjs";
import { baseUrl, expectEqual, expectText, isMain, open, runSuites, skip, step, withBrowser } from "./lib.mjs";

export const PASSKEYS_TIMEOUT_MS = 60_000;
const ADMIN_EMAIL = process.env.DEMO_ADMIN_EMAIL ?? "admin@acme.example";
const password = process.env.DEMO_PASSWORD ?? "";
const customerEmail = process.env.DEMO_CUSTOMER_EMAIL ?? "";
const SLUG = process.env.DEMO_PORTAL_SLUG ?? "acme";
const JSON_HEADERS = { "X-Requested-With": "portal", "Content-Type": "application/json" };

const CHECKS = [
  "the customer adds a passkey from their preferences (en)",
  "the customer signs in with the passkey as their second step (en)",
  "the customer signs in with the passkey alone where their type allows it (pt-BR)",
  "a staff admin adds a passkey in the console's settings and signs in with it as the second step (en)",
  "the staff admin signs in with the passkey alone once the organization allows it (pt-BR)",
];

/** Gives the page's browser a virtual authenticator that holds passkeys and verifies its user. */
async function virtualAuthenticator(page) {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send("WebAuthn.enable");
  const { authenticatorId } = await cdp.send("WebAuthn.addVirtualAuthenticator", {
    options: { protocol: "ctap2", transport: "internal", hasResidentKey: true, hasUserVerification: true, isUserVerified: true },
  });
  return { cdp, authenticatorId };
}

async function portalLogin(page, { submit, emailLabel, passwordLabel }) {
  await open(page, `/p/${SLUG}/login`);
  await page.getByLabel(emailLabel, { exact: true }).fill(customerEmail);
  await page.getByLabel(passwordLabel, { exact: true }).fill(password);
  await page.getByRole("button", { name: submit }).click();
}

/** Saves the customer's language (the portal follows it once signed in). */
async function saveLanguage(page, language) {
  const me = await (await page.request.get(`${baseUrl}/api/me`)).json();
  const saved = await page.request.patch(`${baseUrl}/api/me/preferences`, {
    headers: JSON_HEADERS,
    data: { ...me.preferences, language },
  });
  expectEqual(saved.status(), 200, "status of saving the language");
  await page.evaluate((lang) => localStorage.setItem("portal.language", lang), language);
}

/** Signs the demo staff admin in, in the page's context (its cookie is the console's, not the portal's). */
async function staffLogin(page) {
  const login = await page.request.post(`${baseUrl}/api/admin/login`, {
    headers: JSON_HEADERS,
    data: { email: ADMIN_EMAIL, password },
  });
  expectEqual(login.status(), 200, "status of the staff login");
}

/** Sets the customer's user type's passkeyLogin as a staff admin. */
async function setPasskeyLogin(page, typeId, value) {
  await staffLogin(page);
  const got = await page.request.get(`${baseUrl}/api/admin/user-types/${typeId}`);
  const ut = await got.json();
  const body = { passkeyLogin: value };
  for (const k of ["name", "baseModule", "seats", "openFirstTab", "tabs", "notify", "delegable", "fields", "mfa"]) {
    if (k in ut) body[k] = ut[k];
  }
  const put = await page.request.put(`${baseUrl}/api/admin/user-types/${typeId}`, {
    headers: { ...JSON_HEADERS, "If-Match": String(ut.version) },
    data: body,
  });
  expectEqual(put.status(), 200, "status of saving the user type");
}

/** The clean-up: a staff admin resets the customer's second factor (their passkeys go with it). */
async function resetFactor(page, userId) {
  await staffLogin(page);
  const reset = await page.request.post(`${baseUrl}/api/admin/portal-users/${userId}/mfa-reset`, { headers: JSON_HEADERS });
  if (reset.status() !== 204) console.log(`    (clean-up: the reset answered ${reset.status()})`);
}

/** Sets the organization's staffPasskeyLogin (the staff admin's session is the page's). */
async function setStaffPasskeyLogin(page, value) {
  const patched = await page.request.patch(`${baseUrl}/api/admin/org`, {
    headers: JSON_HEADERS,
    data: { staffPasskeyLogin: value },
  });
  expectEqual(patched.status(), 200, "status of saving the organization's settings");
}

/**
 * The clean-up on the staff side: the admin removes their passkeys (with the password), in the
 * session the checks left (a new password login would now ask for the passkey).
 */
async function removeStaffPasskeys(page) {
  let got = await page.request.get(`${baseUrl}/api/admin/me/mfa`);
  if (got.status() === 401) {
    await staffLogin(page);
    got = await page.request.get(`${baseUrl}/api/admin/me/mfa`);
  }
  const status = await got.json();
  for (const passkey of status.passkeys ?? []) {
    const removed = await page.request.post(`${baseUrl}/api/admin/me/mfa`, {
      headers: JSON_HEADERS,
      data: { action: "passkey-remove", id: passkey.id, password },
    });
    if (removed.status() !== 204) console.log(`    (clean-up: removing a staff passkey answered ${removed.status()})`);
  }
}

export async function passkeyChecks({ executablePath }) {
  if (!password || !customerEmail) {
    for (const name of CHECKS) skip(name, "DEMO_PASSWORD or DEMO_CUSTOMER_EMAIL is not set");
    return;
  }
  const english = { submit: "Log in", emailLabel: "Email", passwordLabel: "Password" };
  await withBrowser(executablePath, "en-US", async (page) => {
    const keep = { keepStorage: true };
    let typeId;
    let userId;
    const { cdp, authenticatorId } = await virtualAuthenticator(page);
    try {
      await step(CHECKS[0], page, async () => {
        await open(page, `/p/${SLUG}/login`);
        await page.evaluate(() => localStorage.setItem("portal.language", "en"));
        await portalLogin(page, english);
        await page.getByRole("navigation", { name: /Portal tabs|Abas/ }).waitFor();
        await saveLanguage(page, "en");
        const me = await (await page.request.get(`${baseUrl}/api/me`)).json();
        typeId = me.userType?.id;
        userId = me.id;
        await open(page, `/p/${SLUG}/welcome`);
        const panel = page.getByTestId("passkeys");
        await panel.getByRole("heading", { name: "Passkeys" }).waitFor();
        await panel.getByLabel("Passkey name", { exact: true }).fill("Work laptop");
        await panel.getByRole("button", { name: "Add a passkey" }).click();
        await expectText(page.getByTestId("security-done"), 'The passkey "Work laptop" was added.');
        await expectText(panel.getByTestId("passkey"), "Work laptop");
        await expectNoAxeViolations(page, "portal preferences, passkeys");
        const { credentials } = await cdp.send("WebAuthn.getCredentials", { authenticatorId });
        expectEqual(credentials.length, 1, "passkeys in the virtual authenticator");
        expectEqual(credentials[0].isResidentCredential, true, "the passkey is discoverable");
      }, keep);

      await step(CHECKS[1], page, async () => {
        await page.getByRole("button", { name: "Log out" }).click();
        await page.getByTestId("signed-out").waitFor();
        await portalLogin(page, english);
        await page.getByRole("heading", { level: 1, name: "Two-step verification" }).waitFor();
        await expectNoAxeViolations(page, "portal login, passkey step");
        await page.getByRole("button", { name: "Use a passkey" }).click();
        await page.getByRole("navigation", { name: "Portal tabs" }).waitFor();
        await open(page, `/p/${SLUG}/welcome`);
        await expectText(page.getByTestId("passkey"), "last used");
      }, keep);

      await step(CHECKS[2], page, async () => {
        if (!typeId) throw new Error("the customer's user type is unknown");
        await setPasskeyLogin(page, typeId, true);
        await saveLanguage(page, "pt-BR");
        await page.getByRole("button", { name: /^(Sair|Log out)$/ }).click();
        await page.getByTestId("signed-out").waitFor();
        await page.evaluate(() => localStorage.setItem("portal.language", "pt-BR"));
        // The portal's public face is cached for a minute (Cache-Control): a visitor sees the
        // new setting within it; the check does not wait.
        await cdp.send("Network.clearBrowserCache");
        await open(page, `/p/${SLUG}/login`);
        const button = page.getByRole("button", { name: "Continuar com uma chave de acesso" });
        await button.waitFor();
        await expectNoAxeViolations(page, "portal login with a passkey button (pt-BR)");
        await button.click();
        await page.getByRole("navigation", { name: /Abas|Portal tabs/ }).waitFor();
      }, keep);
    } finally {
      if (userId) await resetFactor(page, userId).catch(() => undefined);
      if (typeId) await setPasskeyLogin(page, typeId, false).catch(() => undefined);
    }
  });

  await withBrowser(executablePath, "en-US", async (page) => {
    const keep = { keepStorage: true };
    const { cdp, authenticatorId } = await virtualAuthenticator(page);
    const signIn = async ({ email, password: passwordLabel, submit }) => {
      await open(page, "/admin/login");
      await page.getByLabel(email, { exact: true }).fill(ADMIN_EMAIL);
      await page.getByLabel(passwordLabel, { exact: true }).fill(password);
      await page.getByRole("button", { name: submit }).click();
    };
    try {
      await step(CHECKS[3], page, async () => {
        await open(page, "/admin/login");
        await page.evaluate(() => localStorage.setItem("portal.language", "en"));
        await signIn({ email: "Email", password: "Password", submit: "Sign in" });
        await page.getByRole("heading", { level: 1, name: "Overview" }).waitFor();
        await open(page, "/admin/settings");
        const panel = page.getByTestId("passkeys");
        await panel.getByRole("heading", { name: "Passkeys" }).waitFor();
        await panel.getByLabel("Passkey name", { exact: true }).fill("Office key");
        await panel.getByRole("button", { name: "Add a passkey" }).click();
        await expectText(page.getByTestId("security-done"), 'The passkey "Office key" was added.');
        await expectText(panel.getByTestId("passkey"), "Office key");
        await expectNoAxeViolations(page, "console settings, passkeys");
        const { credentials } = await cdp.send("WebAuthn.getCredentials", { authenticatorId });
        expectEqual(credentials.length, 1, "passkeys in the virtual authenticator");

        await page.getByRole("button", { name: "Sign out" }).click();
        await page.getByTestId("signed-out").waitFor();
        await signIn({ email: "Email", password: "Password", submit: "Sign in" });
        await page.getByRole("heading", { level: 1, name: "Two-step verification" }).waitFor();
        await expectNoAxeViolations(page, "console sign-in, passkey step");
        await page.getByRole("button", { name: "Use a passkey" }).click();
        await page.getByRole("heading", { level: 1, name: "Overview" }).waitFor();
        await open(page, "/admin/settings");
        await expectText(page.getByTestId("passkeys").getByTestId("passkey"), "last used");
      }, keep);

      await step(CHECKS[4], page, async () => {
        await setStaffPasskeyLogin(page, true);
        await page.getByRole("button", { name: "Sign out" }).click();
        await page.getByTestId("signed-out").waitFor();
        await page.evaluate(() => localStorage.setItem("portal.language", "pt-BR"));
        await open(page, "/admin/login");
        const button = page.getByRole("button", { name: "Continuar com uma chave de acesso" });
        await button.waitFor();
        await expectNoAxeViolations(page, "console login with a passkey button (pt-BR)");
        await button.click();
        await page.getByRole("heading", { level: 1, name: /^(Visão geral|Overview)$/ }).waitFor();
      }, keep);
    } finally {
      await setStaffPasskeyLogin(page, false).catch((e) => console.log(`    (clean-up: ${e.message})`));
      await removeStaffPasskeys(page).catch((e) => console.log(`    (clean-up: ${e.message})`));
    }
  });
}

if (isMain(import.meta.url)) {
  await runSuites([passkeyChecks], PASSKEYS_TIMEOUT_MS);
}
