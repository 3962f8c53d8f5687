/**
 * Where to go after signing in: the `next` parameter when it is a console
 * page on this origin (never another site, never the sign-in pages), else
 * the console's overview.
 */
export function safeNext(next: string | null | undefined): string {
  if (!next) return "/admin";
  if (!/^\/admin(?:[/?#]|$)/.test(next)) return "/admin";
  if (/^\/admin\/(?:login|reset)(?:[/?#]|$)/.test(next)) return "/admin";
  if (next.includes("\\") || next.includes("//")) return "/admin";
  return next;
}

/** The sign-in page's address that comes back to `path` afterwards. */
export function loginPath(path: string): string {
  return path === "/admin" || path === "/admin/"
    ? "/admin/login"
    : `/admin/login?next=${encodeURIComponent(path)}`;
}
