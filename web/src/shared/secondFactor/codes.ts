// Pure rules of the second factor's forms: what a typed code is sent as, whether it is worth
// sending, and the text a person saves their recovery codes in. The server is the judge of a
// code; these only spare a round trip for what cannot be a code at all.

/** How a person proves the second factor at sign-in: an authenticator app's code or a recovery code. */
export type CodeMethod = "totp" | "recovery";

/** Digits of an authenticator app's code (RFC 6238, as the API issues them). */
export const TOTP_DIGITS = 6;
/** Letters and digits of a recovery code, without the dash it is shown with. */
export const RECOVERY_LENGTH = 10;

/**
 * The code as sent to the API. An app's code loses the spaces and dashes apps and password
 * managers put in ("123 456"); a recovery code keeps its letters and digits and the API
 * accepts it in either case, with or without its dash, so only spaces are dropped.
 */
export function normalizeCode(method: CodeMethod, typed: string): string {
  if (method === "totp") return typed.replace(/[\s-]/g, "");
  return typed.replace(/\s/g, "");
}

/**
 * Whether a normalized code has the shape of its method: six digits, or ten letters and
 * digits with at most one dash among them. A code of the right shape goes to the API, which
 * alone knows whether it is right.
 */
export function codeShapeOk(method: CodeMethod, code: string): boolean {
  if (method === "totp") return new RegExp(`^\\d{${String(TOTP_DIGITS)}}$`).test(code);
  const plain = code.replace(/-/, "");
  return new RegExp(`^[A-Za-z0-9]{${String(RECOVERY_LENGTH)}}$`).test(plain);
}

/**
 * The recovery codes as a plain text file: a title line (who they are for), a blank line, one
 * code per line. Line ends are CRLF so Windows' Notepad shows the lines too.
 */
export function recoveryCodesText(title: string, codes: readonly string[]): string {
  return [title, "", ...codes, ""].join("\r\n");
}

/**
 * The secret key as people type it into an app by hand: groups of four characters. Apps
 * ignore the spaces; the copy button copies the key without them.
 */
export function groupSecret(secret: string): string {
  return secret.replace(/(.{4})(?=.)/g, "$1 ");
}
