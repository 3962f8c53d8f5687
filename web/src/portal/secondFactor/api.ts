import { api, ok, REQUESTED_WITH, signalOption, type Me } from "../../shared/api/client";
import type { SelfServiceApi } from "../../shared/secondFactor/SecuritySection";
import type { CodeMethod } from "../../shared/secondFactor/codes";
import { signInStart, type SignInStart, type TotpEnrolment } from "../../shared/secondFactor/types";

/** The portal user's second factor in the query cache (with the session: dropped at logout). */
export const myMfaKey = ["customer", "me", "mfa"] as const;

/**
 * Signs in to the portal `slug` with email and password: the session (200), or the second
 * step a second factor makes due (202, the pending cookie set). 401 for any wrong email or
 * password, 429 when throttled.
 */
export async function portalSignIn(slug: string, email: string, password: string): Promise<SignInStart<Me>> {
  const result = await api.POST("/api/p/{slug}/login", {
    params: { path: { slug }, header: REQUESTED_WITH },
    body: { email, password },
  });
  return signInStart<Me>(result.response.status, ok(result));
}

/** The second step with a code: the session (200), with the recovery codes after an enrolment. */
export async function portalSecondFactor(slug: string, method: CodeMethod, code: string): Promise<Me> {
  return ok(
    await api.POST("/api/p/{slug}/login/second-factor", {
      params: { path: { slug }, header: REQUESTED_WITH },
      body: { method, code },
    }),
  ) as Me;
}

/** The second step's enrolment: a new secret to confirm with its first code. */
export async function portalEnrolAtLogin(slug: string): Promise<TotpEnrolment> {
  return ok(
    await api.POST("/api/p/{slug}/login/second-factor", {
      params: { path: { slug }, header: REQUESTED_WITH },
      body: { method: "enrol" },
    }),
  ) as TotpEnrolment;
}

async function changeMyMfa(body: {
  action: "start" | "confirm" | "disable" | "recovery-codes";
  code?: string;
  password?: string;
}) {
  return ok(await api.POST("/api/me/mfa", { params: { header: REQUESTED_WITH }, body }));
}

/** The signed-in portal user's own second factor (/api/me/mfa). */
export const myMfaApi: SelfServiceApi = {
  status: async (signal) => ok(await api.GET("/api/me/mfa", signalOption(signal))),
  start: async () => (await changeMyMfa({ action: "start" })) as TotpEnrolment,
  confirm: async (code) =>
    ((await changeMyMfa({ action: "confirm", code })) as { recoveryCodes: string[] }).recoveryCodes,
  disable: async (password, code) => {
    await changeMyMfa({ action: "disable", password, code });
  },
  regenerate: async (password, code) =>
    ((await changeMyMfa({ action: "recovery-codes", password, code })) as { recoveryCodes: string[] })
      .recoveryCodes,
};
