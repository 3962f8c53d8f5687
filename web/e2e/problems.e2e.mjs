// The API's refusals reach a Portuguese page in Portuguese: in a pt-BR browser, the
// console's password reset page is sent a too-common password and the account's own email,
// and each refusal must show the Portuguese sentence of its problem code while no English
// text of any problem answer (title, detail, errors[].message) is on the page. The portal's
// reset and record-form error paths are walked the same way in walk.e2e.mjs.
//
//   PORTAL_URL=... DEMO_PASSWORD=... SES_URL=... node e2e/problems.e2e.mjs
import { expectNoAxeViolations } from "./a11y.mjs";
import { baseUrl, expectEqual, isMain, mailsTo, open, runSuites, sesUrl, skip, step, waitUntil, withBrowser } from "./lib.mjs";

export const PROBLEMS_TIMEOUT_MS = 60_000;
const ADMIN_EMAIL = process.env.DEMO_ADMIN_EMAIL ?? "admin@acme.example";
const password = process.env.DEMO_PASSWORD ?? "";
/** On the common-password list the API refuses (shared/auth/common-passwords.txt). */
const COMMON_PASSWORD = "1qaz2wsx3edc4rfv";

const CHECKS = ["console reset page in pt-BR: a too-common password and the email are refused in Portuguese"];

/**
 * Records the English texts of every problem the API answers the page with, and how many
 * answers were read; `settle()` waits for the answers still being read.
 */
function recordProblems(page) {
  const texts = new Set();
  const reading = new Set();
  const seen = { count: 0 };
  page.on("response", (response) => {
    if (!(response.headers()["content-type"] ?? "").includes("application/problem+json")) return;
    const read = response
      .json()
      .then((problem) => {
        seen.count++;
        for (const text of [problem?.title, problem?.detail, ...(problem?.errors ?? []).map((e) => e?.message)]) {
          if (typeof text === "string" && text.trim()) texts.add(text.trim());
        }
      })
      .catch(() => {})
      .finally(() => reading.delete(read));
    reading.add(read);
  });
  return { texts, seen, settle: () => Promise.all([...reading]) };
}

/** Fails when any recorded English problem text is shown on the page. */
async function expectNoProblemEnglish(page, problems, what) {
  await problems.settle();
  const shown = (await page.evaluate(() => globalThis.document.body.innerText)).toLowerCase();
  const english = [...problems.texts].filter((text) => shown.includes(text.toLowerCase()));
  if (english.length > 0) throw new Error(`${what}: English server text on a pt-BR page: ${english.join(" | ")}`);
}

export async function problemChecks({ executablePath }) {
  if (!password || !sesUrl) {
    for (const name of CHECKS) skip(name, "DEMO_PASSWORD or SES_URL is not set");
    return;
  }
  await withBrowser(executablePath, "pt-BR", async (page) => {
    const problems = recordProblems(page);
    await step(CHECKS[0], page, async () => {
      const before = (await mailsTo(ADMIN_EMAIL)).length;
      const asked = await page.request.post(`${baseUrl}/api/admin/password-reset`, {
        headers: { "X-Requested-With": "portal" },
        data: { email: ADMIN_EMAIL },
      });
      expectEqual(asked.status(), 202, "status of asking for a staff reset link");
      const link = await waitUntil(async () => {
        for (const mail of (await mailsTo(ADMIN_EMAIL)).slice(before)) {
          const found = (mail.body?.text ?? "").match(/\/admin\/reset\/[A-Za-z0-9_-]{43}/);
          if (found) return found[0];
        }
        return undefined;
      }, "the staff reset email in the inbox", 15_000);
      await open(page, link);
      const refusals = [
        [COMMON_PASSWORD, "Esta senha é muito comum; escolha outra.", "password is too common; choose another"],
        [ADMIN_EMAIL, "A senha não pode ser o seu endereço de e-mail.", "password must not be your email address"],
      ];
      for (const [refused, portuguese, english] of refusals) {
        await page.getByLabel("Nova senha", { exact: true }).fill(refused);
        await page.getByLabel("Repita a nova senha", { exact: true }).fill(refused);
        const answer = page.waitForResponse(
          (r) => r.url().includes("/api/admin/password-reset/") && r.request().method() === "POST",
        );
        await page.getByRole("button", { name: "Alterar senha", exact: true }).click();
        expectEqual((await answer).status(), 422, `status of setting the password ${refused}`);
        await page.getByText(portuguese, { exact: true }).waitFor();
        await problems.settle();
        if (!problems.texts.has(english)) {
          throw new Error(`the API's answer lacked the English rule "${english}": ${[...problems.texts].join(" | ")}`);
        }
        await expectNoProblemEnglish(page, problems, `reset refused ${refused}`);
      }
      expectEqual(problems.seen.count >= 2, true, "problem answers read");
      await expectNoAxeViolations(page, "console reset page with a refused password");
    });
  });
}

if (isMain(import.meta.url)) {
  await runSuites([problemChecks], PROBLEMS_TIMEOUT_MS);
}
