import { screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import type { StaffMember } from "../api/staff";
import { App } from "../../App";
import { consoleRoutes, mockApi, userSession } from "../../test/console";
import { jsonResponse, problemResponse, renderWithProviders } from "../../test/utils";

function member(overrides: Partial<StaffMember> & Pick<StaffMember, "id">): StaffMember {
  return {
    email: `${overrides.id}@acme.example`,
    name: `Member ${overrides.id}`,
    role: "user",
    status: "active",
    createdAt: "2026-11-20T12:00:00Z",
    ...overrides,
  };
}

const ana = member({ id: "u1", email: "admin@acme.example", name: "Ana Admin", role: "admin" });
const bob = member({ id: "u2", email: "bob@acme.example", name: "Bob User" });
const carla = member({ id: "u3", email: "carla@acme.example", name: "Carla", status: "inactive" });

/** The staff routes over a list that PATCH and POST change, with the bodies they got. */
function teamRoutes(initial: StaffMember[] = [ana, bob, carla]) {
  let items = [...initial];
  const patches: { id: string; body: unknown }[] = [];
  const posts: unknown[] = [];
  const routes = {
    "GET /api/admin/staff": () => jsonResponse({ items }),
    "POST /api/admin/staff": async (request: Request) => {
      const body = (await request.json()) as Pick<StaffMember, "email" | "name" | "role">;
      posts.push(body);
      const created = member({ id: "u9", ...body });
      items = [...items, created];
      return jsonResponse(created, 201);
    },
  } as Record<string, (request: Request) => Response | Promise<Response>>;
  for (const item of initial) {
    routes[`PATCH /api/admin/staff/${item.id}`] = async (request: Request) => {
      const body = (await request.json()) as Partial<StaffMember>;
      patches.push({ id: item.id, body });
      const current = items.find((other) => other.id === item.id) ?? item;
      const updated = { ...current, ...body };
      items = items.map((other) => (other.id === item.id ? updated : other));
      return jsonResponse(updated);
    };
  }
  return { routes, patches, posts };
}

describe("team page", () => {
  it("lists the members with role, status and dates, and not the admin's own controls", async () => {
    const { routes } = teamRoutes();
    mockApi({ ...consoleRoutes(), ...routes });
    renderWithProviders(<App />, { language: "en", route: "/admin/team" });

    const bobRow = await screen.findByTestId("staff-u2");
    expect(within(bobRow).getByRole("rowheader")).toHaveTextContent("Bob User");
    expect(bobRow).toHaveTextContent("bob@acme.example");
    expect(within(bobRow).getByRole("combobox", { name: "Role of Bob User" })).toHaveValue("user");
    expect(bobRow).toHaveTextContent("Active");
    expect(within(bobRow).getByText("Nov 20, 2026", { exact: false })).toBeInTheDocument();
    expect(within(bobRow).getByRole("button", { name: "Deactivate" })).toBeInTheDocument();

    const carlaRow = screen.getByTestId("staff-u3");
    expect(carlaRow).toHaveTextContent("Inactive");
    expect(within(carlaRow).getByRole("button", { name: "Reactivate" })).toBeInTheDocument();

    const own = screen.getByTestId("staff-u1");
    expect(own).toHaveTextContent("Ana Admin (you)");
    expect(own).toHaveTextContent("Administrator");
    expect(within(own).queryByRole("combobox")).not.toBeInTheDocument();
    expect(within(own).queryByRole("button")).not.toBeInTheDocument();

    const nav = screen.getByRole("navigation", { name: "Console sections" });
    expect(within(nav).getByRole("link", { name: "Team" })).toHaveAttribute("href", "/admin/team");
  });

  it("deactivates a member after a confirmation that their sessions end and tokens are revoked", async () => {
    const { routes, patches } = teamRoutes();
    mockApi({ ...consoleRoutes(), ...routes });
    renderWithProviders(<App />, { language: "en", route: "/admin/team" });
    const user = userEvent.setup();

    const row = await screen.findByTestId("staff-u2");
    await user.click(within(row).getByRole("button", { name: "Deactivate" }));
    const dialog = screen.getByRole("alertdialog", { name: "Deactivate Bob User?" });
    expect(dialog).toHaveTextContent(
      "Bob User can no longer sign in. Their open sessions end now and their API tokens are revoked.",
    );
    expect(patches).toEqual([]);
    await user.click(within(dialog).getByRole("button", { name: "Deactivate" }));

    expect(await screen.findByTestId("team-notice")).toHaveTextContent(
      "Bob User was deactivated.",
    );
    expect(patches).toEqual([{ id: "u2", body: { status: "inactive" } }]);
    expect(screen.queryByRole("alertdialog")).not.toBeInTheDocument();
    expect(screen.getByTestId("staff-u2")).toHaveTextContent("Inactive");
  });

  it("sends nothing when the confirmation is cancelled", async () => {
    const { routes, patches } = teamRoutes();
    mockApi({ ...consoleRoutes(), ...routes });
    renderWithProviders(<App />, { language: "en", route: "/admin/team" });
    const user = userEvent.setup();

    const row = await screen.findByTestId("staff-u3");
    await user.click(within(row).getByRole("button", { name: "Reactivate" }));
    const dialog = screen.getByRole("alertdialog", { name: "Reactivate Carla?" });
    await user.click(within(dialog).getByRole("button", { name: "Cancel" }));

    expect(screen.queryByRole("alertdialog")).not.toBeInTheDocument();
    expect(patches).toEqual([]);
  });

  it("changes a role once confirmed, and keeps the old role when cancelled", async () => {
    const { routes, patches } = teamRoutes();
    mockApi({ ...consoleRoutes(), ...routes });
    renderWithProviders(<App />, { language: "pt-BR", route: "/admin/team" });
    const user = userEvent.setup();

    const role = await screen.findByRole("combobox", { name: "Papel de Bob User" });
    await user.selectOptions(role, "admin");
    let dialog = screen.getByRole("alertdialog", { name: "Mudar o papel de Bob User?" });
    expect(dialog).toHaveTextContent("Bob User passa a ser Administrador.");
    await user.click(within(dialog).getByRole("button", { name: "Cancelar" }));
    expect(role).toHaveValue("user");

    await user.selectOptions(role, "admin");
    dialog = screen.getByRole("alertdialog", { name: "Mudar o papel de Bob User?" });
    await user.click(within(dialog).getByRole("button", { name: "Mudar papel" }));

    expect(await screen.findByTestId("team-notice")).toHaveTextContent(
      "O papel de Bob User agora é Administrador.",
    );
    expect(patches).toEqual([{ id: "u2", body: { role: "admin" } }]);
    expect(screen.getByRole("combobox", { name: "Papel de Bob User" })).toHaveValue("admin");
  });

  it("shows the server's reason when a change is refused with 409", async () => {
    const { routes } = teamRoutes();
    mockApi({
      ...consoleRoutes(),
      ...routes,
      "PATCH /api/admin/staff/u2": () =>
        problemResponse({
          type: "/problems/conflict",
          title: "Conflict",
          status: 409,
          detail: "the organization must keep at least one active administrator",
        }),
    });
    renderWithProviders(<App />, { language: "en", route: "/admin/team" });
    const user = userEvent.setup();

    await user.selectOptions(await screen.findByRole("combobox", { name: "Role of Bob User" }), "admin");
    await user.click(screen.getByRole("button", { name: "Change role" }));

    const refused = await screen.findByTestId("team-refused");
    expect(refused).toHaveTextContent("The change was refused");
    expect(refused).toHaveTextContent(
      "the organization must keep at least one active administrator",
    );
    expect(screen.getByRole("combobox", { name: "Role of Bob User" })).toHaveValue("user");
  });

  it("adds a member from the dialog", async () => {
    const { routes, posts } = teamRoutes();
    mockApi({ ...consoleRoutes(), ...routes });
    renderWithProviders(<App />, { language: "en", route: "/admin/team" });
    const user = userEvent.setup();

    await user.click(await screen.findByRole("button", { name: "Add member" }));
    const dialog = screen.getByRole("dialog", { name: "Add a team member" });
    expect(within(dialog).getByLabelText("Role")).toHaveValue("user");
    await user.type(within(dialog).getByLabelText("Email"), " dora@acme.example ");
    await user.type(within(dialog).getByLabelText("Name"), "Dora");
    await user.selectOptions(within(dialog).getByLabelText("Role"), "admin");
    await user.click(within(dialog).getByRole("button", { name: "Add member" }));

    expect(await screen.findByTestId("team-notice")).toHaveTextContent(
      "dora@acme.example was added and emailed a link to set their password.",
    );
    expect(posts).toEqual([{ email: "dora@acme.example", name: "Dora", role: "admin" }]);
    expect(screen.queryByRole("dialog")).not.toBeInTheDocument();
    expect(screen.getByTestId("staff-u9")).toHaveTextContent("Dora");
  });

  it("checks the fields before sending", async () => {
    const { routes, posts } = teamRoutes();
    mockApi({ ...consoleRoutes(), ...routes });
    renderWithProviders(<App />, { language: "en", route: "/admin/team" });
    const user = userEvent.setup();

    await user.click(await screen.findByRole("button", { name: "Add member" }));
    const dialog = screen.getByRole("dialog", { name: "Add a team member" });
    await user.type(within(dialog).getByLabelText("Email"), "not-an-email");
    await user.click(within(dialog).getByRole("button", { name: "Add member" }));

    expect(await within(dialog).findByText("Enter a valid email address.")).toBeInTheDocument();
    expect(within(dialog).getByLabelText("Email")).toHaveAttribute("aria-invalid", "true");
    expect(within(dialog).getByLabelText("Name")).toHaveAccessibleDescription(
      "This field is required.",
    );
    expect(posts).toEqual([]);
  });

  it("says when the email is taken (409) and shows field errors of a 422", async () => {
    let answer = 409;
    mockApi({
      ...consoleRoutes(),
      ...teamRoutes().routes,
      "POST /api/admin/staff": () =>
        answer === 409
          ? problemResponse({
              type: "/problems/conflict",
              title: "Conflict",
              status: 409,
              detail: "email taken",
            })
          : problemResponse({
              type: "/problems/validation",
              title: "Validation failed",
              status: 422,
              errors: [{ field: "name", message: "must not contain control characters" }],
            }),
    });
    renderWithProviders(<App />, { language: "en", route: "/admin/team" });
    const user = userEvent.setup();

    await user.click(await screen.findByRole("button", { name: "Add member" }));
    const dialog = screen.getByRole("dialog", { name: "Add a team member" });
    await user.type(within(dialog).getByLabelText("Email"), "bob@acme.example");
    await user.type(within(dialog).getByLabelText("Name"), "Bob");
    await user.click(within(dialog).getByRole("button", { name: "Add member" }));
    expect(
      await within(dialog).findByText("This email already belongs to a team member."),
    ).toBeInTheDocument();
    expect(within(dialog).getByLabelText("Email")).toHaveAttribute("aria-invalid", "true");

    answer = 422;
    await user.click(within(dialog).getByRole("button", { name: "Add member" }));
    expect(
      await within(dialog).findByText("must not contain control characters"),
    ).toBeInTheDocument();
    expect(within(dialog).getByLabelText("Name")).toHaveAttribute("aria-invalid", "true");
  });

  it("is for admins only: a user sees a notice, no list and no nav link", async () => {
    const requests = mockApi(consoleRoutes(userSession));
    renderWithProviders(<App />, { language: "en", route: "/admin/team" });

    expect(await screen.findByTestId("team-admins-only")).toHaveTextContent(
      "Only administrators can manage the team.",
    );
    expect(screen.queryByRole("table")).not.toBeInTheDocument();
    expect(screen.queryByRole("button", { name: "Add member" })).not.toBeInTheDocument();
    const nav = screen.getByRole("navigation", { name: "Console sections" });
    expect(within(nav).queryByRole("link", { name: "Team" })).not.toBeInTheDocument();
    expect(within(nav).getByRole("link", { name: "API tokens" })).toBeInTheDocument();
    const asked = requests.mock.calls.map(([input]) => new Request(input).url);
    expect(asked.some((url) => url.includes("/api/admin/staff"))).toBe(false);
  });

  it("shows a failed list load with a retry", async () => {
    mockApi({
      ...consoleRoutes(),
      "GET /api/admin/staff": () =>
        problemResponse({
          type: "/problems/unavailable",
          title: "Service unavailable",
          status: 503,
          detail: "the table is busy",
        }),
    });
    renderWithProviders(<App />, { language: "en", route: "/admin/team" });

    const alert = await screen.findByRole("alert");
    expect(alert).toHaveTextContent("the table is busy");
    expect(within(alert).getByRole("button", { name: "Try again" })).toBeInTheDocument();
  });
});
