import { screen } from "@testing-library/react";
import { afterEach, describe, expect, it, vi } from "vitest";
import { casesTab } from "../../test/cases";
import { renderWithProviders } from "../../test/utils";
import { PortalTabs } from "./PortalTabs";

const tabs = ["Contacts", "Invoices", "Quotes", "Cases"].map((module) => ({
  ...casesTab,
  module,
  labels: { en: module },
}));

/** Boxes by element: jsdom lays nothing out, so the test says where each one is. */
function layOut(boxes: Map<string, { left: number; right: number }>) {
  vi.spyOn(HTMLElement.prototype, "getBoundingClientRect").mockImplementation(function (
    this: HTMLElement,
  ) {
    const box = boxes.get(this.textContent) ?? { left: 0, right: 0 };
    return { ...box, top: 0, bottom: 40, x: box.left, y: 0, width: box.right - box.left, height: 40, toJSON: () => box };
  });
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe("PortalTabs", () => {
  it.each([
    { name: "an open tab past the right edge scrolls in", left: 400, right: 480, want: 121 },
    { name: "an open tab past the left edge scrolls in", left: -30, right: 50, want: -46 },
    { name: "an open tab already in view leaves the strip", left: 100, right: 180, want: 0 },
  ])("$name", ({ left, right, want }) => {
    layOut(
      new Map([
        ["ContactsInvoicesQuotesCases", { left: 0, right: 375 }],
        ["Cases", { left, right }],
      ]),
    );
    let scrolled = 0;
    vi.spyOn(HTMLElement.prototype, "scrollLeft", "get").mockImplementation(() => scrolled);
    vi.spyOn(HTMLElement.prototype, "scrollLeft", "set").mockImplementation((value: number) => {
      scrolled = value;
    });
    renderWithProviders(<PortalTabs tabs={tabs} slug="acme" language="en" />, {
      language: "en",
      route: "/p/acme/Cases/case1",
    });
    expect(screen.getByRole("link", { name: "Cases" })).toHaveAttribute("aria-current", "page");
    expect(scrolled).toBe(want);
  });
});
