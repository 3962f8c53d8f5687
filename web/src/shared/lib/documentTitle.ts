import { useEffect } from "react";

/** Joins a document title's parts, most specific first: "Invoice INV-001 · Acme". */
export function titleOf(...parts: (string | undefined)[]): string {
  return parts.filter((part): part is string => Boolean(part?.trim())).join(" · ");
}

/**
 * Who sets a title, least specific first: the app (the product's name), a shell (the
 * portal's name, a console section) and a page. The most specific one set wins, whichever
 * effect ran last: a child's effects run before its parent's, so order alone cannot decide.
 */
export type TitleLevel = "app" | "shell" | "page";

const LEVELS: readonly TitleLevel[] = ["page", "shell", "app"];
const titles = new Map<TitleLevel, string>();

function apply() {
  for (const level of LEVELS) {
    const title = titles.get(level);
    if (title) {
      if (document.title !== title) document.title = title;
      return;
    }
  }
}

/**
 * Sets the document title while the caller is shown ("Faturas · Acme"); an empty or
 * undefined title sets nothing. On unmount the next less specific title comes back.
 */
export function useDocumentTitle(title: string | undefined, level: TitleLevel = "page") {
  useEffect(() => {
    if (!title) return undefined;
    titles.set(level, title);
    apply();
    return () => {
      if (titles.get(level) === title) titles.delete(level);
      apply();
    };
  }, [title, level]);
}

/** The title of pages that set none (the product's name in the UI language). */
export function useDefaultDocumentTitle(title: string) {
  useDocumentTitle(title, "app");
}
