import type { components } from "../api/schema";

/** What a sign-in answers (202) when a second step is due: the methods it takes, or an enrolment first. */
export type SecondFactorChallenge = components["schemas"]["SecondFactorPending"]["secondFactor"];
/** A TOTP enrolment under way: the secret as text, as an otpauth:// link, and as a QR code (SVG). */
export type TotpEnrolment = components["schemas"]["TotpEnrolment"];
/** The policy of a portal user type, and the one that applies to a person: off, optional or required. */
export type MfaPolicy = components["schemas"]["MfaPolicy"];
/** Whom an organization requires a second factor of: nobody, admins, or all its staff. */
export type StaffMfaPolicy = components["schemas"]["StaffMfaPolicy"];
/** A person's own second factor (GET /api/me/mfa, GET /api/admin/me/mfa). */
export type MfaStatus = components["schemas"]["MfaStatus"];
/** One of a person's passkeys as they see it (name, added, last used). */
export type Passkey = components["schemas"]["Passkey"];
/** A second factor a person has enrolled, as the console's lists name it. */
export type MfaMethod = components["schemas"]["MfaMethod"];

export const MFA_POLICIES: readonly MfaPolicy[] = ["off", "optional", "required"];
export const STAFF_MFA_POLICIES: readonly StaffMfaPolicy[] = ["optional", "admins", "all"];

/** The answer of a first sign-in step: the session, or a second step to take. */
export type SignInStart<S> = { session: S } | { secondFactor: SecondFactorChallenge };

/**
 * Tells a 200's session from a 202's pending second step (openapi-fetch gives either body as
 * `data`; the status decides).
 */
export function signInStart<S>(status: number, data: unknown): SignInStart<S> {
  if (status === 202) return data as { secondFactor: SecondFactorChallenge };
  return { session: data as S };
}

/**
 * A session without the recovery codes its answer carried after an enrolment: they were shown
 * once and are kept nowhere, the query cache included.
 */
export function withoutRecoveryCodes<S extends { recoveryCodes?: string[] | undefined }>(
  session: S,
): Omit<S, "recoveryCodes"> {
  const copy: S = { ...session };
  delete copy.recoveryCodes;
  return copy;
}
