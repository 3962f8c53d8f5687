import { screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import type { UserTypeChange } from "../../shared/api/client";
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

const invalid = (errors: { field: string; message: string }[]) =>
  problemResponse({
    type: "/problems/validation",
    title: "Validation failed",
    status: 422,
    errors,
  });

describe("user type editor", () => {
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
    // The own record's tab never creates or deletes; View stays on with Edit.
    await user.click(edit);
    await user.click(screen.getByRole("radio", { name: "Status Hidden" }));
    expect(screen.getByRole("radio", { name: "Contact Name Read-write" })).toBeDisabled();
    await user.click(screen.getByRole("button", { name: "Save" }));

    expect(await screen.findByTestId("user-type-saved")).toHaveTextContent("User type saved.");
    expect(puts).toHaveLength(1);
    const body = puts[0]?.body;
    expect(body?.tabs?.[0]).toMatchObject({ module: "Invoices", edit: true, view: true });
    expect(body?.fields).toEqual({
      Contacts: { First_Name: "read", Last_Name: "read", Email: "write" },
      Invoices: { Subject: "read" },
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
    expect(radio).toHaveAccessibleDescription(
      "links records to portal users and is set by the portal",
    );
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
});
