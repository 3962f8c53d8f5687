import { screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import { App } from "../../App";
import { mockApi } from "../../test/console";
import { gone, publicPortal } from "../../test/customer";
import { LocationProbe } from "../../test/probe";
import { jsonResponse, problemResponse, renderWithProviders } from "../../test/utils";

const PASSWORD = "a brand new passphrase";

describe("portal password reset", () => {
  it("always says a link is on its way", async () => {
    const sent: unknown[] = [];
    mockApi({
      "GET /api/p/acme": () => jsonResponse(publicPortal),
      "POST /api/p/acme/password-reset": async (request) => {
        sent.push(await request.json());
        return jsonResponse({}, 202);
      },
    });
    renderWithProviders(<App />, { language: "pt-BR", route: "/p/acme/forgot" });
    const user = userEvent.setup();
    await user.type(await screen.findByLabelText("E-mail"), "nobody@example.com");
    await user.click(screen.getByRole("button", { name: "Enviar o link" }));
    expect(await screen.findByTestId("reset-sent")).toHaveTextContent(
      "Se este e-mail pertence a um usuário do portal, um link está a caminho.",
    );
    expect(sent).toEqual([{ email: "nobody@example.com" }]);
  });

  it("sets the new password and links to the login page", async () => {
    const sent: unknown[] = [];
    mockApi({
      "GET /api/p/acme": () => jsonResponse(publicPortal),
      "POST /api/password-reset/rt-1": async (request) => {
        sent.push(await request.json());
        return new Response(null, { status: 204 });
      },
    });
    renderWithProviders(
      <>
        <App />
        <LocationProbe />
      </>,
      { language: "en", route: "/p/acme/reset/rt-1" },
    );
    const user = userEvent.setup();
    await user.type(await screen.findByLabelText("Choose a password"), PASSWORD);
    await user.type(screen.getByLabelText("Repeat the password"), PASSWORD);
    await user.click(screen.getByRole("button", { name: "Set the new password" }));

    expect(await screen.findByTestId("reset-done")).toHaveTextContent("Your new password is set.");
    expect(sent).toEqual([{ password: PASSWORD }]);
    await user.click(screen.getByRole("link", { name: "Log in" }));
    await waitFor(() => {
      expect(screen.getByTestId("location")).toHaveTextContent("/p/acme/login");
    });
  });

  it("says when the link no longer works", async () => {
    mockApi({
      "GET /api/p/acme": () => jsonResponse(publicPortal),
      "POST /api/password-reset/rt-1": gone,
    });
    renderWithProviders(<App />, { language: "en", route: "/p/acme/reset/rt-1" });
    const user = userEvent.setup();
    await user.type(await screen.findByLabelText("Choose a password"), PASSWORD);
    await user.type(screen.getByLabelText("Repeat the password"), PASSWORD);
    await user.click(screen.getByRole("button", { name: "Set the new password" }));
    expect(await screen.findByTestId("reset-gone")).toHaveTextContent(
      "This link is no longer valid; ask for a new one.",
    );
    expect(screen.getByRole("link", { name: "Ask for a new link" })).toHaveAttribute(
      "href",
      "/p/acme/forgot",
    );
  });

  it("shows the password policy's refusal next to the field", async () => {
    mockApi({
      "GET /api/p/acme": () => jsonResponse(publicPortal),
      "POST /api/password-reset/rt-1": () =>
        problemResponse({
          type: "/problems/validation",
          title: "Invalid",
          status: 422,
          errors: [{ field: "password", message: "The password cannot be your email." }],
        }),
    });
    renderWithProviders(<App />, { language: "en", route: "/p/acme/reset/rt-1" });
    const user = userEvent.setup();
    await user.type(await screen.findByLabelText("Choose a password"), PASSWORD);
    await user.type(screen.getByLabelText("Repeat the password"), PASSWORD);
    await user.click(screen.getByRole("button", { name: "Set the new password" }));
    expect(await screen.findByTestId("password-error")).toHaveTextContent(
      "The password cannot be your email.",
    );
  });
});
