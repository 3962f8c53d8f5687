import { screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import { App } from "../../App";
import { consoleRoutes, mockApi } from "../../test/console";
import { jsonResponse, renderWithProviders } from "../../test/utils";

interface Item {
  module: string;
  id: string;
  name: string;
}

/** Routes the console asks for, with a search answering `items` and recording each q asked. */
function searchRoutes(items: Item[], asked: string[], perModule = 20) {
  return {
    ...consoleRoutes(),
    "GET /api/admin/search": (_request: Request, url: URL) => {
      asked.push(url.searchParams.get("q") ?? "");
      return jsonResponse({ items, perModule });
    },
  };
}

describe("console search", () => {
  it("asks the API with the header's query and links each result to its record, by module", async () => {
    const asked: string[] = [];
    mockApi(
      searchRoutes(
        [
          { module: "Contacts", id: "c1", name: "Patrícia Brandão" },
          { module: "Accounts", id: "a1", name: "Brandão Comércio" },
          { module: "Accounts", id: "a2", name: "" },
        ],
        asked,
      ),
    );
    renderWithProviders(<App />, { language: "pt-BR", route: "/admin" });

    const form = await screen.findByRole("search", { name: "Buscar" });
    await userEvent.type(within(form).getByRole("searchbox", { name: "Buscar" }), "brand{Enter}");

    expect(await screen.findByRole("heading", { level: 1, name: "Resultados para “brand”" })).toBeInTheDocument();
    const contacts = await screen.findByRole("region", { name: "Contatos" });
    const link = within(contacts).getByRole("link", { name: "Patrícia Brandão" });
    expect(link).toHaveAttribute("href", "/admin/records/Contacts/c1");
    const accounts = screen.getByRole("region", { name: "Contas" });
    expect(within(accounts).getAllByRole("link").map((a) => [a.textContent, a.getAttribute("href")])).toEqual([
      ["Brandão Comércio", "/admin/records/Accounts/a1"],
      ["(sem nome)", "/admin/records/Accounts/a2"],
    ]);
    expect(asked).toEqual(["brand"]);
    // No module reached the cap: the results are all there are.
    expect(screen.queryByTestId("search-cap")).toBeNull();
  });

  it("says when a module is cut at the cap", async () => {
    const asked: string[] = [];
    mockApi(
      searchRoutes(
        [
          { module: "Contacts", id: "c1", name: "Ana Silva" },
          { module: "Contacts", id: "c2", name: "Ana Souza" },
        ],
        asked,
        2,
      ),
    );
    renderWithProviders(<App />, { language: "en", route: "/admin/search?q=ana" });

    expect(await screen.findByTestId("search-cap")).toHaveTextContent("At most 2 results per section are shown");
    expect(asked).toEqual(["ana"]);
  });

  it("says when nothing is found", async () => {
    const asked: string[] = [];
    mockApi(searchRoutes([], asked));
    renderWithProviders(<App />, { language: "en", route: "/admin/search?q=zzz" });

    expect(await screen.findByTestId("search-none")).toHaveTextContent("Nothing found.");
    expect(asked).toEqual(["zzz"]);
  });

  it.each([
    ["one character", "a"],
    ["over 100 characters", "x".repeat(101)],
  ])("shows the 2 to 100 characters rule without asking the API for %s", async (_name, q) => {
    const asked: string[] = [];
    mockApi(searchRoutes([], asked));
    renderWithProviders(<App />, { language: "en", route: `/admin/search?q=${q}` });

    expect(await screen.findByText("Type 2 to 100 characters to search.")).toBeInTheDocument();
    expect(screen.getByRole("heading", { level: 1, name: "Search" })).toBeInTheDocument();
    expect(asked).toEqual([]);
  });
});
