import { screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import { App } from "../../App";
import { mockApi } from "../../test/console";
import { emptyTabs, me, publicPortal } from "../../test/customer";
import { LocationProbe } from "../../test/probe";
import { jsonResponse, problemResponse, renderWithProviders } from "../../test/utils";

const CODES = [
  "aaaaa-bbbbb",
  "ccccc-ddddd",
  "eeeee-fffff",
  "ggggg-hhhhh",
  "jjjjj-kkkkk",
  "mmmmm-nnnnn",
  "ppppp-qqqqq",
  "rrrrr-sssss",
  "ttttt-uuuuu",
  "vvvvv-wwwww",
];

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

async function logIn(user: ReturnType<typeof userEvent.setup>, labels = { email: "Email", password: "Password", submit: "Log in" }) {
  await user.type(await screen.findByLabelText(labels.email), "maria@cliente.example");
  await user.type(screen.getByLabelText(labels.password), "the password");
  await user.click(screen.getByRole("button", { name: labels.submit }));
}

const pending = (enrol: boolean) =>
  jsonResponse({ secondFactor: { methods: enrol ? ["totp"] : ["totp", "recovery"], enrol } }, 202);

const wrongCode = () =>
  problemResponse({
    type: "/problems/unauthorized",
    title: "Unauthorized",
    status: 401,
    errors: [{ field: "code", message: "wrong or used code" }],
  });

describe("portal sign-in's second step", () => {
  it("asks for the app's code after the password, refuses a wrong one and signs in with the right one", async () => {
    const steps: unknown[] = [];
    mockApi({
      "GET /api/p/acme": () => jsonResponse(publicPortal),
      "POST /api/p/acme/login": () => pending(false),
      "POST /api/p/acme/login/second-factor": async (request) => {
        const body = (await request.json()) as { code: string };
        steps.push(body);
        return body.code === "123456" ? jsonResponse(me()) : wrongCode();
      },
      "GET /api/me": () => jsonResponse(me()),
      "GET /api/me/tabs": () => jsonResponse(emptyTabs),
    });
    const user = renderLogin();
    await logIn(user);

    expect(await screen.findByRole("heading", { level: 1, name: "Two-step verification" })).toBeInTheDocument();
    const code = screen.getByLabelText("Authentication code");
    expect(code).toHaveAttribute("autocomplete", "one-time-code");
    expect(code).toHaveAttribute("inputmode", "numeric");
    // The step replaces the password form: focus moves to its field.
    expect(code).toHaveFocus();

    // Not six digits: refused here, nothing sent.
    await user.type(code, "12345");
    await user.click(screen.getByRole("button", { name: "Verify" }));
    expect(await screen.findByTestId("code-error")).toHaveTextContent("Enter the 6 digits the app shows.");
    expect(steps).toEqual([]);

    await user.clear(code);
    await user.type(code, "654 321");
    await user.click(screen.getByRole("button", { name: "Verify" }));
    expect(await screen.findByTestId("code-error")).toHaveTextContent("That code is not right or was already used.");
    expect(screen.getByLabelText("Authentication code")).toHaveValue("");
    expect(screen.getByLabelText("Authentication code")).toHaveAttribute("aria-invalid", "true");

    await user.type(screen.getByLabelText("Authentication code"), "123456");
    await user.click(screen.getByRole("button", { name: "Verify" }));
    await waitFor(() => {
      expect(screen.getByTestId("location")).toHaveTextContent("/p/acme/Invoices");
    });
    expect(steps).toEqual([
      { method: "totp", code: "654321" },
      { method: "totp", code: "123456" },
    ]);
  });

  it("takes a recovery code instead, in Portuguese", async () => {
    const steps: unknown[] = [];
    mockApi({
      "GET /api/p/acme": () => jsonResponse(publicPortal),
      "POST /api/p/acme/login": () => pending(false),
      "POST /api/p/acme/login/second-factor": async (request) => {
        steps.push(await request.json());
        return jsonResponse(me());
      },
      "GET /api/me": () => jsonResponse(me()),
      "GET /api/me/tabs": () => jsonResponse(emptyTabs),
    });
    const user = renderLogin("pt-BR");
    await logIn(user, { email: "E-mail", password: "Senha", submit: "Entrar" });

    await user.click(await screen.findByRole("button", { name: "Usar um código de recuperação" }));
    const code = screen.getByLabelText("Código de recuperação");
    expect(code).toHaveAttribute("autocomplete", "off");
    expect(code).toHaveFocus();
    await user.type(code, "AAAAA-BBBBB");
    await user.click(screen.getByRole("button", { name: "Verificar" }));
    await waitFor(() => {
      expect(screen.getByTestId("location")).toHaveTextContent("/p/acme/Invoices");
    });
    expect(steps).toEqual([{ method: "recovery", code: "AAAAA-BBBBB" }]);
  });

  it("starts over when the pending sign-in has expired", async () => {
    mockApi({
      "GET /api/p/acme": () => jsonResponse(publicPortal),
      "POST /api/p/acme/login": () => pending(false),
      "POST /api/p/acme/login/second-factor": () =>
        problemResponse({ type: "/problems/unauthorized", title: "Unauthorized", status: 401 }),
    });
    const user = renderLogin();
    await logIn(user);
    await user.type(await screen.findByLabelText("Authentication code"), "123456");
    await user.click(screen.getByRole("button", { name: "Verify" }));
    expect(await screen.findByTestId("second-factor-error")).toHaveTextContent(
      "This sign-in has expired. Enter your email and password again.",
    );
    await user.click(screen.getByRole("button", { name: "Start over" }));
    expect(await screen.findByLabelText("Email")).toHaveValue("maria@cliente.example");
    expect(screen.getByLabelText("Password")).toHaveValue("");
  });

  it("sets up the app first where the type requires it, then shows the recovery codes once", async () => {
    const steps: unknown[] = [];
    mockApi({
      "GET /api/p/acme": () => jsonResponse(publicPortal),
      "POST /api/p/acme/login": () => pending(true),
      "POST /api/p/acme/login/second-factor": async (request) => {
        const body = (await request.json()) as { method: string };
        steps.push(body);
        if (body.method === "enrol") {
          return jsonResponse(
            {
              secret: "JBSWY3DPEHPK3PXP",
              otpauthUri: "otpauth://totp/Acme:maria%40cliente.example?secret=JBSWY3DPEHPK3PXP&issuer=Acme",
              qrSvg: '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 1 1"><rect width="1" height="1"/></svg>',
            },
            201,
          );
        }
        return jsonResponse({ ...me(), recoveryCodes: CODES });
      },
      "GET /api/me": () => jsonResponse(me()),
      "GET /api/me/tabs": () => jsonResponse(emptyTabs),
    });
    const user = renderLogin();
    await logIn(user);

    expect(
      await screen.findByRole("heading", { level: 1, name: "Set up two-step verification" }),
    ).toBeInTheDocument();
    await user.click(screen.getByRole("button", { name: "Begin setup" }));
    const qr = await screen.findByRole("img", { name: "QR code that adds this account to an authenticator app" });
    expect(qr.getAttribute("src")).toMatch(/^data:image\/svg\+xml/);
    expect(screen.getByTestId("totp-secret")).toHaveTextContent("JBSW Y3DP EHPK 3PXP");
    expect(screen.getByRole("link", { name: "Open in an authenticator app on this device" })).toHaveAttribute(
      "href",
      expect.stringMatching(/^otpauth:\/\/totp\//),
    );

    await user.type(screen.getByLabelText("Authentication code"), "123456");
    await user.click(screen.getByRole("button", { name: "Verify and continue" }));
    expect(await screen.findByRole("heading", { level: 2, name: "Save your recovery codes" })).toBeInTheDocument();
    const listed = screen.getAllByRole("listitem").map((item) => item.textContent);
    expect(listed).toEqual(CODES);
    // Still on the sign-in page until the person says the codes are kept.
    expect(screen.getByTestId("location")).toHaveTextContent("/p/acme/login");

    await user.click(screen.getByRole("button", { name: "I saved them, continue" }));
    await waitFor(() => {
      expect(screen.getByTestId("location")).toHaveTextContent("/p/acme/Invoices");
    });
    expect(steps).toEqual([{ method: "enrol" }, { method: "totp", code: "123456" }]);
  });

  it("says how long to wait when the codes are throttled", async () => {
    mockApi({
      "GET /api/p/acme": () => jsonResponse(publicPortal),
      "POST /api/p/acme/login": () => pending(false),
      "POST /api/p/acme/login/second-factor": () =>
        new Response(JSON.stringify({ type: "/problems/too-many", title: "Too many", status: 429 }), {
          status: 429,
          headers: { "Content-Type": "application/problem+json", "Retry-After": "30" },
        }),
    });
    const user = renderLogin();
    await logIn(user);
    await user.type(await screen.findByLabelText("Authentication code"), "123456");
    await user.click(screen.getByRole("button", { name: "Verify" }));
    expect(await screen.findByTestId("second-factor-error")).toHaveTextContent("30 seconds");
  });
});
