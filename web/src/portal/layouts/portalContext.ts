import { useOutletContext } from "react-router";
import type { Me, MyTabs, PublicPortal } from "../../shared/api/client";
import type { FormatContext } from "../../shared/lib/format";
import { titleOf, useDocumentTitle } from "../../shared/lib/documentTitle";

/** What every /p/:slug/* page gets from the portal shell. */
export interface PortalContext {
  portal: PublicPortal;
  /** The signed-in user's (or the preview's) tabs; undefined without a portal session. */
  tabs: MyTabs | undefined;
  /** The signed-in user (or the preview); undefined on the sign-in pages. */
  me: Me | undefined;
  language: string;
  /** How values show: the UI language and the user's time zone and time format. */
  format: FormatContext;
}

export function usePortalContext() {
  return useOutletContext<PortalContext>();
}

/**
 * Titles the document for a portal page, the company's name last: ("Faturas") gives
 * "Faturas · Acme". The portal's shell titles its other pages with the name alone.
 */
export function usePortalTitle(...parts: (string | undefined)[]) {
  const { portal } = usePortalContext();
  useDocumentTitle(parts.some((part) => part?.trim()) ? titleOf(...parts, portal.name) : undefined);
}

/** The portal's address with `path` after it, e.g. `/p/acme/Invoices`. */
export function portalPath(slug: string, path = ""): string {
  return `/p/${encodeURIComponent(slug)}${path ? `/${path}` : ""}`;
}

/** Pages of the portal that work without a session (and show no tabs). */
const PUBLIC_PAGES = new Set(["invite", "login", "forgot", "reset"]);

/** True when `rest` (the address after /p/:slug/) is a sign-in or invitation page. */
export function isPublicPortalPage(rest: string): boolean {
  return PUBLIC_PAGES.has(rest.split("/")[0] ?? "");
}

/** Where a signed-in user starts: the welcome page until they saved preferences, else homePath. */
export function landingPath(
  slug: string,
  me: Pick<Me, "preferencesSet" | "firstTab" | "home">,
): string {
  if (!me.preferencesSet) return portalPath(slug, "welcome");
  return homePath(slug, me);
}

/**
 * Where the user starts: the portal's home when their user type shows it
 * (`me.home`), else their first tab (the home without one). An answer without
 * `home` (an API older than the home) keeps the first tab.
 */
export function homePath(slug: string, me: Pick<Me, "firstTab" | "home">): string {
  if (me.home === true) return portalPath(slug);
  return me.firstTab ? portalPath(slug, encodeURIComponent(me.firstTab)) : portalPath(slug);
}
