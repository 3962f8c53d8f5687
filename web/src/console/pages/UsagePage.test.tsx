import { fireEvent, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { beforeAll, describe, expect, it } from "vitest";
import { App } from "../../App";
import type { Usage, UsageQuery } from "../api/usage";
import { consoleRoutes, mockApi, userSession } from "../../test/console";
import { licenses } from "../../test/portal";
import { jsonResponse, problemResponse, renderWithProviders } from "../../test/utils";

/** A usage answer for the period a request asked for: one bucket per asked day. */
function usageOf(url: URL): Usage {
  const from = url.searchParams.get("from") ?? "2026-11-01";
  const to = url.searchParams.get("to") ?? "2026-11-02";
  const interval = url.searchParams.get("interval") === "week" ? "week" : "day";
  return {
    from,
    to,
    interval,
    buckets: [
      { date: from, invitationsSent: 3, invitationsAccepted: 1, logins: 1234, activeUsers: 2, recordsCreated: 0 },
      { date: to, invitationsSent: 0, invitationsAccepted: 1, logins: 5, activeUsers: 1, recordsCreated: 4 },
    ],
    totals: { invitationsSent: 3, invitationsAccepted: 2, logins: 1239, recordsCreated: 4 },
    licenses,
  };
}

function periodOf(url: URL): Partial<UsageQuery> {
  return Object.fromEntries(
    ["from", "to", "interval"].map((name) => [name, url.searchParams.get(name) ?? undefined]),
  );
}

describe("usage dashboard", () => {
  beforeAll(() => {
    // Chartist asks the browser's media queries on every draw; jsdom has none. No query of
    // its matches here (the charts give no responsive options).
    if (typeof Reflect.get(window, "matchMedia") !== "function") {
      Object.defineProperty(window, "matchMedia", {
        configurable: true,
        value: (query: string) => ({
          matches: false,
          media: query,
          addEventListener: () => undefined,
          removeEventListener: () => undefined,
        }),
      });
    }
  });

  it("shows the period's charts with their tables in the user's language", async () => {
    mockApi({ ...consoleRoutes(), "GET /api/admin/usage": (_request, url) => jsonResponse(usageOf(url)) });
    renderWithProviders(<App />, {
      language: "pt-BR",
      route: "/admin/usage?from=2026-11-01&to=2026-11-02&interval=day",
    });

    expect(await screen.findByTestId("usage-total-logins")).toHaveTextContent("1.239");
    const logins = screen.getByRole("figure", { name: "Acessos por dia" });
    const plot = within(logins).getByRole("img", { name: "Acessos por dia" });
    // Chartist draws after the first paint.
    await waitFor(() => {
      expect(plot.querySelector("svg")).not.toBeNull();
    });
    const rows = within(within(logins).getByRole("table")).getAllByRole("row");
    expect(rows.map((row) => row.textContent)).toEqual(["PeríodoAcessos", "1 de nov. de 20261.234", "2 de nov. de 20265"]);
    expect(screen.getByRole("figure", { name: "Convites enviados e aceitos" })).toBeInTheDocument();
    expect(screen.getByLabelText("Vagas usadas por Fornecedores")).toHaveValue(4);
    expect(screen.getByTestId("usage-seats-ut2")).toHaveTextContent("4 de 10 vagas");
  });

  it("asks the API for the new period and links the CSV of the same period", async () => {
    const asked: Partial<UsageQuery>[] = [];
    mockApi({
      ...consoleRoutes(),
      "GET /api/admin/usage": (_request, url) => {
        asked.push(periodOf(url));
        return jsonResponse(usageOf(url));
      },
    });
    renderWithProviders(<App />, {
      language: "en",
      route: "/admin/usage?from=2026-11-01&to=2026-11-30&interval=day",
    });
    const user = userEvent.setup();
    await screen.findByTestId("usage-total-logins");
    expect(asked).toEqual([{ from: "2026-11-01", to: "2026-11-30", interval: "day" }]);

    fireEvent.change(screen.getByLabelText("From"), { target: { value: "2026-10-05" } });
    await user.click(screen.getByRole("button", { name: "Show" }));
    await waitFor(() => {
      expect(asked.at(-1)).toEqual({ from: "2026-10-05", to: "2026-11-30", interval: "day" });
    });

    await user.selectOptions(screen.getByLabelText("Group by"), "week");
    expect(await screen.findByRole("figure", { name: "Logins per week" })).toBeInTheDocument();
    expect(asked.at(-1)).toEqual({ from: "2026-10-05", to: "2026-11-30", interval: "week" });
    const csv = new URL(
      screen.getByRole("link", { name: "Download CSV" }).getAttribute("href") ?? "",
      "https://portal.example",
    );
    expect(csv.pathname).toBe("/api/admin/usage");
    expect({ ...periodOf(csv), format: csv.searchParams.get("format") }).toEqual({
      from: "2026-10-05",
      to: "2026-11-30",
      interval: "week",
      format: "csv",
    });
  });

  it("shows the field a 400 names and its rule", async () => {
    mockApi({
      ...consoleRoutes(),
      "GET /api/admin/usage": () =>
        problemResponse({
          type: "/problems/validation",
          title: "Validation failed",
          status: 400,
          errors: [{ field: "from", message: "must not be after to" }],
        }),
    });
    renderWithProviders(<App />, {
      language: "en",
      route: "/admin/usage?from=2026-12-01&to=2026-11-01",
    });

    const alert = await screen.findByRole("alert");
    expect(alert).toHaveTextContent("from");
    expect(alert).toHaveTextContent("must not be after to");
  });

  it("is in the admin's navigation", async () => {
    mockApi({ ...consoleRoutes(), "GET /api/admin/usage": (_request, url) => jsonResponse(usageOf(url)) });
    renderWithProviders(<App />, { language: "en", route: "/admin/usage" });
    const nav = await screen.findByRole("navigation", { name: "Console sections" });
    expect(await within(nav).findByRole("link", { name: "Usage" })).toHaveAttribute("href", "/admin/usage");
  });

  it("is not in a staff user's navigation", async () => {
    mockApi(consoleRoutes(userSession));
    renderWithProviders(<App />, { language: "en", route: "/admin" });
    const nav = await screen.findByRole("navigation", { name: "Console sections" });
    // The links depend on the session: asked once it has loaded.
    expect(await screen.findByTestId("console-user")).toHaveTextContent("Bob User");
    expect(within(nav).queryByRole("link", { name: "Usage" })).toBeNull();
    expect(within(nav).queryByRole("link", { name: "Team" })).toBeNull();
  });
});
