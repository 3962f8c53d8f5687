import { screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, describe, expect, it, vi } from "vitest";
import { App } from "../../App";
import { mockApi } from "../../test/console";
import { emptyTabs, me, publicPortal } from "../../test/customer";
import { jsonResponse, problemResponse, renderWithProviders } from "../../test/utils";
import type { ColleagueList } from "../api/colleagues";
import { colleagueActions } from "../lib/colleagues";

afterEach(() => {
  vi.restoreAllMocks();
  vi.unstubAllGlobals();
});

const list: ColleagueList = {
  items: [
    {
      id: "pu1",
      name: "Maria Silva",
      email: "maria@cliente.example",
      userType: { id: "ut1", name: "Clientes" },
      status: "active",
      invitedAt: "2026-11-01T12:00:00Z",
      accountAdmin: true,
      manageable: true,
    },
    {
      id: "pu2",
      name: "Ana Lima",
      email: "ana@cliente.example",
      userType: { id: "ut1", name: "Clientes" },
      status: "active",
      invitedAt: "2026-11-02T12:00:00Z",
      lastLoginAt: "2026-11-03T12:00:00Z",
      accountAdmin: false,
      manageable: true,
    },
    {
      id: "pu3",
      name: "Bia Souza",
      email: "bia@cliente.example",
      userType: { id: "ut2", name: "Fornecedores" },
      status: "active",
      invitedAt: "2026-11-02T12:00:00Z",
      accountAdmin: false,
      manageable: false,
    },
  ],
  candidates: [{ id: "c9", name: "Carla Dias", email: "carla@cliente.example" }],
  types: [{ id: "ut1", name: "Clientes", seatsLeft: 1 }],
};

/** The colleagues page signed in as an account admin; the requests' bodies land in sent. */
function renderPage(
  sent: { path: string; body: unknown }[],
  routes: Record<string, (request: Request) => Response | Promise<Response>> = {},
  language: "en" | "pt-BR" = "en",
) {
  mockApi({
    "GET /api/p/acme": () => jsonResponse(publicPortal),
    "GET /api/me": () => jsonResponse(me({ id: "pu1", accountAdmin: true })),
    "GET /api/me/tabs": () => jsonResponse(emptyTabs),
    "GET /api/me/colleagues": () => jsonResponse(list),
    "POST /api/me/colleagues": async (request: Request) => {
      sent.push({ path: "/api/me/colleagues", body: await request.json() });
      return jsonResponse({ ...list.items[1], id: "pu9", email: "carla@cliente.example", status: "invited" }, 201);
    },
    "POST /api/me/colleagues/pu2": async (request: Request) => {
      sent.push({ path: "/api/me/colleagues/pu2", body: await request.json() });
      return jsonResponse({ ...list.items[1], status: "deactivated" });
    },
    ...routes,
  });
  renderWithProviders(<App />, { language, route: "/p/acme/colleagues" });
}

describe("colleagueActions", () => {
  it.each([
    ["invited", ["resend", "deactivate"]],
    ["active", ["deactivate"]],
    ["deactivated", ["reactivate"]],
  ] as const)("a colleague %s may be: %j", (status, want) => {
    expect(colleagueActions({ status })).toEqual(want);
  });
});

describe("the colleagues page", () => {
  it("lists the account's users: no actions on oneself, none on a type staff keep", async () => {
    renderPage([]);
    const ana = await screen.findByTestId("colleague-ana@cliente.example");
    expect(within(ana).getByRole("button", { name: "Deactivate" })).toBeInTheDocument();
    const self = screen.getByTestId("colleague-maria@cliente.example");
    expect(within(self).queryByRole("button")).toBeNull();
    expect(within(self).getByText("Account admin")).toBeInTheDocument();
    const bia = screen.getByTestId("colleague-bia@cliente.example");
    expect(within(bia).queryByRole("button")).toBeNull();
    expect(within(bia).getByText("Managed by us")).toBeInTheDocument();
    expect(screen.getByRole("link", { name: "Colleagues" })).toBeInTheDocument();
  });

  it("deactivates a colleague only after the confirmation", async () => {
    const sent: { path: string; body: unknown }[] = [];
    renderPage(sent);
    const user = userEvent.setup();
    const ana = await screen.findByTestId("colleague-ana@cliente.example");
    await user.click(within(ana).getByRole("button", { name: "Deactivate" }));
    const dialog = await screen.findByRole("alertdialog", { name: "Deactivate Ana Lima?" });
    expect(sent).toEqual([]);
    await user.click(within(dialog).getByRole("button", { name: "Deactivate" }));
    expect(await screen.findByText("The access of ana@cliente.example is deactivated.")).toBeInTheDocument();
    expect(sent).toEqual([{ path: "/api/me/colleagues/pu2", body: { action: "deactivate" } }]);
  });

  it("invites a contact of the account as a delegated type", async () => {
    const sent: { path: string; body: unknown }[] = [];
    renderPage(sent);
    const user = userEvent.setup();
    await user.selectOptions(await screen.findByLabelText("Contact"), "c9");
    await user.selectOptions(screen.getByLabelText("User type"), "ut1");
    expect(screen.getByRole("option", { name: "Clientes (1 seat left)" })).toBeInTheDocument();
    await user.click(screen.getByRole("button", { name: "Send invitation" }));
    expect(await screen.findByText("An invitation was sent to carla@cliente.example.")).toBeInTheDocument();
    expect(sent).toEqual([{ path: "/api/me/colleagues", body: { recordId: "c9", userTypeId: "ut1" } }]);
  });

  it("shows the server's refusal", async () => {
    renderPage([], {
      "POST /api/me/colleagues": () =>
        problemResponse({
          type: "/problems/validation",
          title: "Validation failed",
          status: 422,
          detail: "one or more fields are invalid",
          errors: [{ field: "userTypeId", message: "has no free seat" }],
        }),
    });
    const user = userEvent.setup();
    await user.selectOptions(await screen.findByLabelText("Contact"), "c9");
    await user.selectOptions(screen.getByLabelText("User type"), "ut1");
    await user.click(screen.getByRole("button", { name: "Send invitation" }));
    expect(await screen.findByRole("alert")).toHaveTextContent("Could not do this for carla@cliente.example");
  });

  it("says the page is not available to anyone else", async () => {
    renderPage([], {
      "GET /api/me": () => jsonResponse(me({ id: "pu2" })),
      "GET /api/me/colleagues": () =>
        problemResponse({ type: "/problems/not-found", title: "Not found", status: 404 }),
    });
    expect(await screen.findByTestId("colleagues-unavailable")).toHaveTextContent(
      "This page is only for account admins.",
    );
    expect(screen.queryByRole("link", { name: "Colleagues" })).toBeNull();
  });

  it("speaks pt-BR", async () => {
    const preferences = { language: "pt-BR", timeFormat: "24h" as const, timeZone: "America/Sao_Paulo", country: "BR" };
    renderPage([], { "GET /api/me": () => jsonResponse(me({ id: "pu1", accountAdmin: true, preferences })) }, "pt-BR");
    expect(await screen.findByRole("heading", { level: 1, name: "Colegas" })).toBeInTheDocument();
    expect(await screen.findByRole("option", { name: "Clientes (1 vaga livre)" })).toBeInTheDocument();
  });
});
