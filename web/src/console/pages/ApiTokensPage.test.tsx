import { screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import type { ApiToken, OrgApiToken } from "../api/staff";
import { App } from "../../App";
import { consoleRoutes, mockApi, org, userSession } from "../../test/console";
import { jsonResponse, problemResponse, renderWithProviders } from "../../test/utils";

const SECRET = "cpt_9f2c1b7e4a6d8f0e2c4b6a8d0f1e3c5b";

const live: ApiToken = {
  id: "t1",
  name: "ERP sync",
  role: "admin",
  createdAt: "2026-11-20T12:00:00Z",
  lastUsedAt: "2026-11-27T15:30:00Z",
  expiresAt: "2027-02-18T12:00:00Z",
  expired: false,
};
const expired: ApiToken = {
  id: "t2",
  name: "Old report",
  role: "admin",
  createdAt: "2025-01-10T12:00:00Z",
  expiresAt: "2025-04-10T12:00:00Z",
  expired: true,
};
const bobs: OrgApiToken = {
  id: "t3",
  name: "Bob's script",
  role: "user",
  createdAt: "2026-11-25T09:00:00Z",
  expiresAt: "2027-02-23T09:00:00Z",
  expired: false,
  userId: "u2",
  userName: "Bob User",
};

/** Token routes over lists that create and revoke change, with the bodies they got. */
function tokenRoutes(mine: ApiToken[] = [live, expired], others: OrgApiToken[] = [bobs]) {
  let own = [...mine];
  let all: OrgApiToken[] = [
    ...own.map((token) => ({ ...token, userId: "u1", userName: "Ana Admin" })),
    ...others,
  ];
  const posts: unknown[] = [];
  const deletes: string[] = [];
  const routes: Record<string, (request: Request) => Response | Promise<Response>> = {
    "GET /api/admin/tokens": () => jsonResponse({ items: own }),
    "GET /api/admin/org/tokens": () => jsonResponse({ items: all }),
    "POST /api/admin/tokens": async (request) => {
      const body = (await request.json()) as { name: string; expiresInDays?: number };
      posts.push(body);
      const token: ApiToken = {
        id: "t9",
        name: body.name,
        role: "admin",
        createdAt: "2026-11-28T12:00:00Z",
        expiresAt: "2027-02-26T12:00:00Z",
        expired: false,
      };
      own = [token, ...own];
      all = [{ ...token, userId: "u1", userName: "Ana Admin" }, ...all];
      return jsonResponse({ token, secret: SECRET }, 201);
    },
  };
  for (const token of [...mine, ...others]) {
    routes[`DELETE /api/admin/tokens/${token.id}`] = () => {
      deletes.push(token.id);
      own = own.filter((item) => item.id !== token.id);
      all = all.filter((item) => item.id !== token.id);
      return new Response(null, { status: 204 });
    };
  }
  return { routes, posts, deletes };
}

function orgRoute(days?: number) {
  return {
    "GET /api/admin/org": () =>
      jsonResponse(days === undefined ? org : { ...org, apiTokenLifetimeDays: days }),
  };
}

describe("API tokens page", () => {
  it("lists the own tokens with created, last used and expiry, marked expired as the API says", async () => {
    mockApi({ ...consoleRoutes(), ...tokenRoutes().routes });
    renderWithProviders(<App />, { language: "en", route: "/admin/tokens" });

    const mine = await screen.findByTestId("my-tokens");
    const current = within(mine).getByTestId("my-tokens-t1");
    expect(within(current).getByRole("rowheader")).toHaveTextContent("ERP sync");
    expect(current).toHaveTextContent("Administrator");
    expect(current).toHaveTextContent("Nov 20, 2026");
    expect(current).toHaveTextContent("Nov 27, 2026");
    expect(current).toHaveTextContent("Feb 18, 2027");
    expect(current).not.toHaveTextContent("Expired");

    const old = within(mine).getByTestId("my-tokens-t2");
    expect(old).toHaveTextContent("Never");
    expect(old).toHaveTextContent("Expired");
    expect(old).toHaveTextContent("Apr 10, 2025");

    const nav = screen.getByRole("navigation", { name: "Console sections" });
    expect(within(nav).getByRole("link", { name: "API tokens" })).toHaveAttribute(
      "href",
      "/admin/tokens",
    );
  });

  it("starts the lifetime at the organization's default and shows the secret once", async () => {
    const { routes, posts } = tokenRoutes([]);
    mockApi({ ...consoleRoutes(), ...orgRoute(30), ...routes });
    renderWithProviders(<App />, { language: "en", route: "/admin/tokens" });
    const user = userEvent.setup();

    expect(await screen.findByText("You have no API tokens.")).toBeInTheDocument();
    const days = await screen.findByLabelText("Expires in (days)");
    expect(days).toHaveValue(30);
    expect(days).toHaveAccessibleDescription(
      "From 1 to 365 days. Your organization's default is 30.",
    );
    await user.type(screen.getByLabelText("Name"), "ERP sync");
    await user.click(screen.getByRole("button", { name: "Create token" }));

    const panel = await screen.findByTestId("token-secret");
    expect(posts).toEqual([{ name: "ERP sync", expiresInDays: 30 }]);
    expect(within(panel).getByRole("heading")).toHaveTextContent("Copy your new token now");
    expect(panel).toHaveTextContent("You will not see it again");
    expect(within(panel).getByLabelText("Token “ERP sync”")).toHaveValue(SECRET);
    await user.click(within(panel).getByRole("button", { name: "Copy token" }));
    expect(await within(panel).findByText("Token copied.")).toBeInTheDocument();
    await expect(navigator.clipboard.readText()).resolves.toBe(SECRET);
    // The list shows the new token, never its secret.
    expect(await screen.findByTestId("my-tokens-t9")).toHaveTextContent("ERP sync");
    expect(screen.getByTestId("my-tokens")).not.toHaveTextContent(SECRET);

    await user.click(within(panel).getByRole("button", { name: "I have copied it" }));
    expect(screen.queryByTestId("token-secret")).not.toBeInTheDocument();
    expect(screen.queryByDisplayValue(SECRET)).not.toBeInTheDocument();
    expect(document.body).not.toHaveTextContent(SECRET);
    expect(screen.getByRole("button", { name: "Create token" })).toBeInTheDocument();
    expect(screen.getByLabelText("Name")).toHaveValue("");
  });

  it("defaults to 90 days when the organization has not set a lifetime", async () => {
    mockApi({ ...consoleRoutes(), ...tokenRoutes().routes });
    renderWithProviders(<App />, { language: "pt-BR", route: "/admin/tokens" });

    expect(await screen.findByLabelText("Expira em (dias)")).toHaveValue(90);
  });

  it("checks the name and the lifetime before sending", async () => {
    const { routes, posts } = tokenRoutes();
    mockApi({ ...consoleRoutes(), ...routes });
    renderWithProviders(<App />, { language: "en", route: "/admin/tokens" });
    const user = userEvent.setup();

    const days = await screen.findByLabelText("Expires in (days)");
    await user.clear(days);
    await user.type(days, "366");
    await user.click(screen.getByRole("button", { name: "Create token" }));

    expect(await screen.findByText("This field is required.")).toBeInTheDocument();
    expect(screen.getByLabelText("Name")).toHaveAttribute("aria-invalid", "true");
    expect(screen.getByText("Enter a whole number of days from 1 to 365.")).toBeInTheDocument();
    expect(days).toHaveAttribute("aria-invalid", "true");
    expect(posts).toEqual([]);
  });

  it("shows a 422's field errors next to the fields", async () => {
    mockApi({
      ...consoleRoutes(),
      ...tokenRoutes().routes,
      "POST /api/admin/tokens": () =>
        problemResponse({
          type: "/problems/validation",
          title: "Validation failed",
          status: 422,
          errors: [{ field: "expiresInDays", message: "must be at most 365" }],
        }),
    });
    renderWithProviders(<App />, { language: "en", route: "/admin/tokens" });
    const user = userEvent.setup();

    await user.type(await screen.findByLabelText("Name"), "CI");
    await user.click(screen.getByRole("button", { name: "Create token" }));

    expect(await screen.findByText("must be at most 365")).toBeInTheDocument();
    expect(screen.getByLabelText("Expires in (days)")).toHaveAttribute("aria-invalid", "true");
    expect(screen.queryByTestId("token-secret")).not.toBeInTheDocument();
  });

  it("revokes an own token after a confirmation", async () => {
    const { routes, deletes } = tokenRoutes();
    mockApi({ ...consoleRoutes(), ...routes });
    renderWithProviders(<App />, { language: "en", route: "/admin/tokens" });
    const user = userEvent.setup();

    const row = await screen.findByTestId("my-tokens-t1");
    await user.click(within(row).getByRole("button", { name: "Revoke token ERP sync" }));
    const dialog = screen.getByRole("alertdialog", { name: "Revoke token “ERP sync”?" });
    expect(dialog).toHaveTextContent("Programs that use it stop working at once.");
    expect(deletes).toEqual([]);
    await user.click(within(dialog).getByRole("button", { name: "Revoke token" }));

    expect(await screen.findByTestId("tokens-notice")).toHaveTextContent(
      "Token “ERP sync” was revoked.",
    );
    expect(deletes).toEqual(["t1"]);
    expect(screen.queryByTestId("my-tokens-t1")).not.toBeInTheDocument();
    expect(screen.queryByTestId("all-tokens-t1")).not.toBeInTheDocument();
  });

  it("keeps the dialog open with the reason when a revoke fails", async () => {
    mockApi({
      ...consoleRoutes(),
      ...tokenRoutes().routes,
      "DELETE /api/admin/tokens/t1": () =>
        new Response(
          JSON.stringify({
            type: "/problems/unavailable",
            title: "Service unavailable",
            status: 503,
            detail: "try again shortly",
          }),
          {
            status: 503,
            headers: { "Content-Type": "application/problem+json", "Retry-After": "2" },
          },
        ),
    });
    renderWithProviders(<App />, { language: "en", route: "/admin/tokens" });
    const user = userEvent.setup();

    await user.click(await screen.findByRole("button", { name: "Revoke token ERP sync" }));
    const dialog = screen.getByRole("alertdialog");
    await user.click(within(dialog).getByRole("button", { name: "Revoke token" }));

    expect(await within(dialog).findByRole("alert")).toHaveTextContent("try again shortly");
    expect(within(dialog).getByRole("button", { name: "Revoke token" })).toBeEnabled();
    expect(screen.queryByTestId("tokens-notice")).not.toBeInTheDocument();
  });

  it("shows admins every token of the organization with its owner, and revokes any", async () => {
    const { routes, deletes } = tokenRoutes();
    mockApi({ ...consoleRoutes(), ...routes });
    renderWithProviders(<App />, { language: "en", route: "/admin/tokens" });
    const user = userEvent.setup();

    const section = await screen.findByTestId("org-tokens");
    expect(within(section).getByRole("heading")).toHaveTextContent(
      "All tokens of the organization",
    );
    const row = await within(section).findByTestId("all-tokens-t3");
    expect(row).toHaveTextContent("Bob's script");
    expect(row).toHaveTextContent("Bob User");
    expect(row).toHaveTextContent("User");
    expect(row).toHaveTextContent("Never");
    expect(within(section).getByTestId("all-tokens-t1")).toHaveTextContent("Ana Admin");

    await user.click(within(row).getByRole("button", { name: "Revoke token Bob's script" }));
    const dialog = screen.getByRole("alertdialog");
    expect(dialog).toHaveTextContent("It belongs to Bob User.");
    await user.click(within(dialog).getByRole("button", { name: "Revoke token" }));

    await screen.findByTestId("tokens-notice");
    expect(deletes).toEqual(["t3"]);
    expect(within(section).queryByTestId("all-tokens-t3")).not.toBeInTheDocument();
  });

  it("hides the organization's tokens from a user and never asks for them", async () => {
    const requests = mockApi({ ...consoleRoutes(userSession), ...tokenRoutes().routes });
    renderWithProviders(<App />, { language: "en", route: "/admin/tokens" });

    expect(await screen.findByTestId("my-tokens")).toBeInTheDocument();
    expect(screen.queryByTestId("org-tokens")).not.toBeInTheDocument();
    expect(screen.queryByText("All tokens of the organization")).not.toBeInTheDocument();
    const asked = requests.mock.calls.map(([input]) => new Request(input).url);
    expect(asked.some((url) => url.endsWith("/api/admin/org/tokens"))).toBe(false);
  });

  it("speaks Portuguese", async () => {
    mockApi({ ...consoleRoutes(), ...tokenRoutes().routes });
    renderWithProviders(<App />, { language: "pt-BR", route: "/admin/tokens" });

    expect(await screen.findByRole("heading", { level: 1, name: "Tokens de API" })).toBeInTheDocument();
    const old = await screen.findByTestId("my-tokens-t2");
    expect(old).toHaveTextContent("Expirado");
    expect(old).toHaveTextContent("Nunca");
    expect(screen.getByRole("heading", { name: "Todos os tokens da organização" })).toBeInTheDocument();
  });
});
