import { screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import { App } from "../../App";
import { consoleRoutes, mockApi } from "../../test/console";
import { jsonResponse, renderWithProviders } from "../../test/utils";

describe("erasure requests", () => {
  it("lists the pending requests and rejects one after a confirmation", async () => {
    const decisions: unknown[] = [];
    let items = [
      { userId: "u1", recordId: "c1", name: "Eva Lima", email: "eva@cliente.example", requestedAt: "2026-12-07T10:00:00Z" },
    ];
    mockApi({
      ...consoleRoutes(),
      "GET /api/admin/erasure-requests": () => jsonResponse({ items }),
      "POST /api/admin/erasure-requests/u1": async (request) => {
        decisions.push(await request.json());
        items = [];
        return new Response(null, { status: 204 });
      },
    });
    renderWithProviders(<App />, { language: "en", route: "/admin/portal/erasure-requests" });
    const user = userEvent.setup();

    const row = await screen.findByTestId("erasure-request-u1");
    expect(within(row).getByText("Eva Lima")).toBeInTheDocument();
    await user.click(within(row).getByRole("button", { name: "Reject" }));
    const dialog = await screen.findByRole("alertdialog");
    await user.click(within(dialog).getByRole("button", { name: "Reject the request" }));

    expect(await screen.findByText("The request of eva@cliente.example is rejected.")).toBeInTheDocument();
    expect(decisions).toEqual([{ decision: "reject" }]);
    expect(await screen.findByText("No erasure request is pending.")).toBeInTheDocument();
  });

  it("pages with the cursor the server hands out", async () => {
    const asked: (string | null)[] = [];
    const request = (id: string) => ({
      userId: id,
      recordId: "c" + id,
      name: "Name " + id,
      email: id + "@cliente.example",
      requestedAt: "2026-12-07T10:00:00Z",
    });
    mockApi({
      ...consoleRoutes(),
      "GET /api/admin/erasure-requests": (req) => {
        const cursor = new URL(req.url).searchParams.get("cursor");
        asked.push(cursor);
        return cursor === "next1"
          ? jsonResponse({ items: [request("u2")] })
          : jsonResponse({ items: [request("u1")], nextCursor: "next1" });
      },
    });
    renderWithProviders(<App />, { language: "en", route: "/admin/portal/erasure-requests" });
    const user = userEvent.setup();

    await screen.findByTestId("erasure-request-u1");
    const pager = screen.getByRole("navigation", { name: "Pages" });
    await user.click(within(pager).getByRole("button", { name: "Next" }));
    expect(await screen.findByTestId("erasure-request-u2")).toBeInTheDocument();
    expect(screen.queryByTestId("erasure-request-u1")).not.toBeInTheDocument();
    expect(within(pager).getByRole("button", { name: "Next" })).toBeDisabled();
    await user.click(within(pager).getByRole("button", { name: "Previous" }));
    expect(await screen.findByTestId("erasure-request-u1")).toBeInTheDocument();
    expect(asked.slice(0, 2)).toEqual([null, "next1"]);
  });
});
