import { useOutletContext } from "react-router";
import type { MyTabs, PublicPortal } from "../api/client";

/** What every /p/:slug/* page gets from the portal shell. */
export interface PortalContext {
  portal: PublicPortal;
  /** The signed-in user's (or the preview's) tabs; undefined without a portal session. */
  tabs: MyTabs | undefined;
  language: string;
}

export function usePortalContext() {
  return useOutletContext<PortalContext>();
}

/** The portal's address with `path` after it, e.g. `/p/acme/Invoices`. */
export function portalPath(slug: string, path = ""): string {
  return `/p/${encodeURIComponent(slug)}${path ? `/${path}` : ""}`;
}
