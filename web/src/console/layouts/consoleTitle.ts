/**
 * The console section a path belongs to, as the i18n key of its name, most specific first;
 * undefined for a path outside them (records, which the shell names by their module).
 */
const SECTIONS = [
  ["/admin/portal/user-types", "console.sections.userTypes"],
  ["/admin/portal/licenses", "console.sections.licenses"],
  ["/admin/portal/users", "console.portalUsers"],
  ["/admin/portal/emails", "console.sections.emails"],
  ["/admin/portal", "console.sections.portalSetup"],
  ["/admin/audit", "console.audit"],
  ["/admin/usage", "console.usage"],
  ["/admin/tokens", "console.apiTokens"],
  ["/admin/api", "console.api"],
  ["/admin/team", "console.team"],
  ["/admin/settings", "console.sections.settings"],
  ["/admin/notifications", "notificationBell.label"],
  ["/admin/search", "console.searchLabel"],
] as const;

export type ConsoleSectionKey = (typeof SECTIONS)[number][1] | "console.overview";

/** The i18n key naming the console section of `pathname` ("/admin" is the overview). */
export function consoleSectionKey(pathname: string): ConsoleSectionKey | undefined {
  const path = pathname.replace(/\/+$/, "") || "/";
  if (path === "/admin") return "console.overview";
  const match = SECTIONS.find(([prefix]) => path === prefix || path.startsWith(`${prefix}/`));
  return match?.[1];
}

/**
 * The module a records or import page is about (`/admin/records/Contacts/…` gives
 * "Contacts"), so the shell can name the page by the module's label.
 */
export function consoleRecordsModule(pathname: string): string | undefined {
  const match = /^\/admin\/(?:records|import)\/([^/]+)/.exec(pathname);
  return match?.[1] ? decodeURIComponent(match[1]) : undefined;
}
