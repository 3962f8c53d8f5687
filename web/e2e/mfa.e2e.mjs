// End-to-end checks of the second factor (TOTP): the demo customer turns two-step
// verification on from their preferences (QR code, key, a first code, the recovery codes
// shown once), logs out and back in with a code from the "app" (computed here from the key,
// RFC 6238), then, in Portuguese, with a recovery code, which works only once; at the end
// they turn it off with their password and a code. The demo staff admin does the same on the
// console's settings page and signs in with a code.
//
//   PORTAL_URL=... DEMO_PASSWORD=... DEMO_CUSTOMER_EMAIL=... node e2e/mfa.e2e.mjs
//
// Without DEMO_PASSWORD or DEMO_CUSTOMER_EMAIL every check is reported as skipped. The suite
// leaves both people as it found them (no second factor), also when a check fails, so the
// other suites' password-only logins keep working.
import { createHmac } from "node:crypto";
import { expectNoAxeViolations } from "./a11y.mjs";
import { baseUrl, expectEqual, expectText, isMain, open, runSuites, skip, step, withBrowser } from "./lib.mjs";

// Up to a 30 s wait for a fresh time step per person (each code is accepted once), twice.
export const MFA_TIMEOUT_MS = 150_000;
const ADMIN_EMAIL = process.env.DEMO_ADMIN_EMAIL ?? "admin@acme.example";
const password = process.env.DEMO_PASSWORD ?? "";
const customerEmail = process.env.DEMO_CUSTOMER_EMAIL ?? "";
const SLUG = process.env.DEMO_PORTAL_SLUG ?? "acme";
const STEP_SECONDS = 30;

const CHECKS = [
  "the customer turns two-step verification on from their preferences (en)",
  "the customer logs out and back in with a code from the app (en)",
  "the customer logs in with a recovery code, which works once (pt-BR)",
  "the customer turns two-step verification off with password and code (pt-BR)",
  "a staff admin turns it on in the console's settings and signs in with a code",
];

// ------------------------------------------------------------------ TOTP (RFC 6238)

const BASE32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

/** The bytes of a base32 secret (RFC 4648, no padding; spaces and case ignored). */
function base32Bytes(secret) {
  const clean = secret.replace(/[\s=]/g, "").toUpperCase();
  let bits = 0;
  let value = 0;
  const out = [];
  for (const char of clean) {
    const index = BASE32.indexOf(char);
    if (index < 0) throw new Error(`not base32: ${char}`);
    value = (value << 5) | index;
    bits += 5;
    if (bits >= 8) {
      out.push((value >>> (bits - 8)) & 0xff);
      bits -= 8;
    }
  }
  return Buffer.from(out);
}

/** The 6-digit code of time step `counter` (HMAC-SHA1, dynamic truncation: RFC 4226/6238). */
export function totpAt(secret, counter) {
  const message = Buffer.alloc(8);
  message.writeBigUInt64BE(BigInt(counter));
  const mac = createHmac("sha1", base32Bytes(secret)).update(message).digest();
  const offset = mac[mac.length - 1] & 0x0f;
  const binary =
    ((mac[offset] & 0x7f) << 24) | (mac[offset + 1] << 16) | (mac[offset + 2] << 8) | mac[offset + 3];
  return String(binary % 1_000_000).padStart(6, "0");
}

const currentStep = () => Math.floor(Date.now() / 1000 / STEP_SECONDS);

/**
 * An authenticator app for one person: each code it gives is of a time step after the last
 * one it gave (the API accepts each step once), and within the API's window (the current step
 * and one either side). The first is of the previous step; when the next step is past the
 * window it waits for the clock to reach it (at most one step).
 */
function authenticator(secret) {
  let last = -Infinity;
  return {
    async code() {
      let now = currentStep();
      const next = Math.max(last + 1, now - 1);
      while (next > now + 1) {
        await new Promise((resolve) => setTimeout(resolve, 500));
        now = currentStep();
      }
      last = next;
      return totpAt(secret, next);
    },
  };
}

// ------------------------------------------------------------------ page steps

async function portalLogin(page, { email, submit, emailLabel, passwordLabel }) {
  await open(page, `/p/${SLUG}/login`);
  await page.getByLabel(emailLabel, { exact: true }).fill(email);
  await page.getByLabel(passwordLabel, { exact: true }).fill(password);
  await page.getByRole("button", { name: submit }).click();
}

/** Reads the key the enrolment shows (grouped in fours) and checks the QR code is there. */
async function enrolmentKey(page) {
  const setup = page.getByTestId("totp-setup");
  await setup.waitFor();
  const qr = setup.getByRole("img");
  await qr.waitFor();
  const loaded = await qr.evaluate((img) => img.complete && img.naturalWidth > 0);
  expectEqual(loaded, true, "the QR code image loaded");
  const key = (await setup.getByTestId("totp-secret").textContent()).replace(/\s/g, "");
  if (!/^[A-Z2-7]{16,}$/.test(key)) throw new Error(`not a base32 key: ${key}`);
  return key;
}

/** The recovery codes the page shows once. */
async function shownCodes(page) {
  const list = page.getByTestId("recovery-codes");
  await list.waitFor();
  const codes = (await list.locator("li").allTextContents()).map((text) => text.trim());
  expectEqual(codes.length, 10, "number of recovery codes");
  return codes;
}

/** Turns the factor off through the API with the page's session: the suite's clean-up. */
async function disableByApi(page, path, app) {
  const status = await page.request.get(`${baseUrl}${path}`);
  if (status.status() !== 200 || !(await status.json()).totp?.enabled) return;
  const answer = await page.request.post(`${baseUrl}${path}`, {
    headers: { "X-Requested-With": "portal", "Content-Type": "application/json" },
    data: { action: "disable", password, code: await app.code() },
  });
  if (answer.status() !== 204) console.log(`    (clean-up: turning the factor off answered ${answer.status()})`);
}

export async function mfaChecks({ executablePath }) {
  if (!password || !customerEmail) {
    for (const name of CHECKS) skip(name, "DEMO_PASSWORD or DEMO_CUSTOMER_EMAIL is not set");
    return;
  }
  let customerApp;
  let recoveryCodes = [];
  const english = { email: customerEmail, submit: "Log in", emailLabel: "Email", passwordLabel: "Password" };
  const portuguese = { email: customerEmail, submit: "Entrar", emailLabel: "E-mail", passwordLabel: "Senha" };

  await withBrowser(executablePath, "en-US", async (page) => {
    const keep = { keepStorage: true };
    await step(CHECKS[0], page, async () => {
      await open(page, `/p/${SLUG}/login`);
      await page.evaluate(() => localStorage.setItem("portal.language", "en"));
      await portalLogin(page, english);
      await page.getByRole("navigation", { name: /Portal tabs|Abas/ }).waitFor();
      // The customer's saved language leads the portal: English for these checks.
      const me = await page.request.get(`${baseUrl}/api/me`);
      const body = await me.json();
      if (body.preferences.language !== "en") {
        const saved = await page.request.patch(`${baseUrl}/api/me/preferences`, {
          headers: { "X-Requested-With": "portal", "Content-Type": "application/json" },
          data: { ...body.preferences, language: "en" },
        });
        expectEqual(saved.status(), 200, "status of saving the language");
      }
      await open(page, `/p/${SLUG}/welcome`);
      const section = page.getByTestId("security-section");
      await section.getByRole("heading", { name: "Sign-in security" }).waitFor();
      await section.getByRole("button", { name: "Turn on two-step verification" }).click();
      const key = await enrolmentKey(page);
      customerApp = authenticator(key);
      await expectNoAxeViolations(page, "portal preferences, two-step verification set-up");
      await section.getByLabel("Authentication code", { exact: true }).fill(await customerApp.code());
      await section.getByRole("button", { name: "Verify and turn on" }).click();
      recoveryCodes = await shownCodes(page);
      await expectNoAxeViolations(page, "portal preferences, recovery codes");
      await section.getByRole("button", { name: "I saved them" }).click();
      await expectText(section.getByTestId("security-done"), "Two-step verification is on.");
      await expectText(section.getByTestId("recovery-codes-left"), "10");
    }, keep);

    await step(CHECKS[1], page, async () => {
      if (!customerApp) throw new Error("the factor was not turned on");
      await page.getByRole("button", { name: "Log out" }).click();
      await page.getByTestId("signed-out").waitFor();
      await portalLogin(page, english);
      await page.getByRole("heading", { level: 1, name: "Two-step verification" }).waitFor();
      const code = page.getByLabel("Authentication code", { exact: true });
      expectEqual(await code.getAttribute("autocomplete"), "one-time-code", "the code field's autocomplete");
      await expectNoAxeViolations(page, "portal login, code step");
      // A wrong code is refused and the form stays.
      await code.fill("000000");
      await page.getByRole("button", { name: "Verify" }).click();
      await expectText(page.getByTestId("code-error"), "not right");
      await code.fill(await customerApp.code());
      await page.getByRole("button", { name: "Verify" }).click();
      await page.getByRole("navigation", { name: "Portal tabs" }).waitFor();
    }, keep);
  });

  await withBrowser(executablePath, "pt-BR", async (page) => {
    const keep = { keepStorage: true };
    await step(CHECKS[2], page, async () => {
      const [first] = recoveryCodes;
      if (!first) throw new Error("no recovery codes were shown");
      await open(page, `/p/${SLUG}/login`);
      await page.evaluate(() => localStorage.setItem("portal.language", "pt-BR"));
      await portalLogin(page, portuguese);
      await page.getByRole("heading", { level: 1, name: "Verificação em duas etapas" }).waitFor();
      await page.getByRole("button", { name: "Usar um código de recuperação" }).click();
      await expectNoAxeViolations(page, "portal login, recovery code step (pt-BR)");
      await page.getByLabel("Código de recuperação", { exact: true }).fill(first.toUpperCase());
      await page.getByRole("button", { name: "Verificar" }).click();
      await page.getByRole("navigation", { name: /Abas|Portal tabs/ }).waitFor();
      // Used once: the same code is refused at the next login.
      await page.getByRole("button", { name: /^(Sair|Log out)$/ }).click();
      await page.getByTestId("signed-out").waitFor();
      await page.evaluate(() => localStorage.setItem("portal.language", "pt-BR"));
      await portalLogin(page, portuguese);
      await page.getByRole("button", { name: "Usar um código de recuperação" }).click();
      await page.getByLabel("Código de recuperação", { exact: true }).fill(first);
      await page.getByRole("button", { name: "Verificar" }).click();
      await expectText(page.getByTestId("code-error"), "já foi usado");
      // A second recovery code still works.
      await page.getByLabel("Código de recuperação", { exact: true }).fill(recoveryCodes[1]);
      await page.getByRole("button", { name: "Verificar" }).click();
      await page.getByRole("navigation", { name: /Abas|Portal tabs/ }).waitFor();
    }, keep);

    await step(CHECKS[3], page, async () => {
      // The portal follows the saved language (English): the switcher makes it Portuguese.
      const me = await page.request.get(`${baseUrl}/api/me`);
      const body = await me.json();
      const saved = await page.request.patch(`${baseUrl}/api/me/preferences`, {
        headers: { "X-Requested-With": "portal", "Content-Type": "application/json" },
        data: { ...body.preferences, language: "pt-BR" },
      });
      expectEqual(saved.status(), 200, "status of saving the language");
      await open(page, `/p/${SLUG}/welcome`);
      const section = page.getByTestId("security-section");
      await section.getByRole("heading", { name: "Segurança de acesso" }).waitFor();
      await expectText(section.getByTestId("recovery-codes-left"), "8");
      await section.getByRole("button", { name: "Desativar" }).click();
      await section.getByLabel("Senha", { exact: true }).fill(password);
      await section.getByLabel("Código de verificação", { exact: true }).fill(await customerApp.code());
      await expectNoAxeViolations(page, "portal preferences, turning two-step verification off (pt-BR)");
      await section.getByRole("button", { name: "Desativar" }).click();
      await expectText(section.getByTestId("security-done"), "A verificação em duas etapas está desativada.");
      await section.getByRole("button", { name: "Ativar a verificação em duas etapas" }).waitFor();
    }, keep);
    if (customerApp) await disableByApi(page, "/api/me/mfa", customerApp).catch(() => undefined);
  });

  await withBrowser(executablePath, "en-US", async (page) => {
    let staffApp;
    const signIn = async () => {
      await open(page, "/admin/login");
      await page.getByLabel("Email", { exact: true }).fill(ADMIN_EMAIL);
      await page.getByLabel("Password", { exact: true }).fill(password);
      await page.getByRole("button", { name: "Sign in" }).click();
    };
    await step(CHECKS[4], page, async () => {
      await signIn();
      await page.getByRole("heading", { level: 1, name: "Overview" }).waitFor();
      await open(page, "/admin/settings");
      const section = page.getByTestId("security-section");
      await section.getByRole("button", { name: "Turn on two-step verification" }).click();
      staffApp = authenticator(await enrolmentKey(page));
      await section.getByLabel("Authentication code", { exact: true }).fill(await staffApp.code());
      await section.getByRole("button", { name: "Verify and turn on" }).click();
      await shownCodes(page);
      await section.getByRole("button", { name: "I saved them" }).click();
      await expectText(section.getByTestId("security-done"), "Two-step verification is on.");
      await expectNoAxeViolations(page, "console settings, sign-in security");

      await page.getByRole("button", { name: "Sign out" }).click();
      await page.getByTestId("signed-out").waitFor();
      await signIn();
      await page.getByRole("heading", { level: 1, name: "Two-step verification" }).waitFor();
      await expectNoAxeViolations(page, "console sign-in, code step");
      await page.getByLabel("Authentication code", { exact: true }).fill(await staffApp.code());
      await page.getByRole("button", { name: "Verify" }).click();
      await page.getByRole("heading", { level: 1, name: "Overview" }).waitFor();

      // The team list shows the admin's factor.
      await open(page, "/admin/team");
      const row = page.getByTestId(/^staff-/).filter({ hasText: ADMIN_EMAIL });
      await expectText(row, "2FA");
    });
    if (staffApp) await disableByApi(page, "/api/admin/me/mfa", staffApp).catch(() => undefined);
  });
}

if (isMain(import.meta.url)) {
  await runSuites([mfaChecks], MFA_TIMEOUT_MS);
}
