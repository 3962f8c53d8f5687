import { screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import { App } from "../../App";
import { consoleRoutes, mockApi, org } from "../../test/console";
import { portal } from "../../test/portal";
import { jsonResponse, problemResponse, renderWithProviders } from "../../test/utils";

describe("invitation link lifetime", () => {
  it("shows 72 hours by default and saves a change with the other settings", async () => {
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

    const hours = await screen.findByLabelText("Invitation link lifetime (hours)");
    expect(hours).toHaveValue(72);
    await user.clear(hours);
    await user.type(hours, "800");
    await user.click(screen.getByRole("button", { name: "Save" }));
    expect(
      await screen.findByText("Enter a whole number of hours from 1 to 720."),
    ).toBeInTheDocument();
    expect(patches).toEqual([]);

    await user.clear(hours);
    await user.type(hours, "24");
    await user.click(screen.getByRole("button", { name: "Save" }));
    expect(await screen.findByText("Settings saved.")).toBeInTheDocument();
    expect(patches).toEqual([{ invitationHours: 24 }]);
    expect(hours).toHaveValue(24);
  });

  it("shows the organization's lifetime and a 422 on it", async () => {
    mockApi({
      ...consoleRoutes(),
      "GET /api/admin/org": () => jsonResponse({ ...org, invitationHours: 48 }),
      "PATCH /api/admin/org": () =>
        problemResponse({
          type: "/problems/validation",
          title: "Invalid",
          status: 422,
          errors: [
            {
              field: "invitationHours",
              message: "must be 1 to 720",
              code: "number.range",
              params: { min: "1", max: "720" },
            },
          ],
        }),
    });
    renderWithProviders(<App />, { language: "pt-BR", route: "/admin/settings" });
    const user = userEvent.setup();
    const hours = await screen.findByLabelText("Validade do link de convite (horas)");
    expect(hours).toHaveValue(48);
    await user.clear(hours);
    await user.type(hours, "12");
    await user.click(screen.getByRole("button", { name: "Salvar" }));
    // The refusal in the page's language by its code, never the API's English.
    expect(await screen.findByText("Informe um número de 1 a 720.")).toBeInTheDocument();
    expect(screen.queryByText("must be 1 to 720")).not.toBeInTheDocument();
    expect(hours).toHaveAttribute("aria-invalid", "true");
  });
});

describe("portal deactivation", () => {
  it("deactivates after a confirmation and reactivates", async () => {
    const patches: { body: unknown; ifMatch: string | null }[] = [];
    let current = { ...portal, disabled: false };
    mockApi({
      ...consoleRoutes(),
      "GET /api/admin/portal": () => jsonResponse(current),
      "GET /api/admin/user-types": () => jsonResponse({ items: [] }),
      "PATCH /api/admin/portal": async (request) => {
        const body = (await request.json()) as { disabled: boolean };
        patches.push({ body, ifMatch: request.headers.get("If-Match") });
        current = { ...current, disabled: body.disabled, version: current.version + 1 };
        return jsonResponse(current);
      },
    });
    renderWithProviders(<App />, { language: "en", route: "/admin/portal" });
    const user = userEvent.setup();

    const section = await screen.findByTestId("portal-availability");
    expect(section).toHaveTextContent("The portal is open");
    await user.click(within(section).getByRole("button", { name: "Deactivate portal" }));
    const dialog = screen.getByRole("alertdialog", { name: "Deactivate the portal?" });
    await user.click(within(dialog).getByRole("button", { name: "Cancel" }));
    expect(patches).toEqual([]);

    await user.click(within(section).getByRole("button", { name: "Deactivate portal" }));
    await user.click(screen.getByRole("button", { name: "Yes, deactivate" }));
    const after = await screen.findByTestId("portal-availability");
    expect(await within(after).findByText(/The portal is deactivated/)).toBeInTheDocument();
    expect(patches).toEqual([{ body: { disabled: true }, ifMatch: String(portal.version) }]);

    await user.click(within(after).getByRole("button", { name: "Reactivate portal" }));
    await user.click(screen.getByRole("button", { name: "Yes, reactivate" }));
    expect(await screen.findByText(/The portal is open/)).toBeInTheDocument();
    expect(patches.at(-1)).toEqual({
      body: { disabled: false },
      ifMatch: String(portal.version + 1),
    });
  });
});
