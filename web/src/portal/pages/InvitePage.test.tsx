import { screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import type { Invitation } from "../../shared/api/client";
import { App } from "../../App";
import { mockApi } from "../../test/console";
import { emptyTabs, gone, me, publicPortal } from "../../test/customer";
import { LocationProbe } from "../../test/probe";
import { jsonResponse, problemResponse, renderWithProviders } from "../../test/utils";

const invitation: Invitation = {
  email: "maria@cliente.example",
  name: "Maria Silva",
  company: "Acme Ltda",
  portal: publicPortal,
  expiresAt: "2026-12-01T12:00:00Z",
};

const PASSWORD = "correct horse battery";

function renderInvite(language: "en" | "pt-BR" = "en") {
  renderWithProviders(
    <>
      <App />
      <LocationProbe />
    </>,
    { language, route: "/p/acme/invite/tok-1" },
  );
  return userEvent.setup();
}

async function typePasswords(user: ReturnType<typeof userEvent.setup>, confirm = PASSWORD) {
  await user.type(await screen.findByLabelText("Choose a password"), PASSWORD);
  await user.type(screen.getByLabelText("Repeat the password"), confirm);
  await user.click(screen.getByRole("button", { name: "Accept the invitation" }));
}

describe("invitation page", () => {
  it("shows the invited email, accepts with the password and opens the welcome page", async () => {
    const sent: { body: unknown; header: string | null }[] = [];
    mockApi({
      "GET /api/p/acme": () => jsonResponse(publicPortal),
      "GET /api/invitations/tok-1": () => jsonResponse(invitation),
      "POST /api/invitations/tok-1/accept": async (request) => {
        sent.push({ body: await request.json(), header: request.headers.get("X-Requested-With") });
        return jsonResponse(me({ preferencesSet: false }));
      },
      "GET /api/me": () => jsonResponse(me({ preferencesSet: false })),
      "GET /api/me/tabs": () => jsonResponse(emptyTabs),
    });
    const user = renderInvite();

    expect(
      await screen.findByRole("heading", { level: 1, name: "Join Acme Portal" }),
    ).toBeInTheDocument();
    expect(screen.getByTestId("invited-email")).toHaveTextContent("maria@cliente.example");
    expect(screen.getByTestId("portal-name")).toHaveTextContent("Acme Portal");
    expect(screen.queryByRole("navigation", { name: "Portal tabs" })).not.toBeInTheDocument();
    await typePasswords(user);

    expect(
      await screen.findByRole("heading", { level: 1, name: "Welcome, Maria Silva" }),
    ).toBeInTheDocument();
    expect(screen.getByTestId("location")).toHaveTextContent("/p/acme/welcome");
    expect(sent).toEqual([{ body: { password: PASSWORD }, header: "portal" }]);
    expect(screen.getByRole("button", { name: "Log out" })).toBeInTheDocument();
  });

  it("goes to the first tab when the preferences are already saved", async () => {
    mockApi({
      "GET /api/p/acme": () => jsonResponse(publicPortal),
      "GET /api/invitations/tok-1": () => jsonResponse(invitation),
      "POST /api/invitations/tok-1/accept": () => jsonResponse(me()),
      "GET /api/me/tabs": () => jsonResponse(emptyTabs),
    });
    const user = renderInvite();
    await typePasswords(user);
    expect(await screen.findByRole("button", { name: "Log out" })).toBeInTheDocument();
    expect(screen.getByTestId("location")).toHaveTextContent("/p/acme/Invoices");
  });

  it("checks the length and the confirmation before sending", async () => {
    const sent: unknown[] = [];
    mockApi({
      "GET /api/p/acme": () => jsonResponse(publicPortal),
      "GET /api/invitations/tok-1": () => jsonResponse(invitation),
      "POST /api/invitations/tok-1/accept": () => {
        sent.push("accept");
        return jsonResponse(me());
      },
    });
    const user = renderInvite();
    await user.type(await screen.findByLabelText("Choose a password"), "short");
    await user.type(screen.getByLabelText("Repeat the password"), "other");
    await user.click(screen.getByRole("button", { name: "Accept the invitation" }));

    expect(await screen.findByText("Use at least 12 characters.")).toBeInTheDocument();
    expect(screen.getByText("The passwords do not match.")).toBeInTheDocument();
    expect(sent).toEqual([]);
  });

  it("shows one clear page for an invitation that no longer works", async () => {
    mockApi({
      "GET /api/p/acme": () => jsonResponse(publicPortal),
      "GET /api/invitations/tok-1": gone,
    });
    renderInvite("pt-BR");
    const page = await screen.findByTestId("invitation-gone");
    expect(page).toHaveTextContent("Este convite não é mais válido.");
    expect(page).toHaveTextContent("Peça um novo convite.");
    expect(screen.queryByLabelText("Escolha uma senha")).not.toBeInTheDocument();
  });

  it("shows the same page when the invitation is used up meanwhile", async () => {
    mockApi({
      "GET /api/p/acme": () => jsonResponse(publicPortal),
      "GET /api/invitations/tok-1": () => jsonResponse(invitation),
      "POST /api/invitations/tok-1/accept": gone,
    });
    const user = renderInvite();
    await typePasswords(user);
    const page = await screen.findByTestId("invitation-gone");
    expect(page).toHaveTextContent("This invitation is no longer valid.");
    expect(page).toHaveTextContent("Ask for a new invitation.");
  });

  it("shows the password policy's refusal next to the field", async () => {
    mockApi({
      "GET /api/p/acme": () => jsonResponse(publicPortal),
      "GET /api/invitations/tok-1": () => jsonResponse(invitation),
      "POST /api/invitations/tok-1/accept": () =>
        problemResponse({
          type: "/problems/validation",
          title: "Invalid",
          status: 422,
          errors: [{ field: "password", message: "This password is too common." }],
        }),
    });
    const user = renderInvite();
    await typePasswords(user);
    const field = screen.getByLabelText("Choose a password");
    expect(await screen.findByTestId("password-error")).toHaveTextContent(
      "This password is too common.",
    );
    expect(field).toHaveAttribute("aria-invalid", "true");
    expect(field.getAttribute("aria-describedby")).toContain(
      screen.getByTestId("password-error").id,
    );
  });
});
