import { screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import type { UserType } from "../../shared/api/client";
import { App } from "../../App";
import { consoleRoutes, mockApi, org, userSession } from "../../test/console";
import { freeType, licensedType, moduleRoutes } from "../../test/portal";
import { jsonResponse, problemResponse, renderWithProviders } from "../../test/utils";

function listRoute(items: UserType[]) {
  return () => jsonResponse({ items, limits: org.limits });
}

function optionValues(select: HTMLElement) {
  return within(select)
    .getAllByRole("option")
    .map((option) => (option as HTMLOptionElement).value);
}

describe("user types", () => {
  it("lists the types with their base module, kind and users of capacity", async () => {
    mockApi({
      ...consoleRoutes(),
      ...moduleRoutes(),
      "GET /api/admin/user-types": listRoute([freeType, licensedType]),
    });
    renderWithProviders(<App />, { language: "en", route: "/admin/portal/user-types" });

    expect(await screen.findByTestId("user-type-limits")).toHaveTextContent("2 of 5 user types");
    const free = screen.getByTestId("user-type-ut1");
    expect(within(free).getByRole("link", { name: "Clientes" })).toHaveAttribute(
      "href",
      "/admin/portal/user-types/ut1",
    );
    expect(free).toHaveTextContent("Contacts");
    expect(free).toHaveTextContent("Free");
    expect(free).toHaveTextContent("12 of 3,000");
    const meter = within(free).getByRole("meter", { name: "Users of Clientes" });
    expect(meter).toHaveAttribute("value", "12");
    expect(meter).toHaveAttribute("max", "3000");
    const licensed = screen.getByTestId("user-type-ut2");
    expect(licensed).toHaveTextContent("Licensed");
    expect(licensed).toHaveTextContent("4 of 10");
  });

  it("bases the first type on Contacts only, then opens it", async () => {
    const posts: unknown[] = [];
    const created: UserType = { ...freeType, id: "new1", name: "Clientes", tabs: [], fields: {} };
    mockApi({
      ...consoleRoutes(),
      ...moduleRoutes(),
      "GET /api/admin/user-types": listRoute([]),
      "POST /api/admin/user-types": async (request) => {
        posts.push(await request.json());
        return jsonResponse(created, 201);
      },
      "GET /api/admin/user-types/new1": () => jsonResponse(created),
    });
    renderWithProviders(<App />, { language: "en", route: "/admin/portal/user-types" });
    const user = userEvent.setup();

    expect(await screen.findByTestId("user-type-limits")).toHaveTextContent("0 of 5 user types");
    await user.click(screen.getByRole("button", { name: "New user type" }));
    const base = screen.getByLabelText("Based on");
    expect(optionValues(base)).toEqual(["Contacts"]);
    expect(base).toHaveAccessibleDescription(
      "The first (free) user type is always based on Contacts.",
    );
    expect(screen.queryByLabelText("Seats")).not.toBeInTheDocument();

    await user.type(screen.getByLabelText("Name"), "Clientes");
    await user.click(screen.getByRole("button", { name: "Create user type" }));

    expect(
      await screen.findByRole("heading", { level: 1, name: "User type: Clientes" }),
    ).toBeInTheDocument();
    expect(posts).toEqual([{ name: "Clientes", baseModule: "Contacts" }]);
  });

  it("offers Leads or Contacts with seats from the pool for the next types", async () => {
    const posts: unknown[] = [];
    mockApi({
      ...consoleRoutes(),
      ...moduleRoutes(),
      "GET /api/admin/modules": () =>
        jsonResponse({
          items: [
            {
              apiName: "Contacts",
              labels: { en: "Contacts" },
              singularLabels: { en: "Contact" },
              nameField: "Last_Name",
            },
            {
              apiName: "Leads",
              labels: { en: "Leads" },
              singularLabels: { en: "Lead" },
              nameField: "Last_Name",
            },
          ],
        }),
      "GET /api/admin/user-types": listRoute([freeType, licensedType]),
      "POST /api/admin/user-types": async (request) => {
        posts.push(await request.json());
        return problemResponse({
          type: "/problems/validation",
          title: "Validation failed",
          status: 422,
          errors: [{ field: "seats", message: "the license pool has 10 seats left" }],
        });
      },
    });
    renderWithProviders(<App />, { language: "en", route: "/admin/portal/user-types" });
    const user = userEvent.setup();

    await user.click(await screen.findByRole("button", { name: "New user type" }));
    const base = screen.getByLabelText("Based on");
    expect(optionValues(base)).toEqual(["Contacts", "Leads"]);
    // 20 licenses in the pool, 10 held by Fornecedores.
    expect(screen.getByText("10 licenses left in the pool.")).toBeInTheDocument();
    await user.type(screen.getByLabelText("Name"), "Parceiros");
    await user.selectOptions(base, "Leads");
    const seats = screen.getByLabelText("Seats");
    await user.clear(seats);
    await user.type(seats, "11");
    await user.click(screen.getByRole("button", { name: "Create user type" }));
    expect(await screen.findByText("Only 10 licenses are left in the pool.")).toBeInTheDocument();
    expect(posts).toEqual([]);

    await user.clear(seats);
    await user.type(seats, "5");
    await user.click(screen.getByRole("button", { name: "Create user type" }));
    expect(await screen.findByText("the license pool has 10 seats left")).toBeInTheDocument();
    expect(screen.getByLabelText("Seats")).toHaveAttribute("aria-invalid", "true");
    expect(posts).toEqual([{ name: "Parceiros", baseModule: "Leads", seats: 5 }]);
  });

  it("hides the form at the limit", async () => {
    const five = [0, 1, 2, 3, 4].map((n) => ({
      ...licensedType,
      id: `t${String(n)}`,
      name: `T${String(n)}`,
    }));
    mockApi({
      ...consoleRoutes(),
      ...moduleRoutes(),
      "GET /api/admin/user-types": listRoute(five),
    });
    renderWithProviders(<App />, { language: "pt-BR", route: "/admin/portal/user-types" });

    expect(await screen.findByTestId("user-type-limits")).toHaveTextContent(
      "5 de 5 tipos de usuário",
    );
    expect(screen.getByTestId("user-type-limit-reached")).toBeInTheDocument();
    expect(screen.queryByRole("button", { name: "Novo tipo de usuário" })).not.toBeInTheDocument();
  });

  it("confirms a deletion and shows why the API refused it", async () => {
    const deleted: string[] = [];
    mockApi({
      ...consoleRoutes(),
      ...moduleRoutes(),
      "GET /api/admin/user-types": listRoute([freeType, licensedType]),
      "DELETE /api/admin/user-types/ut2": (request) => {
        deleted.push(request.headers.get("X-Requested-With") ?? "");
        return problemResponse({
          type: "/problems/conflict",
          title: "Conflict",
          status: 409,
          detail: "4 users have this type; remove or move them first",
        });
      },
    });
    renderWithProviders(<App />, { language: "en", route: "/admin/portal/user-types" });
    const user = userEvent.setup();

    await user.click(await screen.findByRole("button", { name: "Delete Fornecedores" }));
    const confirm = screen.getByRole("group", { name: "Delete Fornecedores?" });
    await user.click(within(confirm).getByRole("button", { name: "Yes, delete" }));

    const refused = await screen.findByTestId("delete-refused");
    expect(refused).toHaveTextContent("This user type cannot be deleted now.");
    expect(refused).toHaveTextContent("4 users have this type; remove or move them first");
    expect(deleted).toEqual(["portal"]);
  });

  it("is read-only for staff users", async () => {
    mockApi({
      ...consoleRoutes(userSession),
      ...moduleRoutes(),
      "GET /api/admin/user-types": listRoute([freeType]),
    });
    renderWithProviders(<App />, { language: "en", route: "/admin/portal/user-types" });

    expect(
      await screen.findByText("Only administrators can change user types."),
    ).toBeInTheDocument();
    expect(screen.queryByRole("button", { name: "New user type" })).not.toBeInTheDocument();
    expect(screen.queryByRole("button", { name: "Delete Clientes" })).not.toBeInTheDocument();
  });
});
