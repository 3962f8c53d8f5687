import { api, ok, REQUESTED_WITH, signalOption, type Me } from "../../shared/api/client";
import type { SelfServiceApi } from "../../shared/secondFactor/SecuritySection";
import type { CodeMethod } from "../../shared/secondFactor/codes";
import { signInStart, type Passkey, type SignInStart, type TotpEnrolment } from "../../shared/secondFactor/types";
import { createPasskey, getPasskey, type CeremonyOptions } from "../../shared/secondFactor/webauthn";

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

/** The second step with a passkey: the API's request options, the browser's dialog, the assertion. */
export async function portalPasskeyStep(slug: string): Promise<Me> {
  const options = ok(
    await api.POST("/api/p/{slug}/login/second-factor", {
      params: { path: { slug }, header: REQUESTED_WITH },
      body: { method: "passkey-begin" },
    }),
  ) as CeremonyOptions;
  const credential = await getPasskey(options);
  return ok(
    await api.POST("/api/p/{slug}/login/second-factor", {
      params: { path: { slug }, header: REQUESTED_WITH },
      body: { method: "passkey", credential },
    }),
  ) as Me;
}

/** Signs in to the portal slug with a passkey alone (where the user's type allows it). */
export async function portalPasskeySignIn(slug: string): Promise<Me> {
  const options = ok(
    await api.POST("/api/p/{slug}/login/passkey", {
      params: { path: { slug }, header: REQUESTED_WITH },
      body: { action: "begin" },
    }),
  ) as CeremonyOptions;
  const credential = await getPasskey(options);
  return ok(
    await api.POST("/api/p/{slug}/login/passkey", {
      params: { path: { slug }, header: REQUESTED_WITH },
      body: { action: "finish", credential },
    }),
  ) as Me;
}

async function changeMyMfa(body: {
  action: "start" | "confirm" | "disable" | "recovery-codes" | "passkey-begin" | "passkey-finish" | "passkey-rename" | "passkey-remove";
  code?: string;
  password?: string;
  id?: string;
  name?: string;
  credential?: Record<string, unknown>;
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
  addPasskey: async (name) => {
    const options = (await changeMyMfa({ action: "passkey-begin" })) as CeremonyOptions;
    const credential = await createPasskey(options);
    return (await changeMyMfa({ action: "passkey-finish", name, credential })) as Passkey;
  },
  renamePasskey: async (id, name) => {
    await changeMyMfa({ action: "passkey-rename", id, name });
  },
  removePasskey: async (id, password) => {
    await changeMyMfa({ action: "passkey-remove", id, password });
  },
};
