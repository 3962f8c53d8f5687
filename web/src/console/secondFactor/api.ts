import { api, ok, REQUESTED_WITH, signalOption, type StaffSession } from "../../shared/api/client";
import type { SelfServiceApi } from "../../shared/secondFactor/SecuritySection";
import type { CodeMethod } from "../../shared/secondFactor/codes";
import { signInStart, type Passkey, type SignInStart, type TotpEnrolment } from "../../shared/secondFactor/types";
import { createPasskey, getPasskey, type CeremonyOptions } from "../../shared/secondFactor/webauthn";

/** The staff member's own second factor in the query cache (under "admin": dropped at logout). */
export const staffMfaKey = ["admin", "me", "mfa"] as const;

/**
 * Signs in to the console with email and password: the session (200), or the second step a
 * second factor makes due (202, the pending cookie set). 401 for a wrong email or password,
 * 429 when throttled.
 */
export async function staffSignIn(email: string, password: string): Promise<SignInStart<StaffSession>> {
  const result = await api.POST("/api/admin/login", {
    params: { header: REQUESTED_WITH },
    body: { email, password },
  });
  return signInStart<StaffSession>(result.response.status, ok(result));
}

/** The second step with a code: the session (200), with the recovery codes after an enrolment. */
export async function staffSecondFactor(method: CodeMethod, code: string): Promise<StaffSession> {
  return ok(
    await api.POST("/api/admin/login/second-factor", {
      params: { header: REQUESTED_WITH },
      body: { method, code },
    }),
  ) as StaffSession;
}

/** The second step's enrolment: a new secret to confirm with its first code. */
export async function staffEnrolAtLogin(): Promise<TotpEnrolment> {
  return ok(
    await api.POST("/api/admin/login/second-factor", {
      params: { header: REQUESTED_WITH },
      body: { method: "enrol" },
    }),
  ) as TotpEnrolment;
}

/** The second step with a passkey: the API's request options, the browser's dialog, the assertion. */
export async function staffPasskeyStep(): Promise<StaffSession> {
  const options = ok(
    await api.POST("/api/admin/login/second-factor", {
      params: { header: REQUESTED_WITH },
      body: { method: "passkey-begin" },
    }),
  ) as CeremonyOptions;
  const credential = await getPasskey(options);
  return ok(
    await api.POST("/api/admin/login/second-factor", {
      params: { header: REQUESTED_WITH },
      body: { method: "passkey", credential },
    }),
  ) as StaffSession;
}

/** Signs in to the console with a passkey alone (where the organization allows it). */
export async function staffPasskeySignIn(): Promise<StaffSession> {
  const options = ok(
    await api.POST("/api/admin/login/passkey", { params: { header: REQUESTED_WITH }, body: { action: "begin" } }),
  ) as CeremonyOptions;
  const credential = await getPasskey(options);
  return ok(
    await api.POST("/api/admin/login/passkey", {
      params: { header: REQUESTED_WITH },
      body: { action: "finish", credential },
    }),
  ) as StaffSession;
}

async function changeStaffMfa(body: {
  action: "start" | "confirm" | "disable" | "recovery-codes" | "passkey-begin" | "passkey-finish" | "passkey-rename" | "passkey-remove";
  code?: string;
  password?: string;
  id?: string;
  name?: string;
  credential?: Record<string, unknown>;
}) {
  return ok(await api.POST("/api/admin/me/mfa", { params: { header: REQUESTED_WITH }, body }));
}

/** The signed-in staff member's own second factor (/api/admin/me/mfa). */
export const staffMfaApi: SelfServiceApi = {
  status: async (signal) => ok(await api.GET("/api/admin/me/mfa", signalOption(signal))),
  start: async () => (await changeStaffMfa({ action: "start" })) as TotpEnrolment,
  confirm: async (code) =>
    ((await changeStaffMfa({ action: "confirm", code })) as { recoveryCodes: string[] }).recoveryCodes,
  disable: async (password, code) => {
    await changeStaffMfa({ action: "disable", password, code });
  },
  regenerate: async (password, code) =>
    ((await changeStaffMfa({ action: "recovery-codes", password, code })) as { recoveryCodes: string[] })
      .recoveryCodes,
  addPasskey: async (name) => {
    const options = (await changeStaffMfa({ action: "passkey-begin" })) as CeremonyOptions;
    const credential = await createPasskey(options);
    return (await changeStaffMfa({ action: "passkey-finish", name, credential })) as Passkey;
  },
  renamePasskey: async (id, name) => {
    await changeStaffMfa({ action: "passkey-rename", id, name });
  },
  removePasskey: async (id, password) => {
    await changeStaffMfa({ action: "passkey-remove", id, password });
  },
};

/** Removes a staff member's second factor and recovery codes (admins; 409 for oneself). */
export async function resetStaffMfa(id: string): Promise<void> {
  ok(
    await api.POST("/api/admin/staff/{id}/mfa-reset", {
      params: { path: { id }, header: REQUESTED_WITH },
    }),
  );
}

/** Removes a portal user's second factor and recovery codes (admins). */
export async function resetPortalUserMfa(id: string): Promise<void> {
  ok(
    await api.POST("/api/admin/portal-users/{id}/{action}", {
      params: { path: { id, action: "mfa-reset" }, header: REQUESTED_WITH },
    }),
  );
}
