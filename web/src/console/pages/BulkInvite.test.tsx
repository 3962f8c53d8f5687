import { screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import { App } from "../../App";
import { consoleRoutes, contact, mockApi } from "../../test/console";
import { portalUser, userTypes } from "../../test/portalUsers";
import { jsonResponse, problemResponse, renderWithProviders } from "../../test/utils";

type Handler = (request: Request, url: URL) => Response | Promise<Response>;

describe("bulk portal invitation from the records list", () => {
  it("invites the selected records four at a time and sums up the outcomes", async () => {
    const items = Array.from({ length: 6 }, (_, index) => contact(index + 1));
    let running = 0;
    let peak = 0;
    const bodies: unknown[] = [];
    const answer = (n: number) => {
      switch (n) {
        case 2:
          return problemResponse({
            type: "/problems/conflict",
            title: "Conflict",
            status: 409,
            detail: "Already invited.",
          });
        case 3:
          return problemResponse({
            type: "/problems/validation",
            title: "Invalid",
            status: 422,
            errors: [{ field: "email", message: "The record has no email address." }],
          });
        case 4:
          return problemResponse({ type: "/problems/server", title: "Server error", status: 500 });
        default:
          return jsonResponse(portalUser(n), 201);
      }
    };
    const routes: Record<string, Handler> = {
      ...consoleRoutes(),
      "GET /api/admin/records/Contacts": () => jsonResponse({ items }),
      "GET /api/admin/user-types": () => jsonResponse(userTypes),
    };
    for (let n = 1; n <= 6; n++) {
      routes[`POST /api/admin/records/Contacts/c${String(n)}/invitation`] = async (request) => {
        running++;
        peak = Math.max(peak, running);
        bodies.push(await request.json());
        await new Promise((resolve) => setTimeout(resolve, 10));
        running--;
        return answer(n);
      };
    }
    mockApi(routes);
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

    const summary = await within(dialog).findByTestId("invite-summary");
    expect(within(summary).getByTestId("summary-invited")).toHaveTextContent("3");
    expect(within(summary).getByTestId("summary-already")).toHaveTextContent("1");
    expect(within(summary).getByTestId("summary-refused")).toHaveTextContent("1");
    expect(within(summary).getByTestId("summary-failed")).toHaveTextContent("1");
    const failures = within(dialog).getByTestId("bulk-failures");
    expect(failures).toHaveTextContent("Maria 3: The record has no email address.");
    expect(failures).toHaveTextContent(
      "Maria 4: The service answered with an unexpected error (HTTP 500).",
    );
    const progress = within(dialog).getByRole("progressbar", { name: "Invitations sent" });
    expect(progress).toHaveAttribute("aria-valuenow", "6");
    expect(progress).toHaveAttribute("aria-valuemax", "6");
    expect(dialog).toHaveTextContent("6 of 6");
    expect(peak).toBe(4);
    expect(bodies).toHaveLength(6);
    expect(bodies.every((body) => JSON.stringify(body) === '{"userTypeId":"ut1"}')).toBe(true);

    await user.click(within(dialog).getByRole("button", { name: "Close" }));
    expect(screen.queryByRole("dialog")).not.toBeInTheDocument();
    expect(screen.getByTestId("record-bulk-bar")).toHaveTextContent("0 selected");
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
