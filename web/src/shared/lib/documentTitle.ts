import { useEffect } from "react";

/** Joins a document title's parts, most specific first: "Invoice INV-001 · Acme". */
export function titleOf(...parts: (string | undefined)[]): string {
  return parts.filter((part): part is string => Boolean(part?.trim())).join(" · ");
}

// The page's own title wins over the app's default whichever effect runs last (a child's
// effects run before its parent's, so the order alone cannot decide).
let pageTitle: string | undefined;
let defaultTitle = "";

function apply() {
  const next = pageTitle ?? defaultTitle;
  if (next && document.title !== next) document.title = next;
}

/**
 * Sets the document title while the calling page is shown ("Faturas · Acme"); an empty or
 * undefined title leaves the default. On unmount the default comes back until the next page
 * sets its own.
 */
export function useDocumentTitle(title: string | undefined) {
  useEffect(() => {
    if (!title) return undefined;
    pageTitle = title;
    apply();
    return () => {
      if (pageTitle === title) pageTitle = undefined;
      apply();
    };
  }, [title]);
}

/** The title of pages that set none (the product's name in the UI language). */
export function useDefaultDocumentTitle(title: string) {
  useEffect(() => {
    defaultTitle = title;
    apply();
  }, [title]);
}
