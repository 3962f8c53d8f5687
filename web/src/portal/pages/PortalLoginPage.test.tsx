import { screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import { App } from "../../App";
import { mockApi } from "../../test/console";
import { emptyTabs, me, publicPortal } from "../../test/customer";
import { LocationProbe } from "../../test/probe";
import { jsonResponse, problemResponse, renderWithProviders } from "../../test/utils";

function renderLogin(language: "en" | "pt-BR" = "en") {
  renderWithProviders(
    <>
      <App />
      <LocationProbe />
    </>,
    { language, route: "/p/acme/login" },
  );
  return userEvent.setup();
}

async function logIn(user: ReturnType<typeof userEvent.setup>) {
  await user.type(await screen.findByLabelText("Email"), "maria@cliente.example");
  await user.type(screen.getByLabelText("Password"), "a wrong password");
  await user.click(screen.getByRole("button", { name: "Log in" }));
}

describe("portal login page", () => {
  it("says the email or the password is wrong on a 401", async () => {
    mockApi({
      "GET /api/p/acme": () => jsonResponse(publicPortal),
      "POST /api/p/acme/login": () =>
        problemResponse({ type: "/problems/unauthorized", title: "Unauthorized", status: 401 }),
    });
    const user = renderLogin();
    await logIn(user);
    expect(await screen.findByTestId("login-error")).toHaveTextContent(
      "The email or the password is wrong.",
    );
    expect(screen.getByTestId("location")).toHaveTextContent("/p/acme/login");
  });

  it("offers the password reset after too many attempts", async () => {
    mockApi({
      "GET /api/p/acme": () => jsonResponse(publicPortal),
      "POST /api/p/acme/login": () =>
        new Response(
          JSON.stringify({ type: "/problems/too-many", title: "Too many", status: 429 }),
          {
            status: 429,
            headers: { "Content-Type": "application/problem+json", "Retry-After": "60" },
          },
        ),
    });
    const user = renderLogin();
    await logIn(user);
    const error = await screen.findByTestId("login-error");
    expect(error).toHaveTextContent("Too many attempts, try again later or reset your password");
    await user.click(screen.getByRole("link", { name: "reset your password" }));
    await waitFor(() => {
      expect(screen.getByTestId("location")).toHaveTextContent("/p/acme/forgot");
    });
    expect(await screen.findByRole("button", { name: "Send the link" })).toBeInTheDocument();
  });

  it("offers no reset when the network is refused", async () => {
    mockApi({
      "GET /api/p/acme": () => jsonResponse(publicPortal),
      "POST /api/p/acme/login": () =>
        new Response(
          JSON.stringify({
            type: "/problems/too-many",
            title: "Too many",
            status: 429,
            limit: "network",
          }),
          {
            status: 429,
            headers: { "Content-Type": "application/problem+json", "Retry-After": "60" },
          },
        ),
    });
    const user = renderLogin();
    await logIn(user);
    const error = await screen.findByTestId("login-error");
    expect(error).toHaveTextContent("Too many failed logins from your network");
    expect(screen.queryByRole("link", { name: "reset your password" })).not.toBeInTheDocument();
  });

  it("opens the welcome page on the first login", async () => {
    const sent: unknown[] = [];
    mockApi({
      "GET /api/p/acme": () => jsonResponse(publicPortal),
      "POST /api/p/acme/login": async (request) => {
        sent.push(await request.json());
        return jsonResponse(me({ preferencesSet: false }));
      },
      "GET /api/me": () => jsonResponse(me({ preferencesSet: false })),
      "GET /api/me/tabs": () => jsonResponse(emptyTabs),
    });
    const user = renderLogin();
    await logIn(user);
    expect(
      await screen.findByRole("heading", { level: 1, name: "Welcome, Maria Silva" }),
    ).toBeInTheDocument();
    expect(screen.getByTestId("location")).toHaveTextContent("/p/acme/welcome");
    expect(sent).toEqual([{ email: "maria@cliente.example", password: "a wrong password" }]);
  });

  it("opens the first tab once the preferences are saved", async () => {
    mockApi({
      "GET /api/p/acme": () => jsonResponse(publicPortal),
      "POST /api/p/acme/login": () => jsonResponse(me()),
      "GET /api/me": () => jsonResponse(me()),
      "GET /api/me/tabs": () => jsonResponse(emptyTabs),
    });
    const user = renderLogin();
    await logIn(user);
    expect(await screen.findByRole("button", { name: "Log out" })).toBeInTheDocument();
    expect(screen.getByTestId("location")).toHaveTextContent("/p/acme/Invoices");
  });

  it("says when the portal is deactivated", async () => {
    mockApi({
      "GET /api/p/acme": () => jsonResponse(publicPortal),
      "POST /api/p/acme/login": () =>
        problemResponse({ type: "/problems/forbidden", title: "Forbidden", status: 403 }),
    });
    const user = renderLogin("en");
    await logIn(user);
    expect(await screen.findByRole("alert")).toHaveTextContent(
      "This portal is not available at the moment.",
    );
  });
});
