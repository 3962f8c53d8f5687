import { screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import type { Problem, UserTypeChange } from "../../shared/api/client";
import { App } from "../../App";
import { consoleRoutes, mockApi, org, userSession } from "../../test/console";
import { freeType, licensedType, moduleRoutes } from "../../test/portal";
import { jsonResponse, problemResponse, renderWithProviders } from "../../test/utils";

interface Put {
  ifMatch: string | null;
  body: UserTypeChange;
}

function routes(puts: Put[], answer: (body: UserTypeChange) => Response) {
  return {
    ...consoleRoutes(),
    ...moduleRoutes(),
    "GET /api/admin/user-types": () =>
      jsonResponse({ items: [freeType, licensedType], limits: org.limits }),
    "GET /api/admin/user-types/ut1": () => jsonResponse(freeType),
    "PUT /api/admin/user-types/ut1": async (request: Request) => {
      const body = (await request.json()) as UserTypeChange;
      puts.push({ ifMatch: request.headers.get("If-Match"), body });
      return answer(body);
    },
  };
}

const invalid = (errors: NonNullable<Problem["errors"]>) =>
  problemResponse({
    type: "/problems/validation",
    title: "Validation failed",
    status: 422,
    errors,
  });

describe("user type editor", () => {
  it("lets account admins invite the type when its box is ticked", async () => {
    const puts: Put[] = [];
    mockApi(
      routes(puts, (body) => jsonResponse({ ...freeType, ...body, version: freeType.version + 1 })),
    );
    renderWithProviders(<App />, { language: "en", route: "/admin/portal/user-types/ut1" });
    const user = userEvent.setup();
    const box = await screen.findByRole("checkbox", { name: /Account admins may invite this type/ });
    expect(box).not.toBeChecked();
    await user.click(box);
    await user.click(screen.getByRole("button", { name: "Save" }));
    await screen.findByText("User type saved.");
    expect(puts.map((put) => put.body.delegable)).toEqual([true]);
  });

  it("shows a 422 on a list column next to that column's control", async () => {
    const puts: Put[] = [];
    mockApi(
      routes(puts, () =>
        invalid([{ field: "tabs[0].display.columns[1]", message: "is hidden for this user type" }]),
      ),
    );
    renderWithProviders(<App />, { language: "en", route: "/admin/portal/user-types/ut1" });
    const user = userEvent.setup();

    expect(
      await screen.findByRole("heading", { level: 2, name: "Tab: Invoices" }),
    ).toBeInTheDocument();
    expect(screen.getByLabelText("Column 2")).toHaveValue("Status");
    await user.click(screen.getByRole("button", { name: "Save" }));

    const column = await screen.findByLabelText("Column 2");
    await screen.findByTestId("user-type-errors");
    expect(column).toHaveAttribute("aria-invalid", "true");
    expect(column).toHaveAccessibleDescription("is hidden for this user type");
    expect(screen.getByLabelText("Column 1")).not.toHaveAttribute("aria-invalid");
    const summary = screen.getByTestId("user-type-errors");
    expect(summary).toHaveTextContent("1 setting needs your attention.");
    expect(summary).toHaveTextContent("Invoices: Column 2 — is hidden for this user type");
    await user.click(within(summary).getByRole("button", { name: "Show" }));
    expect(column).toHaveFocus();

    expect(puts).toHaveLength(1);
    const [put] = puts;
    expect(put?.ifMatch).toBe("5");
    expect(put?.body).not.toHaveProperty("seats");
    expect(put?.body.name).toBe("Clientes");
    expect(put?.body.tabs?.[0]?.display).toEqual({ kind: "list", columns: ["Subject", "Status"] });
  });

  it("saves a changed permission with If-Match", async () => {
    const puts: Put[] = [];
    mockApi(
      routes(puts, (body) => jsonResponse({ ...freeType, ...body, version: freeType.version + 1 })),
    );
    renderWithProviders(<App />, { language: "en", route: "/admin/portal/user-types/ut1" });
    const user = userEvent.setup();

    const edit = await screen.findByRole("checkbox", { name: "Edit" });
    expect(edit).not.toBeChecked();
    expect(screen.queryByTestId("user-type-unsaved")).not.toBeInTheDocument();
    // The own record's tab never creates or deletes; View stays on with Edit.
    await user.click(edit);
    expect(screen.getByTestId("user-type-unsaved")).toHaveTextContent("Unsaved changes");
    await user.click(screen.getByRole("radio", { name: "Grand Total Read-only" }));
    expect(screen.getByRole("radio", { name: "Contact Name Read-write" })).toBeDisabled();
    await user.click(screen.getByRole("button", { name: "Save" }));

    // Next to Save, in place of the unsaved hint.
    expect(await screen.findByTestId("user-type-saved")).toHaveTextContent("User type saved.");
    expect(screen.queryByTestId("user-type-unsaved")).not.toBeInTheDocument();
    expect(puts).toHaveLength(1);
    const body = puts[0]?.body;
    expect(body?.tabs?.[0]).toMatchObject({ module: "Invoices", edit: true, view: true });
    expect(body?.fields).toEqual({
      Contacts: { First_Name: "read", Last_Name: "read", Email: "write" },
      Invoices: { Subject: "read", Status: "read", Grand_Total: "read" },
    });
    expect(await screen.findByRole("checkbox", { name: "Edit" })).toBeChecked();
  });

  it("opens the tab of an error in another module", async () => {
    mockApi(
      routes([], () =>
        invalid([
          {
            field: "fields.Contacts.Email",
            message: "links records to portal users and is set by the portal",
            code: "field.portal_link_writable",
          },
        ]),
      ),
    );
    renderWithProviders(<App />, { language: "pt-BR", route: "/admin/portal/user-types/ut1" });
    const user = userEvent.setup();

    await screen.findByRole("heading", { level: 2, name: "Guia: Faturas" });
    await user.click(screen.getByRole("button", { name: "Salvar" }));

    expect(
      await screen.findByRole("heading", { level: 2, name: "Permissões de campo: Contatos" }),
    ).toBeInTheDocument();
    const radio = screen.getByRole("radio", { name: "E-mail Leitura e escrita" });
    expect(radio).toBeChecked();
    // In the admin's language, by the error's code.
    expect(radio).toHaveAccessibleDescription(/liga registros a usuários do portal/);
    expect(screen.getByTestId("user-type-errors")).toHaveTextContent(
      "Contatos: permissão de E-mail",
    );
  });

  it("catches an empty list before sending", async () => {
    const puts: Put[] = [];
    mockApi(routes(puts, () => jsonResponse(freeType)));
    renderWithProviders(<App />, { language: "en", route: "/admin/portal/user-types/ut1" });
    const user = userEvent.setup();

    await user.click(await screen.findByRole("button", { name: "Remove Column 2" }));
    await user.click(screen.getByRole("button", { name: "Remove Column 1" }));
    await user.click(screen.getByRole("button", { name: "Save" }));

    expect(await screen.findByText("Choose 1 to 10 columns.")).toBeInTheDocument();
    expect(puts).toEqual([]);
  });

  it("switches a list to cards carrying its fields over", async () => {
    const puts: Put[] = [];
    mockApi(routes(puts, (body) => jsonResponse({ ...freeType, ...body, version: 6 })));
    renderWithProviders(<App />, { language: "en", route: "/admin/portal/user-types/ut1" });
    const user = userEvent.setup();

    await user.click(await screen.findByRole("radio", { name: "Cards" }));
    expect(screen.getByLabelText("Card title")).toHaveValue("Subject");
    expect(screen.getByLabelText("Card subtitle")).toHaveValue("Status");
    await user.click(screen.getByRole("checkbox", { name: "Show only records where…" }));
    await user.selectOptions(screen.getByLabelText("Field"), "Status");
    await user.selectOptions(screen.getByLabelText("Condition"), "ne");
    await user.selectOptions(screen.getByLabelText("Value"), "Draft");
    const [paidEnglish] = screen.getAllByLabelText("Label of Paid in English");
    if (!paidEnglish) throw new Error("no label input");
    await user.type(paidEnglish, "Settled");
    await user.click(screen.getByRole("button", { name: "Save" }));

    await screen.findByTestId("user-type-saved");
    expect(puts[0]?.body.tabs?.[0]).toMatchObject({
      display: { kind: "canvas", title: "Subject", subtitle: "Status", cardFields: [] },
      fixed: { field: "Status", op: "ne", values: ["Draft"] },
      picklistLabels: { Status: { Paid: { en: "Settled" } } },
    });
  });

  it("asks to reload after a 412", async () => {
    mockApi(
      routes([], () =>
        problemResponse({
          type: "/problems/precondition-failed",
          title: "Precondition failed",
          status: 412,
        }),
      ),
    );
    renderWithProviders(<App />, { language: "en", route: "/admin/portal/user-types/ut1" });
    const user = userEvent.setup();

    await user.click(await screen.findByRole("button", { name: "Save" }));
    expect(await screen.findByTestId("conflict")).toHaveTextContent(
      "Someone else changed this user type since you opened it.",
    );
  });

  it("is read-only for staff users, who can still look at every tab", async () => {
    mockApi({
      ...routes([], () => jsonResponse(freeType)),
      "GET /api/admin/me": () => jsonResponse(userSession),
    });
    renderWithProviders(<App />, { language: "en", route: "/admin/portal/user-types/ut1" });
    const user = userEvent.setup();

    expect(await screen.findByTestId("user-type-read-only")).toBeInTheDocument();
    expect(screen.getByRole("checkbox", { name: "View" })).toBeDisabled();
    expect(screen.queryByRole("button", { name: "Save" })).not.toBeInTheDocument();
    await user.click(screen.getByRole("button", { name: "Contacts" }));
    expect(screen.getByRole("heading", { level: 2, name: "Tab: Contacts" })).toBeInTheDocument();
  });

  it("flags a hidden field that is a list column at once, with one-click fixes", async () => {
    const puts: Put[] = [];
    mockApi(
      routes(puts, (body) => jsonResponse({ ...freeType, ...body, version: freeType.version + 1 })),
    );
    renderWithProviders(<App />, { language: "en", route: "/admin/portal/user-types/ut1" });
    const user = userEvent.setup();

    const hide = await screen.findByRole("radio", { name: "Status Hidden" });
    expect(screen.queryByTestId("user-type-errors")).not.toBeInTheDocument();
    await user.click(hide);

    // Flagged before any save, at the column, at the filter and at the field's row.
    const column = screen.getByLabelText("Column 2");
    expect(column).toHaveAttribute("aria-invalid", "true");
    expect(column).toHaveAccessibleDescription(
      "Hidden for this user type: portal users would not see it here.",
    );
    expect(hide).toHaveAccessibleDescription(
      "Hidden, but Invoices uses it: Column 2. Hidden, but Invoices uses it: a filter.",
    );
    const summary = screen.getByTestId("user-type-errors");
    expect(summary).toHaveTextContent("2 settings need your attention.");
    expect(summary).toHaveTextContent("Invoices: Column 2 — Hidden for this user type");

    // Each place offers its own fix; the row offers them all once.
    const [removeColumn] = screen.getAllByRole("button", { name: "Remove Status from the columns" });
    if (!removeColumn) throw new Error("no fix");
    await user.click(removeColumn);
    expect(screen.getByLabelText("Column 1")).toHaveValue("Subject");
    expect(screen.queryByLabelText("Column 2")).not.toBeInTheDocument();
    expect(screen.getByTestId("user-type-errors")).toHaveTextContent(
      "1 setting needs your attention.",
    );
    const [removeFilter] = screen.getAllByRole("button", { name: "Remove Status from the filters" });
    if (!removeFilter) throw new Error("no fix");
    await user.click(removeFilter);
    expect(screen.queryByTestId("user-type-errors")).not.toBeInTheDocument();
    expect(hide).not.toHaveAttribute("aria-describedby");

    await user.click(screen.getByRole("button", { name: "Save" }));
    expect(await screen.findByTestId("user-type-saved")).toHaveTextContent("User type saved.");
    expect(puts[0]?.body.tabs?.[0]).toMatchObject({
      display: { kind: "list", columns: ["Subject"] },
      filterable: [],
    });
    expect(puts[0]?.body.fields?.Invoices).toEqual({ Subject: "read" });
  });

  it("refuses to send while a hidden field is in use, and Make read-only answers it", async () => {
    const puts: Put[] = [];
    mockApi(
      routes(puts, (body) => jsonResponse({ ...freeType, ...body, version: freeType.version + 1 })),
    );
    renderWithProviders(<App />, { language: "pt-BR", route: "/admin/portal/user-types/ut1" });
    const user = userEvent.setup();

    await user.click(await screen.findByRole("radio", { name: "Status Oculto" }));
    await user.click(screen.getByRole("button", { name: "Salvar" }));
    const summary = await screen.findByRole("alert");
    expect(summary).toHaveTextContent("2 configurações precisam da sua atenção.");
    expect(puts).toEqual([]);

    const [fix] = screen.getAllByRole("button", { name: "Tornar Status somente leitura" });
    if (!fix) throw new Error("no fix");
    await user.click(fix);
    expect(screen.queryByTestId("user-type-errors")).not.toBeInTheDocument();
    // Back to what was saved: nothing to save.
    expect(screen.queryByTestId("user-type-unsaved")).not.toBeInTheDocument();
  });

  it("keeps the other changes when the server refuses a save, naming each refusal", async () => {
    const puts: Put[] = [];
    mockApi(
      routes(puts, () =>
        invalid([
          {
            field: "tabs[0].display.columns[1]",
            message: "is hidden for this user type",
            code: "field.hidden_for_type",
          },
          { field: "name", message: "is taken" },
        ]),
      ),
    );
    renderWithProviders(<App />, { language: "en", route: "/admin/portal/user-types/ut1" });
    const user = userEvent.setup();

    const name = await screen.findByLabelText("Name");
    await user.clear(name);
    await user.type(name, "Clientes VIP");
    await user.click(screen.getByRole("checkbox", { name: "Edit" }));
    await user.click(screen.getByRole("button", { name: "Save" }));

    const summary = await screen.findByRole("alert");
    expect(summary).toHaveTextContent("2 settings need your attention.");
    expect(summary).toHaveTextContent("Invoices: Column 2");
    expect(summary).toHaveTextContent("Name — is taken");
    expect(screen.getByLabelText("Column 2")).toHaveAttribute("aria-invalid", "true");
    expect(name).toHaveAccessibleDescription("is taken");
    // Nothing is lost: the edits stay, still unsaved.
    expect(name).toHaveValue("Clientes VIP");
    expect(screen.getByRole("checkbox", { name: "Edit" })).toBeChecked();
    expect(screen.getByTestId("user-type-unsaved")).toBeInTheDocument();

    // A change to what an error is about answers it; the others stay.
    await user.type(name, "!");
    expect(name).not.toHaveAttribute("aria-invalid");
    expect(screen.getByLabelText("Column 2")).toHaveAttribute("aria-invalid", "true");
  });

  it("asks before leaving with unsaved changes", async () => {
    mockApi(routes([], () => jsonResponse(freeType)));
    renderWithProviders(<App />, { language: "en", route: "/admin/portal/user-types/ut1" });
    const user = userEvent.setup();

    const name = await screen.findByLabelText("Name");
    await user.type(name, " 2");
    await user.click(screen.getByRole("link", { name: "Cancel" }));

    const dialog = await screen.findByRole("alertdialog", { name: "Leave without saving?" });
    await user.click(within(dialog).getByRole("button", { name: "Keep editing" }));
    expect(screen.queryByRole("alertdialog")).not.toBeInTheDocument();
    expect(screen.getByLabelText("Name")).toHaveValue("Clientes 2");

    await user.click(screen.getByRole("link", { name: "Cancel" }));
    await user.click(
      within(await screen.findByRole("alertdialog")).getByRole("button", {
        name: "Leave without saving",
      }),
    );
    expect(await screen.findByRole("heading", { level: 1, name: "Portal user types" })).toBeInTheDocument();
  });

  it("leaves without asking when nothing changed", async () => {
    mockApi(routes([], () => jsonResponse(freeType)));
    renderWithProviders(<App />, { language: "en", route: "/admin/portal/user-types/ut1" });
    const user = userEvent.setup();

    await user.click(await screen.findByRole("link", { name: "Cancel" }));
    expect(await screen.findByRole("heading", { level: 1, name: "Portal user types" })).toBeInTheDocument();
    expect(screen.queryByRole("alertdialog")).not.toBeInTheDocument();
  });
});
