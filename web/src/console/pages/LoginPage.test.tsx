import { screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import { App } from "../../App";
import { adminSession, consoleRoutes, mockApi } from "../../test/console";
import { jsonResponse, problemResponse, renderWithProviders } from "../../test/utils";

async function signIn(email: string, password: string, button: string) {
  const user = userEvent.setup();
  await user.type(await screen.findByLabelText(/^(Email|E-mail)$/), email);
  await user.type(screen.getByLabelText(/^(Password|Senha)$/), password);
  await user.click(screen.getByRole("button", { name: button }));
}

describe("staff sign-in page", () => {
  it("shows the refusal of a wrong password in Portuguese", async () => {
    const requests: Request[] = [];
    mockApi({
      "POST /api/admin/login": (request) => {
        requests.push(request.clone());
        return problemResponse({
          type: "/problems/unauthenticated",
          title: "Authentication required",
          status: 401,
          detail: "wrong email or password",
        });
      },
    });
    renderWithProviders(<App />, { language: "pt-BR", route: "/admin/login" });

    await signIn("admin@acme.example", "not the password", "Entrar");

    expect(await screen.findByRole("alert")).toHaveTextContent("E-mail ou senha incorretos");
    expect(screen.getByRole("heading", { level: 1 })).toHaveTextContent(
      "Entrar no console da equipe",
    );
    const request = requests[0];
    expect(request?.headers.get("X-Requested-With")).toBe("portal");
    expect(request?.headers.get("Content-Type")).toContain("application/json");
    expect(await request?.json()).toEqual({
      email: "admin@acme.example",
      password: "not the password",
    });
  });

  it("says how long to wait when throttled", async () => {
    mockApi({
      "POST /api/admin/login": () =>
        new Response(
          JSON.stringify({ type: "/problems/too-many-requests", title: "Too many", status: 429 }),
          {
            status: 429,
            headers: { "Content-Type": "application/problem+json", "Retry-After": "30" },
          },
        ),
    });
    renderWithProviders(<App />, { language: "en", route: "/admin/login" });

    await signIn("admin@acme.example", "whatever", "Sign in");

    expect(await screen.findByRole("alert")).toHaveTextContent(
      "Too many attempts. Try again in 30 seconds.",
    );
  });

  it("checks the form before asking the API", async () => {
    const fetchMock = mockApi({});
    renderWithProviders(<App />, { language: "en", route: "/admin/login" });
    const user = userEvent.setup();

    await user.type(await screen.findByLabelText("Email"), "not-an-email");
    await user.click(screen.getByRole("button", { name: "Sign in" }));

    expect(await screen.findByText("Enter a valid email address.")).toBeInTheDocument();
    expect(screen.getByText("This field is required.")).toBeInTheDocument();
    expect(screen.getByLabelText("Email")).toHaveAttribute("aria-invalid", "true");
    expect(fetchMock).not.toHaveBeenCalled();
  });

  it("goes to the page named by next after signing in", async () => {
    mockApi({
      ...consoleRoutes(),
      "POST /api/admin/login": () => jsonResponse(adminSession),
    });
    renderWithProviders(<App />, {
      language: "en",
      route: "/admin/login?next=%2Fadmin%2Fsettings",
    });

    await signIn("admin@acme.example", "correct horse battery staple", "Sign in");

    expect(
      await screen.findByRole("heading", { level: 1, name: "Organization settings" }),
    ).toBeInTheDocument();
    expect(screen.getByTestId("console-user")).toHaveTextContent("Ana Admin");
  });

  it("goes to the overview without next, and ignores a next outside the console", async () => {
    mockApi({
      ...consoleRoutes(),
      "POST /api/admin/login": () => jsonResponse(adminSession),
    });
    renderWithProviders(<App />, {
      language: "en",
      route: "/admin/login?next=https%3A%2F%2Fevil.example%2F",
    });

    await signIn("admin@acme.example", "correct horse battery staple", "Sign in");

    expect(await screen.findByRole("heading", { level: 1, name: "Overview" })).toBeInTheDocument();
    expect(await screen.findByRole("link", { name: "Contacts" })).toHaveAttribute(
      "href",
      "/admin/records/Contacts",
    );
  });

  it("links to the password reset page", async () => {
    mockApi({
      "POST /api/admin/password-reset": () => jsonResponse({}, 202),
    });
    renderWithProviders(<App />, { language: "en", route: "/admin/login" });
    const user = userEvent.setup();

    await user.click(await screen.findByRole("link", { name: "Forgot your password?" }));
    await user.type(await screen.findByLabelText("Email"), "admin@acme.example");
    await user.click(screen.getByRole("button", { name: "Send link" }));

    expect(await screen.findByRole("status")).toHaveTextContent(
      "If the email is registered, a link to reset the password was sent.",
    );
  });
});

describe("new password page", () => {
  async function choose(password: string) {
    const user = userEvent.setup();
    await user.type(await screen.findByLabelText("New password"), password);
    await user.type(screen.getByLabelText("Repeat the new password"), password);
    await user.click(screen.getByRole("button", { name: "Change password" }));
  }

  it("explains an expired link and offers a new one", async () => {
    mockApi({
      "POST /api/admin/password-reset/tok123": () =>
        problemResponse({ type: "/problems/gone", title: "Gone", status: 410 }),
    });
    renderWithProviders(<App />, { language: "en", route: "/admin/reset/tok123" });

    await choose("a long enough passphrase");

    expect(await screen.findByRole("alert")).toHaveTextContent(
      "This link has expired or was already used. Ask for a new one.",
    );
    expect(screen.getByRole("link", { name: "Ask for a new link" })).toHaveAttribute(
      "href",
      "/admin/reset",
    );
  });

  it("shows the password policy's refusal on the field, then signs in after success", async () => {
    let attempts = 0;
    mockApi({
      "POST /api/admin/password-reset/tok123": () => {
        attempts++;
        return attempts === 1
          ? problemResponse({
              type: "/problems/validation",
              title: "Validation failed",
              status: 422,
              errors: [{ field: "password", message: "is too common" }],
            })
          : new Response(null, { status: 204 });
      },
    });
    renderWithProviders(<App />, { language: "en", route: "/admin/reset/tok123" });
    const user = userEvent.setup();

    await choose("password1234");
    expect(await screen.findByText("is too common")).toBeInTheDocument();
    expect(screen.getByLabelText("New password")).toHaveAttribute("aria-invalid", "true");

    await user.clear(screen.getByLabelText("New password"));
    await user.clear(screen.getByLabelText("Repeat the new password"));
    await choose("a much better passphrase");
    expect(await screen.findByRole("status")).toHaveTextContent(
      "Your password was changed. Sign in with the new one.",
    );
  });

  it("asks for 12 characters and matching passwords before sending", async () => {
    const fetchMock = mockApi({});
    renderWithProviders(<App />, { language: "pt-BR", route: "/admin/reset/tok123" });
    const user = userEvent.setup();

    await user.type(await screen.findByLabelText("Nova senha"), "curta");
    await user.type(screen.getByLabelText("Repita a nova senha"), "outra");
    await user.click(screen.getByRole("button", { name: "Alterar senha" }));

    expect(await screen.findByText("Use pelo menos 12 caracteres.")).toBeInTheDocument();
    expect(screen.getByText("As senhas não coincidem.")).toBeInTheDocument();
    expect(fetchMock).not.toHaveBeenCalled();
  });
});

describe("console guard", () => {
  it("sends a signed-out visitor to the sign-in page and back", async () => {
    let signedIn = false;
    mockApi({
      ...consoleRoutes(),
      "GET /api/admin/me": () =>
        signedIn
          ? jsonResponse(adminSession)
          : problemResponse({ type: "/problems/unauthenticated", title: "Auth", status: 401 }),
      "POST /api/admin/login": () => {
        signedIn = true;
        return jsonResponse(adminSession);
      },
    });
    renderWithProviders(<App />, { language: "en", route: "/admin/settings" });

    expect(
      await screen.findByRole("heading", { level: 1, name: "Sign in to the staff console" }),
    ).toBeInTheDocument();
    await signIn("admin@acme.example", "correct horse battery staple", "Sign in");
    expect(
      await screen.findByRole("heading", { level: 1, name: "Organization settings" }),
    ).toBeInTheDocument();
  });

  it("signs out and forgets the session", async () => {
    const calls: string[] = [];
    mockApi({
      ...consoleRoutes(),
      "POST /api/logout": (request) => {
        calls.push(request.headers.get("X-Requested-With") ?? "");
        return new Response(null, { status: 204 });
      },
    });
    renderWithProviders(<App />, { language: "en", route: "/admin" });
    const user = userEvent.setup();

    await user.click(await screen.findByRole("button", { name: "Sign out" }));

    expect(
      await screen.findByRole("heading", { level: 1, name: "Sign in to the staff console" }),
    ).toBeInTheDocument();
    expect(calls).toEqual(["portal"]);
    expect(screen.getByRole("status")).toHaveTextContent("You have signed out.");
  });

  it("titles each console page by its section", async () => {
    mockApi(consoleRoutes());
    renderWithProviders(<App />, { language: "pt-BR", route: "/admin/settings" });
    await screen.findByRole("heading", { level: 1, name: "Configurações da organização" });
    expect(document.title).toBe("Configurações da organização · Console da equipe");
  });
});
