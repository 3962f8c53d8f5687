import { screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import { App } from "../../App";
import { consoleRoutes, contact, mockApi } from "../../test/console";
import { jsonResponse, problemResponse, renderWithProviders } from "../../test/utils";

describe("record form", () => {
  it("checks required fields and formats before sending", async () => {
    const fetchMock = mockApi(consoleRoutes());
    renderWithProviders(<App />, { language: "en", route: "/admin/records/Contacts/new" });
    const user = userEvent.setup();

    await user.type(await screen.findByLabelText("Email"), "not-an-email");
    await user.type(screen.getByLabelText("Budget"), "12.345");
    await user.click(screen.getByRole("button", { name: "Create" }));

    const lastName = screen.getByLabelText(/Last Name/);
    expect(lastName).toHaveAttribute("aria-invalid", "true");
    expect(lastName).toHaveAccessibleDescription("This field is required.");
    expect(screen.getByLabelText("Email")).toHaveAccessibleDescription(
      "Enter a valid email address.",
    );
    expect(screen.getByLabelText("Budget")).toHaveAccessibleDescription(
      "Enter an amount with at most two decimals.",
    );
    expect(fetchMock.mock.calls.some(([request]) => (request as Request).method === "POST")).toBe(
      false,
    );
  });

  it("puts the server's 422 field errors on the fields", async () => {
    const bodies: unknown[] = [];
    mockApi({
      ...consoleRoutes(),
      "POST /api/admin/records/Contacts": async (request) => {
        bodies.push(await request.json());
        return problemResponse({
          type: "/problems/validation",
          title: "Validation failed",
          status: 422,
          detail: "one or more fields are invalid",
          errors: [
            { field: "Email", message: "is already used by another contact" },
            { field: "Last_Name", message: "must not be only spaces" },
            { field: "Mailing_City", message: "is required" },
          ],
        });
      },
    });
    renderWithProviders(<App />, { language: "en", route: "/admin/records/Contacts/new" });
    const user = userEvent.setup();

    await user.type(await screen.findByLabelText(/Last Name/), "Souza");
    await user.type(screen.getByLabelText("Email"), "souza@cliente.example");
    await user.selectOptions(screen.getByLabelText("Lead Source"), "Web");
    await user.type(screen.getByLabelText("Budget"), "99.5");
    await user.click(screen.getByRole("button", { name: "Create" }));

    expect(await screen.findByLabelText("Email")).toHaveAccessibleDescription(
      "is already used by another contact",
    );
    expect(screen.getByLabelText(/Last Name/)).toHaveAccessibleDescription(
      "must not be only spaces",
    );
    expect(screen.getByLabelText(/Last Name/)).toHaveAttribute("aria-invalid", "true");
    const summary = screen.getByTestId("form-errors");
    expect(summary).toHaveTextContent("Some values need your attention.");
    expect(summary).toHaveTextContent("Mailing_City — is required");
    expect(bodies).toEqual([
      {
        layoutId: "default",
        fields: {
          Last_Name: "Souza",
          Email: "souza@cliente.example",
          Lead_Source: "Web",
          Budget: "99.50",
        },
      },
    ]);
  });

  it("creates a record and opens it", async () => {
    mockApi({
      ...consoleRoutes(),
      "POST /api/admin/records/Contacts": () =>
        jsonResponse(contact(7, { fields: { Last_Name: "Souza" } }), 201),
    });
    renderWithProviders(<App />, { language: "en", route: "/admin/records/Contacts/new" });
    const user = userEvent.setup();

    await user.type(await screen.findByLabelText(/Last Name/), "Souza");
    await user.click(screen.getByRole("button", { name: "Create" }));

    expect(await screen.findByRole("button", { name: "Delete" })).toBeInTheDocument();
    expect(screen.getByRole("heading", { level: 1 })).toHaveTextContent("Souza");
  });

  it("sends only the changed fields with If-Match and explains a conflict", async () => {
    const patches: { ifMatch: string | null; body: unknown }[] = [];
    mockApi({
      ...consoleRoutes(),
      "GET /api/admin/records/Contacts/c3": () => jsonResponse(contact(3, { version: 7 })),
      "PATCH /api/admin/records/Contacts/c3": async (request) => {
        patches.push({ ifMatch: request.headers.get("If-Match"), body: await request.json() });
        return problemResponse({
          type: "/problems/precondition-failed",
          title: "Precondition failed",
          status: 412,
        });
      },
    });
    renderWithProviders(<App />, { language: "pt-BR", route: "/admin/records/Contacts/c3/edit" });
    const user = userEvent.setup();

    const firstName = await screen.findByLabelText("Nome");
    expect(firstName).toHaveValue("Maria 3");
    expect(screen.getByRole("combobox", { name: "Nome da conta" })).toHaveValue(
      "Cliente Ação Ltda",
    );
    await user.clear(firstName);
    await user.type(firstName, "Mariana");
    await user.click(screen.getByRole("button", { name: "Salvar" }));

    expect(await screen.findByTestId("conflict")).toHaveTextContent(
      "Outra pessoa alterou este registro",
    );
    expect(patches).toEqual([{ ifMatch: "7", body: { fields: { First_Name: "Mariana" } } }]);
  });

  it("sets a lookup by searching the target module by its name field", async () => {
    const searches: URL[] = [];
    const bodies: unknown[] = [];
    mockApi({
      ...consoleRoutes(),
      "GET /api/admin/records/Accounts": (_request, url) => {
        searches.push(url);
        return jsonResponse({
          items: [
            {
              ...contact(1),
              id: "a9",
              module: "Accounts",
              fields: { Account_Name: "Zeta Comércio" },
            },
          ],
        });
      },
      "POST /api/admin/records/Contacts": async (request) => {
        bodies.push(await request.json());
        return jsonResponse(contact(8), 201);
      },
      "GET /api/admin/records/Contacts/c8": () => jsonResponse(contact(8)),
    });
    renderWithProviders(<App />, { language: "en", route: "/admin/records/Contacts/new" });
    const user = userEvent.setup();

    await user.type(await screen.findByLabelText(/Last Name/), "Souza");
    const lookup = screen.getByRole("combobox", { name: "Account Name" });
    await user.type(lookup, "zeta");
    await waitFor(() => {
      expect(searches.at(-1)?.searchParams.get("filter.Account_Name.contains")).toBe("zeta");
    });
    expect(searches.at(-1)?.searchParams.get("sort")).toBe("Account_Name");
    await user.click(await screen.findByRole("option", { name: "Zeta Comércio" }));
    expect(lookup).toHaveValue("Zeta Comércio");

    await user.click(screen.getByRole("button", { name: "Create" }));
    await screen.findByRole("button", { name: "Delete" });
    expect(bodies[0]).toMatchObject({ fields: { Last_Name: "Souza", Account_Name: "a9" } });
  });
});
