import { ApiError } from "../api/client";

/**
 * What a refused code step means to the form that sent it:
 * - `code`: the code was wrong, used already or expired (a 401 or 422 naming `code`);
 * - `password`: the password was wrong (a 401 or 422 naming `password`);
 * - `restart`: a sign-in's pending second step is gone (used, or older than its five
 *   minutes: a 401 naming no field), so the person starts again from the password;
 * - `throttled`: too many attempts (429; Retry-After says how long);
 * - `other`: anything else, shown as the side's general failure.
 */
export type CodeRefusal = "code" | "password" | "restart" | "throttled" | "other";

export function codeRefusal(error: unknown): CodeRefusal {
  if (!(error instanceof ApiError)) return "other";
  if (error.status === 429) return "throttled";
  if (error.status !== 401 && error.status !== 422) return "other";
  const fields = new Set((error.problem?.errors ?? []).map((item) => item.field));
  if (fields.has("password")) return "password";
  if (fields.has("code")) return "code";
  return error.status === 401 ? "restart" : "other";
}
