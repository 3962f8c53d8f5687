import { screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import type { UserTypeChange } from "../../shared/api/client";
import { App } from "../../App";
import type { StaffMember } from "../api/staff";
import { adminSession, consoleRoutes, mockApi, org } from "../../test/console";
import { freeType, licensedType, moduleRoutes } from "../../test/portal";
import { portalUser, userTypes } from "../../test/portalUsers";
import { jsonResponse, problemResponse, renderWithProviders } from "../../test/utils";

function member(id: string, name: string, mfa: StaffMember["mfa"]): StaffMember {
  return {
    id,
    email: `${id}@acme.example`,
    name,
    role: "user",
    status: "active",
    createdAt: "2026-11-20T12:00:00Z",
    ...(mfa ? { mfa } : {}),
  };
}

describe("the console's second factor", () => {
  it("asks a staff member for the app's code after the password, then opens the console", async () => {
    const steps: unknown[] = [];
    mockApi({
      ...consoleRoutes(),
      "POST /api/admin/login": () =>
        jsonResponse({ secondFactor: { methods: ["totp", "recovery"], enrol: false } }, 202),
      "POST /api/admin/login/second-factor": async (request) => {
        steps.push(await request.json());
        return jsonResponse(adminSession);
      },
    });
    renderWithProviders(<App />, { language: "en", route: "/admin/login" });
    const user = userEvent.setup();
    await user.type(await screen.findByLabelText("Email"), "admin@acme.example");
    await user.type(screen.getByLabelText("Password"), "the password");
    await user.click(screen.getByRole("button", { name: "Sign in" }));

    await user.type(await screen.findByLabelText("Authentication code"), "246810");
    await user.click(screen.getByRole("button", { name: "Verify" }));
    expect(await screen.findByRole("heading", { level: 1, name: "Overview" })).toBeInTheDocument();
    expect(steps).toEqual([{ method: "totp", code: "246810" }]);
  });

  it("shows who has a second factor in the team and resets one after a confirmation", async () => {
    let items = [
      member("u1", "Ana Admin", ["totp"]),
      member("u2", "Bob User", ["totp"]),
      member("u3", "Carla", []),
    ];
    items[0] = { ...items[0], id: adminSession.user.id, role: "admin" } as StaffMember;
    const resets: string[] = [];
    mockApi({
      ...consoleRoutes(),
      "GET /api/admin/staff": () => jsonResponse({ items }),
      "POST /api/admin/staff/u2/mfa-reset": (request) => {
        resets.push(request.headers.get("X-Requested-With") ?? "");
        items = items.map((item) => (item.id === "u2" ? { ...item, mfa: [] } : item));
        return new Response(null, { status: 204 });
      },
    });
    renderWithProviders(<App />, { language: "en", route: "/admin/team" });
    const user = userEvent.setup();

    const bob = (await screen.findByRole("rowheader", { name: /Bob User/ })).closest("tr");
    if (!bob) throw new Error("no row");
    expect(within(bob).getByTestId("mfa-badge")).toHaveTextContent("2FA");
    const carla = screen.getByRole("rowheader", { name: /Carla/ }).closest("tr");
    if (!carla) throw new Error("no row");
    expect(within(carla).getByText("None")).toBeInTheDocument();
    expect(within(carla).queryByRole("button", { name: "Reset second factor" })).not.toBeInTheDocument();

    await user.click(within(bob).getByRole("button", { name: "Reset second factor" }));
    const dialog = await screen.findByRole("alertdialog", { name: "Reset the second factor of Bob User?" });
    expect(resets).toEqual([]);
    await user.click(within(dialog).getByRole("button", { name: "Reset second factor" }));
    expect(await screen.findByTestId("team-notice")).toHaveTextContent(
      "The second factor of Bob User was reset.",
    );
    expect(screen.queryByRole("alertdialog")).not.toBeInTheDocument();
    expect(within(bob).getByText("None")).toBeInTheDocument();
    expect(resets).toEqual(["portal"]);
  });

  it("resets a portal user's second factor through the portal users list", async () => {
    const withFactor = portalUser(2, { status: "active", mfa: ["totp"] });
    const calls: string[] = [];
    mockApi({
      ...consoleRoutes(),
      "GET /api/admin/user-types": () => jsonResponse(userTypes),
      "GET /api/admin/portal-users": () => jsonResponse({ items: [withFactor] }),
      [`POST /api/admin/portal-users/${withFactor.id}/mfa-reset`]: () => {
        calls.push("reset");
        return new Response(null, { status: 204 });
      },
    });
    renderWithProviders(<App />, { language: "pt-BR", route: "/admin/portal/users" });
    const user = userEvent.setup();
    const row = (await screen.findByRole("rowheader", { name: withFactor.email })).closest("tr");
    if (!row) throw new Error("no row");
    await user.click(within(row).getByRole("button", { name: "Redefinir segundo fator" }));
    const dialog = await screen.findByRole("alertdialog");
    await user.click(within(dialog).getByRole("button", { name: "Redefinir segundo fator" }));
    expect(await screen.findByTestId("portal-users-notice")).toHaveTextContent(
      `O segundo fator de ${withFactor.email} foi redefinido.`,
    );
    expect(calls).toEqual(["reset"]);
  });

  it("keeps a refused reset in its dialog", async () => {
    mockApi({
      ...consoleRoutes(),
      "GET /api/admin/staff": () =>
        jsonResponse({ items: [{ ...member("u2", "Bob User", ["totp"]) }] }),
      "POST /api/admin/staff/u2/mfa-reset": () =>
        problemResponse({ type: "/problems/forbidden", title: "Forbidden", status: 403 }),
    });
    renderWithProviders(<App />, { language: "en", route: "/admin/team" });
    const user = userEvent.setup();
    await user.click(await screen.findByRole("button", { name: "Reset second factor" }));
    const dialog = await screen.findByRole("alertdialog");
    await user.click(within(dialog).getByRole("button", { name: "Reset second factor" }));
    expect(await within(dialog).findByRole("alert")).toBeInTheDocument();
  });

  it("saves the organization's staff policy", async () => {
    const patches: unknown[] = [];
    mockApi({
      ...consoleRoutes(),
      "PATCH /api/admin/org": async (request) => {
        const body = (await request.json()) as Record<string, unknown>;
        patches.push(body);
        return jsonResponse({ ...org, ...body, version: org.version + 1 });
      },
      "GET /api/admin/me/mfa": () =>
        jsonResponse({ policy: "optional", totp: { enabled: false }, recoveryCodesLeft: 0 }),
    });
    renderWithProviders(<App />, { language: "en", route: "/admin/settings" });
    const user = userEvent.setup();
    const select = await screen.findByLabelText("Two-step verification for staff");
    expect(select).toHaveValue("optional");
    await user.selectOptions(select, "admins");
    await user.click(screen.getByRole("button", { name: "Save" }));
    expect(await screen.findByText("Settings saved.")).toBeInTheDocument();
    expect(patches).toEqual([{ staffMfa: "admins" }]);
    expect(await screen.findByRole("heading", { level: 2, name: "Sign-in security" })).toBeInTheDocument();
  });

  it("saves the user type's policy", async () => {
    const puts: UserTypeChange[] = [];
    mockApi({
      ...consoleRoutes(),
      ...moduleRoutes(),
      "GET /api/admin/user-types": () =>
        jsonResponse({ items: [freeType, licensedType], limits: org.limits }),
      "GET /api/admin/user-types/ut1": () => jsonResponse(freeType),
      "PUT /api/admin/user-types/ut1": async (request: Request) => {
        const body = (await request.json()) as UserTypeChange;
        puts.push(body);
        return jsonResponse({ ...freeType, ...body, version: freeType.version + 1 });
      },
    });
    renderWithProviders(<App />, { language: "en", route: "/admin/portal/user-types/ut1" });
    const user = userEvent.setup();
    const select = await screen.findByLabelText("Two-step verification");
    expect(select).toHaveValue("optional");
    expect(select).toHaveAccessibleDescription(/Required: users without an authenticator app/);
    await user.selectOptions(select, "required");
    await user.click(screen.getByRole("button", { name: "Save" }));
    await screen.findByText(/saved/i);
    expect(puts.map((put) => put.mfa)).toEqual(["required"]);
  });
});
