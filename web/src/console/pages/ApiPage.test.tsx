import { screen, within } from "@testing-library/react";
import { describe, expect, it, vi } from "vitest";
import { App } from "../../App";
import { consoleRoutes, mockApi } from "../../test/console";
import { problemResponse, renderWithProviders } from "../../test/utils";

// Swagger UI itself is not run in jsdom: the page's contract is that it hands
// the published document, as fetched, to the lazily loaded viewer.
vi.mock("./ApiReference", () => ({
  default: ({ document }: { document: string }) => (
    <pre data-testid="api-reference">{document}</pre>
  ),
}));

const DOCUMENT = "openapi: 3.1.0\ninfo:\n  title: Customer portal for CRM data\npaths: {}\n";

function documentRoute() {
  return {
    "GET /api/openapi.yaml": () =>
      new Response(DOCUMENT, { status: 200, headers: { "Content-Type": "application/yaml" } }),
  };
}

describe("API page", () => {
  it("says how to call the API and renders the published document", async () => {
    const fetchMock = mockApi({ ...consoleRoutes(), ...documentRoute() });
    renderWithProviders(<App />, { language: "en", route: "/admin/api" });

    expect(await screen.findByRole("heading", { level: 1, name: "API" })).toBeInTheDocument();
    expect(screen.getByTestId("api-tokens-link")).toHaveAttribute("href", "/admin/tokens");
    expect(screen.getByTestId("api-base-url")).toHaveTextContent(`${window.location.origin}/api`);
    expect(screen.getByText("Authorization: Bearer <token>")).toBeInTheDocument();
    expect(screen.getByRole("link", { name: "Download the OpenAPI document (YAML)" })).toHaveAttribute(
      "href",
      "/api/openapi.yaml",
    );
    expect(await screen.findByTestId("api-reference")).toHaveTextContent(
      "title: Customer portal for CRM data",
    );
    const asked = fetchMock.mock.calls.map(([input]) => new Request(input).url);
    expect(asked).toContain(`${window.location.origin}/api/openapi.yaml`);

    const nav = screen.getByRole("navigation", { name: "Console sections" });
    expect(within(nav).getByRole("link", { name: "API" })).toHaveAttribute("href", "/admin/api");
  });

  it("explains a document that could not be loaded and offers to try again", async () => {
    mockApi({
      ...consoleRoutes(),
      "GET /api/openapi.yaml": () =>
        problemResponse({ type: "about:blank", title: "Internal error", status: 500 }),
    });
    renderWithProviders(<App />, { language: "pt-BR", route: "/admin/api" });

    expect(await screen.findByRole("alert")).toBeInTheDocument();
    expect(screen.getByRole("button", { name: "Tentar novamente" })).toBeInTheDocument();
    expect(screen.queryByTestId("api-reference")).not.toBeInTheDocument();
    expect(screen.getByTestId("api-tokens-link")).toHaveTextContent(
      "Crie e revogue seus tokens na página Tokens de API.",
    );
  });

  it("is linked from the API tokens page", async () => {
    mockApi({
      ...consoleRoutes(),
      "GET /api/admin/tokens": () => Response.json({ items: [] }),
      "GET /api/admin/org/tokens": () => Response.json({ items: [] }),
    });
    renderWithProviders(<App />, { language: "en", route: "/admin/tokens" });

    expect(
      await screen.findByRole("link", { name: "How programs call the API, and its reference" }),
    ).toHaveAttribute("href", "/admin/api");
  });
});
