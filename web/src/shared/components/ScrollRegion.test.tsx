import { render, screen } from "@testing-library/react";
import { afterEach, describe, expect, it, vi } from "vitest";
import { ScrollRegion } from "./ScrollRegion";

/** jsdom has no layout: the box reports the widths given, and observers fire on observe. */
function layout(scrollWidth: number, clientWidth: number) {
  vi.spyOn(HTMLElement.prototype, "scrollWidth", "get").mockReturnValue(scrollWidth);
  vi.spyOn(HTMLElement.prototype, "clientWidth", "get").mockReturnValue(clientWidth);
  vi.stubGlobal(
    "ResizeObserver",
    class {
      readonly callback: () => void;
      constructor(callback: () => void) {
        this.callback = callback;
      }
      observe() {
        this.callback();
      }
      disconnect() {
        // nothing to stop: this observer never watches anything
      }
    },
  );
}

describe("ScrollRegion", () => {
  afterEach(() => {
    vi.unstubAllGlobals();
  });

  const cases = [
    { name: "content wider than the box is a named region in the Tab order", scroll: 600, client: 343, region: true },
    { name: "content that fits adds no region and no Tab stop", scroll: 343, client: 343, region: false },
  ];
  for (const tc of cases) {
    it(tc.name, () => {
      layout(tc.scroll, tc.client);
      render(
        <ScrollRegion label="Line items">
          <table>
            <tbody>
              <tr>
                <td>R$ 4.140,00</td>
              </tr>
            </tbody>
          </table>
        </ScrollRegion>,
      );
      const region = screen.queryByRole("region", { name: "Line items" });
      if (tc.region) {
        expect(region).toHaveAttribute("tabindex", "0");
      } else {
        expect(region).toBeNull();
        expect(screen.getByRole("table").parentElement).not.toHaveAttribute("tabindex");
      }
    });
  }
});
