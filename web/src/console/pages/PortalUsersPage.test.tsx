import { screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import type { PortalUser } from "../../shared/api/client";
import { App } from "../../App";
import { consoleRoutes, mockApi } from "../../test/console";
import { LocationProbe } from "../../test/probe";
import { portalUser, userTypes } from "../../test/portalUsers";
import { jsonResponse, problemResponse, renderWithProviders } from "../../test/utils";

type Handler = (request: Request, url: URL) => Response | Promise<Response>;

const invited = portalUser(1);
const active = portalUser(2, {
  status: "active",
  delivery: { state: "delivered", at: "2026-11-28T12:00:00Z" },
  acceptedAt: "2026-11-28T13:00:00Z",
  lastLoginAt: "2026-11-28T14:00:00Z",
});
const deactivated = portalUser(3, {
  status: "deactivated",
  recordModule: "Leads",
  recordId: "l3",
  userType: { id: "ut3", name: "Prospects" },
  delivery: { state: "bounced", reason: "Mailbox does not exist", at: "2026-11-28T12:00:00Z" },
});

function renderUsers(routes: Record<string, Handler>, route = "/admin/portal/users") {
  mockApi({
    ...consoleRoutes(),
    "GET /api/admin/user-types": () => jsonResponse(userTypes),
    ...routes,
  });
  renderWithProviders(
    <>
      <App />
      <LocationProbe />
    </>,
    { language: "en", route },
  );
  return userEvent.setup();
}

function row(email: string) {
  const cell = screen.getByRole("rowheader", { name: email });
  const tr = cell.closest("tr");
  if (!tr) throw new Error("no row");
  return tr;
}

function rowButtons(email: string) {
  return within(row(email))
    .getAllByRole("button")
    .map((button) => button.textContent);
}

describe("portal users page", () => {
  it("lists the users with their status, delivery and record, filtered from the URL", async () => {
    const seen: URLSearchParams[] = [];
    const user = renderUsers(
      {
        "GET /api/admin/portal-users": (_request, url) => {
          seen.push(url.searchParams);
          return jsonResponse({ items: [invited, active, deactivated] });
        },
      },
      "/admin/portal/users?status=invited&type=ut2",
    );

    await screen.findByRole("rowheader", { name: invited.email });
    expect(seen[0]?.get("status")).toBe("invited");
    expect(seen[0]?.get("userTypeId")).toBe("ut2");
    expect(seen[0]?.get("limit")).toBe("25");
    expect(screen.getByLabelText("Filter by status")).toHaveValue("invited");
    expect(await screen.findByRole("option", { name: "Fornecedores" })).toBeInTheDocument();
    expect(screen.getByLabelText("Filter by user type")).toHaveValue("ut2");

    const third = row(deactivated.email);
    expect(third).toHaveTextContent("Deactivated");
    expect(third).toHaveTextContent("Bounced");
    expect(third).toHaveTextContent("Mailbox does not exist");
    expect(within(third).getByRole("link", { name: "Maria 3" })).toHaveAttribute(
      "href",
      "/admin/records/Leads/l3",
    );
    expect(row(active.email)).toHaveTextContent("Delivered");
    expect(row(invited.email)).toHaveTextContent("Never");

    await user.selectOptions(screen.getByLabelText("Filter by status"), "active");
    expect(screen.getByTestId("location")).toHaveTextContent(
      "/admin/portal/users?status=active&type=ut2",
    );
    await user.selectOptions(screen.getByLabelText("Filter by user type"), "");
    expect(screen.getByTestId("location")).toHaveTextContent("/admin/portal/users?status=active");
    expect(seen.at(-1)?.get("status")).toBe("active");
    expect(seen.at(-1)?.has("userTypeId")).toBe(false);
  });

  it("offers only the actions that apply to each status", async () => {
    renderUsers({
      "GET /api/admin/portal-users": () => jsonResponse({ items: [invited, active, deactivated] }),
    });
    await screen.findByRole("rowheader", { name: invited.email });
    expect(rowButtons(invited.email)).toEqual([
      "Resend",
      "Revoke",
      "Deactivate",
      "Change type",
      "Erase",
      "Make account admin",
    ]);
    expect(rowButtons(active.email)).toEqual(["Deactivate", "Change type", "Erase", "Make account admin"]);
    // The only Leads type is the user's own: no other type to change to; a Lead has no Account
    // to administer.
    expect(rowButtons(deactivated.email)).toEqual(["Activate", "Erase"]);
  });

  it("marks a Contact's user account admin and shows the mark", async () => {
    const calls: { path: string; body: unknown }[] = [];
    let marked = false;
    const user = renderUsers({
      "GET /api/admin/portal-users": () =>
        jsonResponse({ items: [{ ...active, accountAdmin: marked }] }),
      [`POST /api/admin/portal-users/${active.id}/account-admin`]: async (request, url) => {
        calls.push({ path: url.pathname, body: await request.json() });
        marked = true;
        return jsonResponse({ ...active, accountAdmin: true });
      },
    });
    await screen.findByRole("rowheader", { name: active.email });
    expect(within(row(active.email)).queryByText("Account admin")).toBeNull();
    await user.click(within(row(active.email)).getByRole("button", { name: "Make account admin" }));
    expect(
      await screen.findByText(`${active.email} now manages their account's portal users.`),
    ).toBeInTheDocument();
    expect(calls).toEqual([
      { path: `/api/admin/portal-users/${active.id}/account-admin`, body: { accountAdmin: true } },
    ]);
    expect(await within(row(active.email)).findByText("Account admin")).toBeInTheDocument();
    expect(within(row(active.email)).getByRole("button", { name: "Remove account admin" })).toHaveAttribute(
      "aria-pressed",
      "true",
    );
  });

  it("explains a refused mark (a Contact without an Account)", async () => {
    const user = renderUsers({
      "GET /api/admin/portal-users": () => jsonResponse({ items: [active] }),
      [`POST /api/admin/portal-users/${active.id}/account-admin`]: () =>
        problemResponse({
          type: "/problems/validation",
          title: "Validation failed",
          status: 422,
          detail: "one or more fields are invalid",
          errors: [{ field: "accountAdmin", message: "can be set only for the user of a Contact whose record has an Account" }],
        }),
    });
    await screen.findByRole("rowheader", { name: active.email });
    await user.click(within(row(active.email)).getByRole("button", { name: "Make account admin" }));
    expect(await screen.findByRole("alert")).toHaveTextContent(`Could not do this for ${active.email}`);
  });

  it("resends an invitation and says so, and explains the hourly limit", async () => {
    const calls: string[] = [];
    let lists = 0;
    let resends = 0;
    const user = renderUsers({
      "GET /api/admin/portal-users": () => {
        lists++;
        return jsonResponse({ items: [invited] });
      },
      "POST /api/admin/portal-users/pu1/resend": (request) => {
        calls.push(`resend ${request.headers.get("X-Requested-With") ?? ""}`);
        resends++;
        return resends === 1
          ? jsonResponse(invited)
          : new Response(
              JSON.stringify({ type: "/problems/too-many", title: "Too many", status: 429 }),
              {
                status: 429,
                headers: { "Content-Type": "application/problem+json", "Retry-After": "1800" },
              },
            );
      },
    });
    await screen.findByRole("rowheader", { name: invited.email });
    await user.click(within(row(invited.email)).getByRole("button", { name: "Resend" }));
    expect(await screen.findByTestId("portal-users-notice")).toHaveTextContent(
      "The invitation to maria1@cliente.example was sent again.",
    );
    expect(calls).toEqual(["resend portal"]);
    expect(lists).toBeGreaterThan(1);

    await user.click(within(row(invited.email)).getByRole("button", { name: "Resend" }));
    expect(await screen.findByRole("alert")).toHaveTextContent("30 minutes");
  });

  it("changes the type among the types of the same module", async () => {
    const sent: unknown[] = [];
    const user = renderUsers({
      "GET /api/admin/portal-users": () => jsonResponse({ items: [active] }),
      "POST /api/admin/portal-users/pu2/change-type": async (request) => {
        sent.push(await request.json());
        return jsonResponse({ ...active, userType: { id: "ut2", name: "Fornecedores" } });
      },
    });
    await screen.findByRole("rowheader", { name: active.email });
    await user.click(within(row(active.email)).getByRole("button", { name: "Change type" }));
    const select = within(row(active.email)).getByLabelText("New user type");
    expect(
      within(select)
        .getAllByRole("option")
        .map((option) => option.textContent),
    ).toEqual(["Choose a user type", "Fornecedores", "Parceiros"]);
    await user.selectOptions(select, "ut2");
    await user.click(within(row(active.email)).getByRole("button", { name: "Apply" }));
    expect(await screen.findByTestId("portal-users-notice")).toHaveTextContent(
      "has a new user type",
    );
    expect(sent).toEqual([{ userTypeId: "ut2" }]);
  });

  it("erases after a confirmation that says the CRM record stays", async () => {
    const calls: string[] = [];
    const user = renderUsers({
      "GET /api/admin/portal-users": () => jsonResponse({ items: [active] }),
      "DELETE /api/admin/portal-users/pu2": (request) => {
        calls.push(`erase ${request.headers.get("X-Requested-With") ?? ""}`);
        return new Response(null, { status: 204 });
      },
    });
    await screen.findByRole("rowheader", { name: active.email });
    await user.click(within(row(active.email)).getByRole("button", { name: "Erase" }));
    const dialog = screen.getByRole("alertdialog", { name: "Erase this portal user?" });
    expect(dialog).toHaveTextContent("The CRM record stays as it is.");
    await user.click(within(dialog).getByRole("button", { name: "Cancel" }));
    expect(calls).toEqual([]);

    await user.click(within(row(active.email)).getByRole("button", { name: "Erase" }));
    await user.click(screen.getByRole("button", { name: "Erase portal data" }));
    expect(await screen.findByTestId("portal-users-notice")).toHaveTextContent(
      "The portal data of maria2@cliente.example is erased.",
    );
    expect(calls).toEqual(["erase portal"]);
  });

  it("runs a bulk action as one job, follows its progress, then lists the failures", async () => {
    const users: PortalUser[] = Array.from({ length: 10 }, (_, index) =>
      portalUser(index + 1, { status: "active" }),
    );
    let lists = 0;
    let polls = 0;
    const bodies: unknown[] = [];
    const failed = (id: string, position: number) => ({
      position,
      id,
      outcome: "failed",
      status: 409,
      detail: "The user changed meanwhile.",
    });
    const user = renderUsers({
      "GET /api/admin/portal-users": () => {
        lists++;
        return jsonResponse({ items: users });
      },
      "POST /api/admin/portal-users/bulk": async (request) => {
        bodies.push(await request.json());
        return jsonResponse({ jobId: "job1" }, 202);
      },
      "GET /api/admin/portal-users/bulk/job1": () => {
        polls++;
        const job = { id: "job1", action: "deactivate", total: 10, createdAt: "2026-12-01T12:00:00Z" };
        return polls === 1
          ? jsonResponse({ ...job, status: "running", done: 3, failed: 1, items: [failed("pu3", 2)] })
          : jsonResponse({
              ...job,
              status: "done",
              done: 8,
              failed: 2,
              items: [failed("pu3", 2), failed("pu7", 6)],
            });
      },
    });
    await screen.findByRole("rowheader", { name: users[0]?.email ?? "" });
    expect(screen.queryByRole("toolbar")).not.toBeInTheDocument();

    await user.click(screen.getByRole("checkbox", { name: "Select all on page" }));
    const bar = screen.getByRole("toolbar", { name: "Actions on the selected users" });
    expect(bar).toHaveTextContent("10 selected");
    await user.click(within(bar).getByRole("button", { name: "Deactivate selected" }));

    const failures = await screen.findByTestId("bulk-failures", {}, { timeout: 5000 });
    expect(failures).toHaveTextContent("2 could not be done");
    expect(failures).toHaveTextContent("maria3@cliente.example: The user changed meanwhile.");
    expect(failures).toHaveTextContent("maria7@cliente.example: The user changed meanwhile.");
    const progress = screen.getByRole("progressbar", { name: "Deactivating users" });
    expect(progress).toHaveAttribute("aria-valuenow", "10");
    expect(progress).toHaveAttribute("aria-valuemax", "10");
    expect(screen.getByTestId("bulk-progress")).toHaveTextContent("10 of 10");
    expect(screen.getByTestId("bulk-result")).toHaveTextContent("Done: 8 of 10 succeeded.");
    // One request for the ten users, then polls until the job is done.
    expect(bodies).toEqual([{ action: "deactivate", ids: users.map((item) => item.id) }]);
    expect(polls).toBe(2);
    expect(lists).toBeGreaterThan(1);
    // The selection is cleared after the run.
    expect(screen.queryByRole("toolbar")).not.toBeInTheDocument();
  });

  it("selects rows one by one for a bulk resend", async () => {
    const bodies: unknown[] = [];
    const second = portalUser(4);
    const user = renderUsers({
      "GET /api/admin/portal-users": () => jsonResponse({ items: [invited, second] }),
      "POST /api/admin/portal-users/bulk": async (request) => {
        bodies.push(await request.json());
        return jsonResponse({ jobId: "job2" }, 202);
      },
      "GET /api/admin/portal-users/bulk/job2": () =>
        jsonResponse({
          id: "job2",
          action: "resend",
          status: "done",
          total: 1,
          done: 1,
          failed: 0,
          createdAt: "2026-12-01T12:00:00Z",
          items: [],
        }),
    });
    await screen.findByRole("rowheader", { name: second.email });
    await user.click(screen.getByRole("checkbox", { name: `Select ${second.email}` }));
    await user.click(screen.getByRole("button", { name: "Resend selected" }));
    await screen.findByText("Done: 1 of 1 succeeded.", {}, { timeout: 5000 });
    expect(bodies).toEqual([{ action: "resend", ids: ["pu4"] }]);
    expect(screen.getByRole("progressbar")).toHaveAttribute("aria-valuenow", "1");
  });

  it("says so when the job could not start", async () => {
    const second = portalUser(4);
    const user = renderUsers({
      "GET /api/admin/portal-users": () => jsonResponse({ items: [second] }),
      "POST /api/admin/portal-users/bulk": () =>
        problemResponse({ type: "/problems/unavailable", title: "Service unavailable", status: 503 }),
    });
    await screen.findByRole("rowheader", { name: second.email });
    await user.click(screen.getByRole("checkbox", { name: `Select ${second.email}` }));
    await user.click(screen.getByRole("button", { name: "Resend selected" }));
    expect(await screen.findByTestId("bulk-result")).toHaveTextContent(/./);
    expect(screen.queryByRole("progressbar")).not.toBeInTheDocument();
  });
});
