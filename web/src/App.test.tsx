import { screen, waitFor } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { App } from "./App";
import { consoleRoutes, mockApi } from "./test/console";
import { healthyResponse, jsonResponse, mockFetch, renderWithProviders } from "./test/utils";

describe("routes", () => {
  it("shows a neutral root page at /: the way to the console, nothing of the deployment", async () => {
    // The one request: whether this host is a portal's custom domain (here it is not).
    const fetched = mockFetch((req) =>
      new URL(req.url).pathname === "/api/domain"
        ? jsonResponse({ type: "about:blank", title: "Not found", status: 404 }, 404, "application/problem+json")
        : jsonResponse(healthyResponse),
    );
    const { container } = renderWithProviders(<App />, { language: "en", route: "/" });

    expect(screen.getByRole("heading", { level: 1, name: "Customer Portal" })).toBeInTheDocument();
    expect(container.querySelector("[data-shell='public']")).not.toBeNull();
    expect(await screen.findByRole("link", { name: "Staff sign in" })).toHaveAttribute(
      "href",
      "/admin",
    );
    expect(screen.queryByTestId("health-status")).toBeNull();
    expect(screen.queryByTestId("health-version")).toBeNull();
    await waitFor(() => {
      expect(fetched).toHaveBeenCalledTimes(1);
    });
    const [first] = fetched.mock.calls;
    expect(first && new URL((first[0] as Request).url).pathname).toBe("/api/domain");
    expect(screen.getByRole("heading", { level: 1, name: "Customer Portal" })).toBeInTheDocument();
  });

  it("shows the modules and the health panel inside the staff console at /admin", async () => {
    mockApi(consoleRoutes());
    const { container } = renderWithProviders(<App />, { language: "en", route: "/admin" });

    expect(await screen.findByRole("heading", { level: 1, name: "Overview" })).toBeInTheDocument();
    expect(container.querySelector("[data-shell='console']")).not.toBeNull();
    expect(screen.getByRole("navigation", { name: "Console sections" })).toBeInTheDocument();
    expect(await screen.findByTestId("health-status")).toHaveTextContent("OK");
    expect(await screen.findByRole("link", { name: "Contacts" })).toBeInTheDocument();
    expect(screen.getByTestId("console-user")).toHaveTextContent("Ana Admin");
    expect(screen.getByText("Acme Ltda")).toBeInTheDocument();
  });

  it("keeps unknown console pages inside the console shell", async () => {
    mockApi(consoleRoutes());
    const { container } = renderWithProviders(<App />, {
      language: "pt-BR",
      route: "/admin/nowhere",
    });

    expect(
      await screen.findByRole("heading", { name: "Página não encontrada" }),
    ).toBeInTheDocument();
    expect(container.querySelector("[data-shell='console']")).not.toBeNull();
  });

  it("shows the console's sign-in page without asking who is signed in", async () => {
    const fetchMock = mockApi({});
    const { container } = renderWithProviders(<App />, { language: "en", route: "/admin/login" });

    expect(
      await screen.findByRole("heading", { level: 1, name: "Sign in to the staff console" }),
    ).toBeInTheDocument();
    expect(container.querySelector("[data-shell='console']")).not.toBeNull();
    expect(fetchMock).not.toHaveBeenCalled();
  });

  it("moves from / to the portal a custom domain serves", async () => {
    mockApi({
      "GET /api/domain": () => jsonResponse({ slug: "acme", path: "/p/acme/" }),
      "GET /api/p/acme": () =>
        jsonResponse({ name: "Acme", slug: "acme", branding: {}, languages: ["en"] }),
      "GET /api/me": () =>
        jsonResponse({ type: "/problems/unauthorized", title: "Unauthorized", status: 401 }, 401),
    });
    const { container } = renderWithProviders(<App />, { language: "en", route: "/" });

    expect(
      await screen.findByRole("heading", { level: 1, name: "Log in to Acme" }),
    ).toBeInTheDocument();
    expect(container.querySelector("[data-shell='portal']")).not.toBeNull();
  });

  it("shows the customer portal shell at /p/:slug", async () => {
    mockApi({
      "GET /api/p/acme": () =>
        jsonResponse({ name: "Acme", slug: "acme", branding: {}, languages: ["en"] }),
      "GET /api/me": () =>
        jsonResponse({ type: "/problems/unauthorized", title: "Unauthorized", status: 401 }, 401),
    });
    const { container } = renderWithProviders(<App />, { language: "en", route: "/p/acme" });

    // Without a portal session the portal asks to log in.
    expect(
      await screen.findByRole("heading", { level: 1, name: "Log in to Acme" }),
    ).toBeInTheDocument();
    expect(container.querySelector("[data-shell='portal']")).not.toBeNull();
    expect(screen.getByRole("navigation", { name: "Portal sections" })).toBeInTheDocument();
  });

  it("shows a not-found page for unknown addresses", () => {
    renderWithProviders(<App />, { language: "en", route: "/nowhere" });
    expect(screen.getByRole("heading", { name: "Page not found" })).toBeInTheDocument();
    expect(screen.getByRole("link", { name: "Go to the home page" })).toHaveAttribute("href", "/");
  });
});
