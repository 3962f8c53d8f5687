import { screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { App } from "../../App";
import { mockApi } from "../../test/console";
import { casesTabs } from "../../test/cases";
import { me, publicPortal } from "../../test/customer";
import { jsonResponse, renderWithProviders } from "../../test/utils";

/** Links the code "clicks" (downloads) instead of navigating jsdom. */
let followed: { href: string; download: string }[] = [];
let created: Blob[] = [];
beforeEach(() => {
  followed = [];
  created = [];
  vi.spyOn(HTMLAnchorElement.prototype, "click").mockImplementation(function (
    this: HTMLAnchorElement,
  ) {
    followed.push({ href: this.href, download: this.download });
  });
  Object.assign(URL, {
    createObjectURL: vi.fn((blob: Blob) => {
      created.push(blob);
      return "blob:https://portal.example/csv";
    }),
    revokeObjectURL: vi.fn(),
  });
});
afterEach(() => {
  vi.restoreAllMocks();
  vi.unstubAllGlobals();
});

const CSV_WHOLE = "section,id,field,value\nprofile,u1,email,ana@example.com\nCases,k1,Subject,'=1+1\n";
const CSV_PARTIAL = `${CSV_WHOLE}Cases,,truncated,records\n`;

/** The welcome page with GET /api/me/export answering body; the formats asked are in asked. */
function renderWith(body: string, asked: (string | null)[]) {
  mockApi({
    "GET /api/p/acme": () => jsonResponse(publicPortal),
    "GET /api/me": () => jsonResponse(me({ firstTab: "Cases" })),
    "GET /api/me/tabs": () => jsonResponse(casesTabs),
    "GET /api/me/export": (_request: Request, url: URL) => {
      asked.push(url.searchParams.get("format"));
      return new Response(body, {
        headers: {
          "Content-Type": "text/csv; charset=utf-8",
          "Content-Disposition": 'attachment; filename="my-data.csv"',
        },
      });
    },
  });
  renderWithProviders(<App />, { language: "en", route: "/p/acme/welcome" });
}

describe("my data as CSV", () => {
  it.each([
    ["a whole file", CSV_WHOLE, false],
    ["a partial file", CSV_PARTIAL, true],
  ] as const)("downloads %s as my-data.csv", async (_name, body, partial) => {
    const asked: (string | null)[] = [];
    renderWith(body, asked);
    const user = userEvent.setup();
    await user.click(await screen.findByRole("button", { name: "Download as CSV (spreadsheet)" }));
    expect(await screen.findByText("Your data was downloaded as my-data.csv.")).toBeInTheDocument();
    expect(asked).toEqual(["csv"]);
    expect(followed).toEqual([{ href: "blob:https://portal.example/csv", download: "my-data.csv" }]);
    expect(await created[0]?.text()).toBe(body);
    const warning = screen.queryByText(
      "The file is partial: some of your records did not fit in it. You can see all of them in the portal.",
    );
    expect(warning !== null).toBe(partial);
  });
});
