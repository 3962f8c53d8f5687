import { screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import { App } from "../../App";
import { consoleRoutes, contact, mockApi } from "../../test/console";
import { userTypes } from "../../test/portalUsers";
import { jsonResponse, problemResponse, renderWithProviders } from "../../test/utils";

describe("bulk portal invitation from the records list", () => {
  it("invites the selected records with one bulk job and reports each failure by name", async () => {
    const items = Array.from({ length: 6 }, (_, index) => contact(index + 1));
    const bodies: unknown[] = [];
    let polls = 0;
    const failed = (n: number, status: number, detail: string) => ({
      position: n - 1,
      id: `c${String(n)}`,
      outcome: "failed",
      status,
      detail,
    });
    mockApi({
      ...consoleRoutes(),
      "GET /api/admin/records/Contacts": () => jsonResponse({ items }),
      "GET /api/admin/user-types": () => jsonResponse(userTypes),
      "POST /api/admin/portal-users/bulk": async (request) => {
        bodies.push(await request.json());
        return jsonResponse({ jobId: "job1" }, 202);
      },
      "GET /api/admin/portal-users/bulk/job1": () => {
        polls++;
        const job = { id: "job1", action: "invite", module: "Contacts", total: 6, createdAt: "2026-12-01T12:00:00Z" };
        return polls === 1
          ? jsonResponse({ ...job, status: "running", done: 2, failed: 0, items: [] })
          : jsonResponse({
              ...job,
              status: "done",
              done: 4,
              failed: 2,
              items: [
                failed(3, 409, "This person is already an active portal user."),
                failed(5, 422, "userTypeId has no free seat."),
              ],
            });
      },
    });
    renderWithProviders(<App />, { language: "en", route: "/admin/records/Contacts" });
    const user = userEvent.setup();

    await screen.findByRole("link", { name: "Maria 1" });
    const invite = screen.getByRole("button", { name: "Send portal invitation" });
    expect(invite).toBeDisabled();
    await user.click(screen.getByRole("checkbox", { name: "Select Maria 6" }));
    expect(screen.getByTestId("record-bulk-bar")).toHaveTextContent("1 selected");
    await user.click(screen.getByRole("checkbox", { name: "Select all on page" }));
    expect(screen.getByTestId("record-bulk-bar")).toHaveTextContent("6 selected");
    // Ticking a box does not open the record.
    expect(screen.getByRole("heading", { level: 1, name: "Contacts" })).toBeInTheDocument();
    await user.click(invite);

    const dialog = screen.getByRole("dialog", { name: "Send portal invitations to 6 records" });
    const select = await within(dialog).findByLabelText("User type");
    expect(within(select).queryByRole("option", { name: /Prospects/ })).not.toBeInTheDocument();
    await user.selectOptions(select, "ut1");
    await user.click(within(dialog).getByRole("button", { name: "Send" }));

    await within(dialog).findByText("Done: 4 of 6 succeeded.", {}, { timeout: 5000 });
    const failures = within(dialog).getByTestId("bulk-failures");
    expect(failures).toHaveTextContent("2 could not be done");
    expect(failures).toHaveTextContent("Maria 3:");
    expect(failures).toHaveTextContent("Maria 5:");
    const progress = within(dialog).getByRole("progressbar", { name: "Invitations sent" });
    expect(progress).toHaveAttribute("aria-valuenow", "6");
    expect(progress).toHaveAttribute("aria-valuemax", "6");
    expect(polls).toBe(2);
    expect(bodies).toEqual([
      {
        action: "invite",
        module: "Contacts",
        ids: ["c1", "c2", "c3", "c4", "c5", "c6"],
        userTypeId: "ut1",
      },
    ]);

    await user.click(within(dialog).getByRole("button", { name: "Close" }));
    expect(screen.queryByRole("dialog")).not.toBeInTheDocument();
    expect(screen.getByTestId("record-bulk-bar")).toHaveTextContent("0 selected");
  }, 40_000); // many steps and two polls 700 ms apart: more than the default on a busy runner

  it("keeps the dialog open with the reason when the job could not start", async () => {
    const items = [contact(1)];
    mockApi({
      ...consoleRoutes(),
      "GET /api/admin/records/Contacts": () => jsonResponse({ items }),
      "GET /api/admin/user-types": () => jsonResponse(userTypes),
      "POST /api/admin/portal-users/bulk": () =>
        problemResponse({ type: "/problems/unavailable", title: "Service unavailable", status: 503 }),
    });
    renderWithProviders(<App />, { language: "en", route: "/admin/records/Contacts" });
    const user = userEvent.setup();
    await screen.findByRole("link", { name: "Maria 1" });
    await user.click(screen.getByRole("checkbox", { name: "Select Maria 1" }));
    await user.click(screen.getByRole("button", { name: "Send portal invitation" }));
    const dialog = screen.getByRole("dialog");
    await user.selectOptions(await within(dialog).findByLabelText("User type"), "ut1");
    await user.click(within(dialog).getByRole("button", { name: "Send" }));
    expect(await within(dialog).findByRole("alert")).toBeInTheDocument();
    expect(within(dialog).queryByRole("progressbar")).not.toBeInTheDocument();
    expect(within(dialog).getByRole("button", { name: "Send" })).toBeEnabled();
  });

  it("shows no selection on modules that cannot be invited", async () => {
    mockApi({
      ...consoleRoutes(),
      "GET /api/admin/modules/Accounts": () =>
        jsonResponse({
          apiName: "Accounts",
          labels: { en: "Accounts" },
          singularLabels: { en: "Account" },
          nameField: "Account_Name",
          version: 0,
          fields: [
            {
              apiName: "Account_Name",
              labels: { en: "Account Name" },
              type: "text",
              required: true,
              system: false,
              custom: false,
            },
          ],
          layouts: [
            { id: "default", name: "Standard", sections: [{ name: "A", fields: ["Account_Name"] }] },
          ],
        }),
      "GET /api/admin/records/Accounts": () =>
        jsonResponse({
          items: [contact(1, { id: "a1", module: "Accounts", fields: { Account_Name: "Acme" } })],
        }),
    });
    renderWithProviders(<App />, { language: "en", route: "/admin/records/Accounts" });
    expect(await screen.findByRole("link", { name: "Acme" })).toBeInTheDocument();
    expect(screen.queryByRole("checkbox")).not.toBeInTheDocument();
    expect(screen.queryByRole("button", { name: "Send portal invitation" })).not.toBeInTheDocument();
  });
});
