import { screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import { App } from "../../App";
import { consoleRoutes, contact, mockApi } from "../../test/console";
import { userTypes, portalUser } from "../../test/portalUsers";
import { jsonResponse, problemResponse, renderWithProviders } from "../../test/utils";

function renderRecord(invite: (request: Request) => Response | Promise<Response>) {
  mockApi({
    ...consoleRoutes(),
    "GET /api/admin/records/Contacts/c1": () => jsonResponse(contact(1)),
    "GET /api/admin/user-types": () => jsonResponse(userTypes),
    "POST /api/admin/records/Contacts/c1/invitation": invite,
  });
  renderWithProviders(<App />, { language: "en", route: "/admin/records/Contacts/c1" });
  return userEvent.setup();
}

async function openDialog(user: ReturnType<typeof userEvent.setup>) {
  const more = await screen.findByRole("button", { name: "More" });
  expect(more).toHaveAttribute("aria-haspopup", "menu");
  expect(more).toHaveAttribute("aria-expanded", "false");
  await user.click(more);
  expect(more).toHaveAttribute("aria-expanded", "true");
  await user.click(screen.getByRole("menuitem", { name: "Send portal invitation" }));
  return screen.getByRole("dialog", { name: "Send portal invitation" });
}

describe("portal invitation from a record", () => {
  it("lists only the types of the record's module and sends the invitation", async () => {
    const sent: { body: unknown; header: string | null }[] = [];
    const user = renderRecord(async (request) => {
      sent.push({ body: await request.json(), header: request.headers.get("X-Requested-With") });
      return jsonResponse(portalUser(1, { userType: { id: "ut2", name: "Fornecedores" } }), 201);
    });
    const dialog = await openDialog(user);
    const select = await within(dialog).findByLabelText("User type");
    const options = within(select)
      .getAllByRole("option")
      .map((option) => option.textContent);
    expect(options).toEqual([
      "Choose a user type",
      "Clientes (12 of 3,000 seats used)",
      "Fornecedores (4 of 10 seats used)",
      "Parceiros (2 of 2 seats used)",
    ]);
    expect(within(select).getByRole("option", { name: /Parceiros/ })).toBeDisabled();
    expect(within(dialog).getByRole("button", { name: "Send" })).toBeDisabled();

    await user.selectOptions(select, "ut2");
    await user.click(within(dialog).getByRole("button", { name: "Send" }));

    expect(await within(dialog).findByTestId("invite-outcome")).toHaveTextContent(
      "Invitation sent to maria1@cliente.example.",
    );
    expect(sent).toEqual([{ body: { userTypeId: "ut2" }, header: "portal" }]);
    await user.click(within(dialog).getByRole("button", { name: "Close" }));
    expect(screen.queryByRole("dialog")).not.toBeInTheDocument();
  });

  it("says when the email could not be sent, with the reason", async () => {
    const user = renderRecord(() =>
      jsonResponse(
        portalUser(1, {
          delivery: { state: "send_failed", reason: "Mailbox unavailable", at: "2026-11-28T12:00:00Z" },
        }),
        201,
      ),
    );
    const dialog = await openDialog(user);
    await user.selectOptions(await within(dialog).findByLabelText("User type"), "ut1");
    await user.click(within(dialog).getByRole("button", { name: "Send" }));
    const outcome = await within(dialog).findByTestId("invite-outcome");
    expect(outcome).toHaveTextContent("the email could not be sent");
    expect(outcome).toHaveTextContent("Mailbox unavailable");
  });

  it("shows a 409's detail", async () => {
    const user = renderRecord(() =>
      problemResponse({
        type: "/problems/conflict",
        title: "Conflict",
        status: 409,
        detail: "This person is already invited.",
      }),
    );
    const dialog = await openDialog(user);
    await user.selectOptions(await within(dialog).findByLabelText("User type"), "ut1");
    await user.click(within(dialog).getByRole("button", { name: "Send" }));
    expect(await within(dialog).findByRole("alert")).toHaveTextContent(
      "This person is already invited.",
    );
  });

  it("shows a 422's field messages", async () => {
    const user = renderRecord(() =>
      problemResponse({
        type: "/problems/validation",
        title: "Invalid",
        status: 422,
        errors: [{ field: "email", message: "The record has no email address." }],
      }),
    );
    const dialog = await openDialog(user);
    await user.selectOptions(await within(dialog).findByLabelText("User type"), "ut1");
    await user.click(within(dialog).getByRole("button", { name: "Send" }));
    const alert = await within(dialog).findByRole("alert");
    expect(alert).toHaveTextContent("email");
    expect(alert).toHaveTextContent("The record has no email address.");
  });

  it("keeps Tab inside and returns focus to More on Escape", async () => {
    const user = renderRecord(() => jsonResponse({}, 500));
    const dialog = await openDialog(user);
    expect(dialog).toContainElement(document.activeElement as HTMLElement);
    const select = await within(dialog).findByLabelText("User type");
    await user.click(select);
    // Send is disabled until a type is chosen: Cancel is the last stop, then back to the select.
    await user.tab();
    expect(within(dialog).getByRole("button", { name: "Cancel" })).toHaveFocus();
    await user.tab();
    expect(select).toHaveFocus();

    await user.keyboard("{Escape}");
    expect(screen.queryByRole("dialog")).not.toBeInTheDocument();
    expect(screen.getByRole("button", { name: "More" })).toHaveFocus();
  });

  it("asks before deleting in a modal that Escape closes, back on Delete", async () => {
    const user = renderRecord(() => jsonResponse({}, 500));
    const remove = await screen.findByRole("button", { name: "Delete" });
    await user.click(remove);
    const confirm = screen.getByRole("alertdialog", {
      name: "Delete this record? This cannot be undone.",
    });
    expect(confirm.tagName).toBe("DIALOG");
    // Focus starts on Cancel: an Enter pressed by reflex deletes nothing.
    expect(within(confirm).getByRole("button", { name: "Cancel" })).toHaveFocus();
    await user.keyboard("{Escape}");
    expect(screen.queryByRole("alertdialog")).not.toBeInTheDocument();
    expect(remove).toHaveFocus();
  });

  it("offers no invitation on records of other modules", async () => {
    mockApi({
      ...consoleRoutes(),
      "GET /api/admin/modules/Accounts": () =>
        jsonResponse({
          apiName: "Accounts",
          labels: { en: "Accounts" },
          singularLabels: { en: "Account" },
          nameField: "Account_Name",
          version: 0,
          fields: [],
          layouts: [{ id: "default", name: "Standard", sections: [] }],
        }),
      "GET /api/admin/records/Accounts/a1": () =>
        jsonResponse(contact(1, { id: "a1", module: "Accounts" })),
    });
    renderWithProviders(<App />, { language: "en", route: "/admin/records/Accounts/a1" });
    expect(await screen.findByRole("link", { name: "Edit" })).toBeInTheDocument();
    expect(screen.queryByRole("button", { name: "More" })).not.toBeInTheDocument();
  });
});
