import { screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import { App } from "../../App";
import { consoleRoutes, mockApi, org, userSession } from "../../test/console";
import { jsonResponse, problemResponse, renderWithProviders } from "../../test/utils";

describe("organization settings", () => {
  it("saves the changed settings", async () => {
    const patches: unknown[] = [];
    mockApi({
      ...consoleRoutes(),
      "PATCH /api/admin/org": async (request) => {
        const body = (await request.json()) as Record<string, unknown>;
        patches.push(body);
        return jsonResponse({ ...org, ...body, version: org.version + 1 });
      },
    });
    renderWithProviders(<App />, { language: "en", route: "/admin/settings" });
    const user = userEvent.setup();

    const name = await screen.findByLabelText("Company name");
    expect(name).toHaveValue("Acme Ltda");
    expect(screen.getByLabelText("Default language")).toHaveValue("pt-BR");
    expect(screen.getByLabelText("Time zone")).toHaveValue("America/Sao_Paulo");
    const country = screen.getByLabelText<HTMLSelectElement>("Country");
    expect(country).toHaveValue("BR");
    expect(country.selectedOptions[0]?.textContent).toBe("Brazil");

    await user.clear(name);
    await user.type(name, "Acme Brasil");
    await user.selectOptions(screen.getByLabelText("Time format"), "12h");
    await user.selectOptions(screen.getByLabelText("Country"), "PT");
    await user.click(screen.getByRole("button", { name: "Save" }));

    expect(await screen.findByText("Settings saved.")).toBeInTheDocument();
    expect(patches).toEqual([{ name: "Acme Brasil", timeFormat: "12h", country: "PT" }]);
  });

  it("sets the default lifetime of new API tokens, 1 to 365 days, 90 unless set", async () => {
    const patches: unknown[] = [];
    mockApi({
      ...consoleRoutes(),
      "PATCH /api/admin/org": async (request) => {
        const body = (await request.json()) as Record<string, unknown>;
        patches.push(body);
        return jsonResponse({ ...org, ...body, version: org.version + 1 });
      },
    });
    renderWithProviders(<App />, { language: "en", route: "/admin/settings" });
    const user = userEvent.setup();

    const days = await screen.findByLabelText("API token lifetime (days)");
    expect(days).toHaveValue(90);
    await user.clear(days);
    await user.type(days, "400");
    await user.click(screen.getByRole("button", { name: "Save" }));
    expect(
      await screen.findByText("Enter a whole number of days from 1 to 365."),
    ).toBeInTheDocument();
    expect(days).toHaveAttribute("aria-invalid", "true");
    expect(patches).toEqual([]);

    await user.clear(days);
    await user.type(days, "30");
    await user.click(screen.getByRole("button", { name: "Save" }));
    expect(await screen.findByText("Settings saved.")).toBeInTheDocument();
    expect(patches).toEqual([{ apiTokenLifetimeDays: 30 }]);
    expect(days).toHaveValue(30);
  });

  it("shows field errors from a 422", async () => {
    mockApi({
      ...consoleRoutes(),
      "PATCH /api/admin/org": () =>
        problemResponse({
          type: "/problems/validation",
          title: "Validation failed",
          status: 422,
          errors: [{ field: "name", message: "is already taken" }], // no code: a general sentence
        }),
    });
    renderWithProviders(<App />, { language: "pt-BR", route: "/admin/settings" });
    const user = userEvent.setup();

    const name = await screen.findByLabelText("Nome da empresa");
    await user.type(name, " 2");
    await user.click(screen.getByRole("button", { name: "Salvar" }));

    // A rule without a code reaches a Portuguese page as a general Portuguese sentence.
    expect(await screen.findByText("Este valor não é aceito.")).toBeInTheDocument();
    expect(screen.queryByText("is already taken")).not.toBeInTheDocument();
    expect(screen.getByLabelText("Nome da empresa")).toHaveAttribute("aria-invalid", "true");
  });

  it("sets a custom domain in lowercase and shows a domain another portal holds on its field", async () => {
    const patches: unknown[] = [];
    mockApi({
      ...consoleRoutes(),
      "PATCH /api/admin/org": async (request) => {
        patches.push(await request.json());
        return problemResponse({
          type: "/problems/conflict",
          title: "Conflict",
          status: 409,
          errors: [{ field: "customDomain", message: "is taken by another portal" }],
        });
      },
    });
    renderWithProviders(<App />, { language: "en", route: "/admin/settings" });
    const user = userEvent.setup();

    const domain = await screen.findByLabelText("Custom domain");
    expect(domain).toHaveValue("");
    await user.type(domain, " Portal.Acme.COM ");
    await user.click(screen.getByRole("button", { name: "Save" }));

    expect(await screen.findByLabelText("Custom domain")).toHaveAttribute("aria-invalid", "true");
    expect(patches).toEqual([{ customDomain: "portal.acme.com" }]);
  });

  it("is read-only for a user without the admin role", async () => {
    mockApi(consoleRoutes(userSession));
    renderWithProviders(<App />, { language: "en", route: "/admin/settings" });

    expect(await screen.findByTestId("settings-read-only")).toHaveTextContent(
      "Only administrators can change these settings.",
    );
    expect(screen.getByLabelText("Company name")).toBeDisabled();
    expect(screen.queryByRole("button", { name: "Save" })).not.toBeInTheDocument();
  });

  it("turns read-only when the API answers 403", async () => {
    mockApi({
      ...consoleRoutes(),
      "PATCH /api/admin/org": () =>
        problemResponse({ type: "/problems/forbidden", title: "Forbidden", status: 403 }),
    });
    renderWithProviders(<App />, { language: "en", route: "/admin/settings" });
    const user = userEvent.setup();

    await user.type(await screen.findByLabelText("Company name"), "!");
    await user.click(screen.getByRole("button", { name: "Save" }));

    expect(await screen.findByTestId("settings-read-only")).toBeInTheDocument();
    expect(screen.getByLabelText("Company name")).toBeDisabled();
  });
});
