import { screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import type { Licenses } from "../../shared/api/client";
import { App } from "../../App";
import { consoleRoutes, mockApi, userSession } from "../../test/console";
import { licenses } from "../../test/portal";
import { jsonResponse, problemResponse, renderWithProviders } from "../../test/utils";

const twoTypes: Licenses = {
  ...licenses,
  allocated: 20,
  types: [
    { id: "ut2", name: "Fornecedores", seats: 10, users: 4 },
    { id: "ut3", name: "Parceiros", seats: 10, users: 0 },
  ],
};

describe("licenses", () => {
  it("shows the pool, the free type and each licensed type's seats", async () => {
    mockApi({ ...consoleRoutes(), "GET /api/admin/licenses": () => jsonResponse(licenses) });
    renderWithProviders(<App />, { language: "en", route: "/admin/portal/licenses" });

    expect(await screen.findByTestId("licenses-allocated")).toHaveTextContent("10 of 25 allocated");
    expect(screen.getByTestId("licenses-free")).toHaveTextContent("12 of 3,000");
    expect(screen.getByLabelText("Seats of Fornecedores")).toHaveValue(10);
    expect(within(screen.getByTestId("allocation-ut2")).getByRole("link")).toHaveAttribute(
      "href",
      "/admin/portal/user-types/ut2",
    );
  });

  it("saves the allocation and shows the API's answer", async () => {
    const puts: unknown[] = [];
    mockApi({
      ...consoleRoutes(),
      "GET /api/admin/licenses": () => jsonResponse(twoTypes),
      "PUT /api/admin/licenses": async (request) => {
        const body = (await request.json()) as { allocations: Record<string, number> };
        puts.push(body);
        return jsonResponse({
          ...twoTypes,
          allocated: 19,
          types: twoTypes.types.map((type) => ({ ...type, seats: body.allocations[type.id] })),
        });
      },
    });
    renderWithProviders(<App />, { language: "en", route: "/admin/portal/licenses" });
    const user = userEvent.setup();

    const seats = await screen.findByLabelText("Seats of Parceiros");
    await user.clear(seats);
    await user.type(seats, "9");
    expect(screen.getByTestId("licenses-total")).toHaveTextContent("19 of 25 allocated");
    await user.click(screen.getByRole("button", { name: "Save" }));

    expect(await screen.findByTestId("licenses-saved")).toHaveTextContent("Allocation saved.");
    expect(puts).toEqual([{ allocations: { ut2: 10, ut3: 9 } }]);
    expect(screen.getByTestId("licenses-allocated")).toHaveTextContent("19 of 25 allocated");
  });

  it("shows a 422 per row and the pool's total", async () => {
    mockApi({
      ...consoleRoutes(),
      "GET /api/admin/licenses": () => jsonResponse(twoTypes),
      "PUT /api/admin/licenses": () =>
        problemResponse({
          type: "/problems/validation",
          title: "Validation failed",
          status: 422,
          errors: [
            {
              field: "allocations.ut2",
              message: "4 users already have this type; remove or move them first",
            },
            { field: "seats", message: "add up to 26, more than the 25 licenses in the pool" },
          ],
        }),
    });
    renderWithProviders(<App />, { language: "pt-BR", route: "/admin/portal/licenses" });
    const user = userEvent.setup();

    const parceiros = await screen.findByLabelText("Vagas de Parceiros");
    await user.clear(parceiros);
    await user.type(parceiros, "15");
    await user.click(screen.getByRole("button", { name: "Salvar" }));

    const fornecedores = screen.getByLabelText("Vagas de Fornecedores");
    expect(await screen.findByTestId("licenses-pool-error")).toHaveTextContent(
      "add up to 26, more than the 25 licenses in the pool",
    );
    expect(fornecedores).toHaveAttribute("aria-invalid", "true");
    expect(fornecedores).toHaveAccessibleDescription(
      "4 users already have this type; remove or move them first",
    );
    expect(parceiros).not.toHaveAttribute("aria-invalid");
  });

  it("says before sending when seats go over the pool or below the users", async () => {
    const puts: unknown[] = [];
    mockApi({
      ...consoleRoutes(),
      "GET /api/admin/licenses": () => jsonResponse(twoTypes),
      "PUT /api/admin/licenses": () => {
        puts.push(1);
        return jsonResponse(twoTypes);
      },
    });
    renderWithProviders(<App />, { language: "en", route: "/admin/portal/licenses" });
    const user = userEvent.setup();

    const fornecedores = await screen.findByLabelText("Seats of Fornecedores");
    await user.clear(fornecedores);
    await user.type(fornecedores, "3");
    const parceiros = screen.getByLabelText("Seats of Parceiros");
    await user.clear(parceiros);
    await user.type(parceiros, "30");
    await user.click(screen.getByRole("button", { name: "Save" }));

    expect(
      await screen.findByText("4 users already have this type: give it at least 4 seats."),
    ).toBeInTheDocument();
    expect(screen.getByTestId("licenses-pool-error")).toHaveTextContent(
      "The seats add up to 33, more than the 25 purchased licenses.",
    );
    expect(puts).toEqual([]);
  });

  it("is read-only for staff users", async () => {
    mockApi({
      ...consoleRoutes(userSession),
      "GET /api/admin/licenses": () => jsonResponse(licenses),
    });
    renderWithProviders(<App />, { language: "en", route: "/admin/portal/licenses" });

    expect(await screen.findByLabelText("Seats of Fornecedores")).toBeDisabled();
    expect(screen.queryByRole("button", { name: "Save" })).not.toBeInTheDocument();
  });
});
