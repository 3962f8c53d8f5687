import { screen } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { App } from "./App";
import { healthyResponse, jsonResponse, mockFetch, renderWithProviders } from "./test/utils";

describe("routes", () => {
  it("shows the landing page with the health panel at /", async () => {
    mockFetch(() => jsonResponse(healthyResponse));
    const { container } = renderWithProviders(<App />, { language: "en", route: "/" });

    expect(screen.getByRole("heading", { level: 1, name: "Customer Portal" })).toBeInTheDocument();
    expect(container.querySelector("[data-shell='public']")).not.toBeNull();
    expect(await screen.findByTestId("health-status")).toHaveTextContent("OK");
  });

  it("shows the health panel inside the staff console at /admin", async () => {
    mockFetch(() => jsonResponse(healthyResponse));
    const { container } = renderWithProviders(<App />, { language: "en", route: "/admin" });

    expect(container.querySelector("[data-shell='console']")).not.toBeNull();
    expect(screen.getByRole("navigation", { name: "Console sections" })).toBeInTheDocument();
    expect(screen.getByRole("heading", { level: 1, name: "Overview" })).toBeInTheDocument();
    expect(await screen.findByTestId("health-status")).toHaveTextContent("OK");
  });

  it("keeps unknown console pages inside the console shell", () => {
    mockFetch(() => jsonResponse(healthyResponse));
    const { container } = renderWithProviders(<App />, {
      language: "pt-BR",
      route: "/admin/nowhere",
    });

    expect(container.querySelector("[data-shell='console']")).not.toBeNull();
    expect(screen.getByRole("heading", { name: "Página não encontrada" })).toBeInTheDocument();
  });

  it("shows the customer portal shell at /p/:slug", () => {
    const fetchMock = mockFetch(() => jsonResponse(healthyResponse));
    const { container } = renderWithProviders(<App />, { language: "en", route: "/p/acme" });

    expect(container.querySelector("[data-shell='portal']")).not.toBeNull();
    expect(screen.getByRole("heading", { level: 1, name: "Portal for acme" })).toBeInTheDocument();
    expect(screen.getByRole("navigation", { name: "Portal sections" })).toBeInTheDocument();
    expect(fetchMock).not.toHaveBeenCalled();
  });

  it("translates the portal shell", () => {
    renderWithProviders(<App />, { language: "pt-BR", route: "/p/acme/" });
    expect(screen.getByRole("heading", { level: 1, name: "Portal de acme" })).toBeInTheDocument();
  });

  it("shows a not-found page for unknown addresses", () => {
    renderWithProviders(<App />, { language: "en", route: "/nowhere" });
    expect(screen.getByRole("heading", { name: "Page not found" })).toBeInTheDocument();
    expect(screen.getByRole("link", { name: "Go to the home page" })).toHaveAttribute("href", "/");
  });
});
