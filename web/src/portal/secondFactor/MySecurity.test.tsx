import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import { App } from "../../App";
import type { MfaStatus } from "../../shared/secondFactor/types";
import { mockApi } from "../../test/console";
import { emptyTabs, me, publicPortal } from "../../test/customer";
import { jsonResponse, problemResponse, renderWithProviders } from "../../test/utils";

const CODES = Array.from({ length: 10 }, (_, index) => `code${String(index)}-abcde`);

const off: MfaStatus = { policy: "optional", totp: { enabled: false }, recoveryCodesLeft: 0 };
const on: MfaStatus = {
  policy: "optional",
  totp: { enabled: true, enabledAt: "2026-12-01T12:00:00Z" },
  recoveryCodesLeft: 10,
};

function renderPreferences(routes: Parameters<typeof mockApi>[0], language: "en" | "pt-BR" = "en") {
  mockApi({
    "GET /api/p/acme": () => jsonResponse(publicPortal),
    // The portal speaks the user's saved language.
    "GET /api/me": () => jsonResponse(me({ preferences: { ...me().preferences, language } })),
    "GET /api/me/tabs": () => jsonResponse(emptyTabs),
    ...routes,
  });
  renderWithProviders(<App />, { language, route: "/p/acme/welcome" });
  return userEvent.setup();
}

describe("the portal's Sign-in security section", () => {
  it("turns two-step verification on: QR code and key, a first code, then the recovery codes once", async () => {
    const posts: unknown[] = [];
    let status = off;
    const user = renderPreferences({
      "GET /api/me/mfa": () => jsonResponse(status),
      "POST /api/me/mfa": async (request) => {
        const body = (await request.json()) as { action: string; code?: string };
        posts.push(body);
        if (body.action === "start") {
          return jsonResponse(
            { secret: "JBSWY3DPEHPK3PXP", otpauthUri: "otpauth://totp/Acme:m?secret=JBSWY3DPEHPK3PXP", qrSvg: "<svg/>" },
            201,
          );
        }
        if (body.code !== "123456") {
          return problemResponse({
            type: "/problems/validation",
            title: "Invalid",
            status: 422,
            errors: [{ field: "code", message: "wrong code" }],
          });
        }
        status = on;
        return jsonResponse({ recoveryCodes: CODES });
      },
    });
    const section = await screen.findByTestId("security-section");
    expect(within(section).getByRole("heading", { level: 2, name: "Sign-in security" })).toBeInTheDocument();
    expect(await within(section).findByText("Off")).toBeInTheDocument();

    await user.click(within(section).getByRole("button", { name: "Turn on two-step verification" }));
    expect(await within(section).findByTestId("totp-secret")).toHaveTextContent("JBSW Y3DP EHPK 3PXP");
    await user.type(within(section).getByLabelText("Authentication code"), "000000");
    await user.click(within(section).getByRole("button", { name: "Verify and turn on" }));
    expect(await within(section).findByTestId("code-error")).toHaveTextContent("That code is not right");

    await user.type(within(section).getByLabelText("Authentication code"), "123456");
    await user.click(within(section).getByRole("button", { name: "Verify and turn on" }));
    const codes = await within(section).findByTestId("recovery-codes");
    expect(within(codes).getAllByRole("listitem").map((item) => item.textContent)).toEqual(CODES);

    await user.click(within(section).getByRole("button", { name: "I saved them" }));
    expect(await within(section).findByTestId("security-done")).toHaveTextContent("Two-step verification is on.");
    expect(await within(section).findByText("On")).toBeInTheDocument();
    expect(within(section).getByTestId("recovery-codes-left")).toHaveTextContent("10");
    expect(posts).toEqual([
      { action: "start" },
      { action: "confirm", code: "000000" },
      { action: "confirm", code: "123456" },
    ]);
  });

  it("turns it off with the password and a code, naming a wrong password", async () => {
    const posts: unknown[] = [];
    let status = on;
    const user = renderPreferences({
      "GET /api/me/mfa": () => jsonResponse(status),
      "POST /api/me/mfa": async (request) => {
        const body = (await request.json()) as { password: string };
        posts.push(body);
        if (body.password !== "right") {
          return problemResponse({
            type: "/problems/validation",
            title: "Invalid",
            status: 422,
            errors: [{ field: "password", message: "wrong password" }],
          });
        }
        status = off;
        return new Response(null, { status: 204 });
      },
    });
    const section = await screen.findByTestId("security-section");
    await user.click(await within(section).findByRole("button", { name: "Turn off" }));
    await user.type(within(section).getByLabelText("Password"), "wrong");
    await user.type(within(section).getByLabelText("Authentication code"), "123456");
    await user.click(within(section).getByRole("button", { name: "Turn off" }));
    expect(await within(section).findByText("The password is not right.")).toBeInTheDocument();
    expect(within(section).getByLabelText("Password")).toHaveAttribute("aria-invalid", "true");

    await user.type(within(section).getByLabelText("Password"), "right");
    await user.click(within(section).getByRole("button", { name: "Turn off" }));
    expect(await within(section).findByTestId("security-done")).toHaveTextContent("Two-step verification is off.");
    await waitFor(() => {
      expect(within(section).getByRole("button", { name: "Turn on two-step verification" })).toBeInTheDocument();
    });
    expect(posts).toEqual([
      { action: "disable", password: "wrong", code: "123456" },
      { action: "disable", password: "right", code: "123456" },
    ]);
  });

  it("offers no way off when the policy requires it, in Portuguese", async () => {
    const user = renderPreferences(
      { "GET /api/me/mfa": () => jsonResponse({ ...on, policy: "required", recoveryCodesLeft: 1 }) },
      "pt-BR",
    );
    const section = await screen.findByTestId("security-section");
    expect(await within(section).findByText("Ativada")).toBeInTheDocument();
    expect(within(section).getByText("Obrigatória para a sua conta: pedida a cada entrada.")).toBeInTheDocument();
    expect(within(section).getByText("Resta só 1 código de recuperação: gere novos.")).toBeInTheDocument();
    expect(within(section).queryByRole("button", { name: "Desativar" })).not.toBeInTheDocument();
    await user.click(within(section).getByRole("button", { name: "Gerar novos códigos de recuperação" }));
    expect(within(section).getByLabelText("Senha")).toBeInTheDocument();
    expect(within(section).getByLabelText("Código de verificação")).toBeInTheDocument();
  });

  it("offers nothing while the policy is off", async () => {
    renderPreferences({ "GET /api/me/mfa": () => jsonResponse({ ...off, policy: "off" }) });
    const section = await screen.findByTestId("security-section");
    expect(
      await within(section).findByText("Two-step verification is not available for your account."),
    ).toBeInTheDocument();
    expect(within(section).queryByRole("button")).not.toBeInTheDocument();
  });
});
