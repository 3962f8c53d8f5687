import { render } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { titleOf, useDocumentTitle, useDefaultDocumentTitle } from "./documentTitle";

function Page({ title }: { title: string | undefined }) {
  useDocumentTitle(title);
  return null;
}

// The app's frame sets the default after its pages' effects ran (parents' effects run last).
function Frame({ fallback, title }: { fallback: string; title?: string | undefined }) {
  useDefaultDocumentTitle(fallback);
  return title === undefined ? null : <Page title={title} />;
}

function Shell({ fallback, shell, title }: { fallback: string; shell: string; title?: string }) {
  useDefaultDocumentTitle(fallback);
  useDocumentTitle(shell, "shell");
  return title === undefined ? null : <Page title={title} />;
}

describe("titleOf", () => {
  it.each([
    ["page and portal", ["Faturas", "Acme"], "Faturas · Acme"],
    ["record, page and portal", ["INV-001", "Faturas", "Acme"], "INV-001 · Faturas · Acme"],
    ["blank parts left out", ["", "Acme", undefined, "  "], "Acme"],
    ["nothing", [], ""],
  ])("%s", (_name, parts, want) => {
    const got = titleOf(...parts);
    expect(got).toBe(want);
  });
});

describe("useDocumentTitle", () => {
  it("wins over the default its frame sets after it", () => {
    render(<Frame fallback="Portal do Cliente" title="Faturas · Acme" />);
    expect(document.title).toBe("Faturas · Acme");
  });

  it("follows the page from one to the next", () => {
    const { rerender } = render(<Frame fallback="Customer Portal" title="Invoices · Acme" />);
    rerender(<Frame fallback="Customer Portal" title="Cases · Acme" />);
    expect(document.title).toBe("Cases · Acme");
  });

  it("gives the default back when the page goes", () => {
    const { rerender } = render(<Frame fallback="Customer Portal" title="Invoices · Acme" />);
    rerender(<Frame fallback="Customer Portal" />);
    expect(document.title).toBe("Customer Portal");
  });

  it("puts a page over its shell over the app", () => {
    const { rerender } = render(
      <Shell fallback="Customer Portal" shell="Acme" title="Invoices · Acme" />,
    );
    expect(document.title).toBe("Invoices · Acme");
    rerender(<Shell fallback="Customer Portal" shell="Acme" />);
    expect(document.title).toBe("Acme");
  });

  it("keeps the default for an empty title", () => {
    render(<Frame fallback="Customer Portal" title="" />);
    expect(document.title).toBe("Customer Portal");
  });
});
