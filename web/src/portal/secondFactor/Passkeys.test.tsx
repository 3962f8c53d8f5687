import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { App } from "../../App";
import type { MfaStatus } from "../../shared/secondFactor/types";
import { mockApi } from "../../test/console";
import { emptyTabs, me, publicPortal } from "../../test/customer";
import { jsonResponse, renderWithProviders } from "../../test/utils";

const buf = (...bytes: number[]) => new Uint8Array(bytes).buffer;
const options = { publicKey: { challenge: "AQI", rpId: "localhost", userVerification: "required" } };
const creation = {
  publicKey: {
    challenge: "AQI",
    rp: { id: "localhost", name: "Acme" },
    user: { id: "cDpv", name: "m", displayName: "m" },
    pubKeyCredParams: [{ type: "public-key", alg: -7 }],
  },
};
const assertion = {
  id: "Aw",
  rawId: buf(3),
  type: "public-key",
  authenticatorAttachment: null,
  response: { clientDataJSON: buf(1), authenticatorData: buf(2), signature: buf(4), userHandle: buf(5) },
};
const attestation = {
  id: "Aw",
  rawId: buf(3),
  type: "public-key",
  authenticatorAttachment: "platform",
  response: { clientDataJSON: buf(1), attestationObject: buf(6), getTransports: () => ["internal"] },
};

let get: ReturnType<typeof vi.fn>;
let create: ReturnType<typeof vi.fn>;

beforeEach(() => {
  get = vi.fn(() => Promise.resolve(assertion));
  create = vi.fn(() => Promise.resolve(attestation));
  // Only its presence matters: passkeysSupported checks that the browser has the API.
  vi.stubGlobal("PublicKeyCredential", vi.fn());
  Object.defineProperty(navigator, "credentials", { configurable: true, value: { get, create } });
});

afterEach(() => {
  vi.unstubAllGlobals();
});

function render(route: string, language: "en" | "pt-BR" = "en") {
  renderWithProviders(<App />, { language, route });
  return userEvent.setup();
}

describe("passkeys in the portal", () => {
  it("signs in with a passkey alone where the portal offers it", async () => {
    const bodies: unknown[] = [];
    mockApi({
      "GET /api/p/acme": () => jsonResponse({ ...publicPortal, passkeyLogin: true }),
      "POST /api/p/acme/login/passkey": async (request) => {
        const body = (await request.json()) as { action: string };
        bodies.push(body);
        return body.action === "begin" ? jsonResponse(options, 201) : jsonResponse(me());
      },
      "GET /api/me": () => jsonResponse(me()),
      "GET /api/me/tabs": () => jsonResponse(emptyTabs),
    });
    const user = render("/p/acme/login");
    await user.click(await screen.findByRole("button", { name: "Continue with a passkey" }));
    await waitFor(() => {
      expect(bodies).toHaveLength(2);
    });
    expect(bodies[1]).toEqual({
      action: "finish",
      credential: {
        id: "Aw",
        rawId: "Aw",
        type: "public-key",
        clientExtensionResults: {},
        response: { clientDataJSON: "AQ", authenticatorData: "Ag", signature: "BA", userHandle: "BQ" },
      },
    });
    const asked = get.mock.calls[0]?.[0] as { publicKey: PublicKeyCredentialRequestOptions };
    expect(Array.from(new Uint8Array(asked.publicKey.challenge as ArrayBuffer))).toEqual([1, 2]);
  });

  it("offers no passkey sign-in where no user type allows it", async () => {
    mockApi({ "GET /api/p/acme": () => jsonResponse(publicPortal) });
    render("/p/acme/login");
    await screen.findByRole("button", { name: "Log in" });
    expect(screen.queryByRole("button", { name: "Continue with a passkey" })).not.toBeInTheDocument();
  });

  it("asks for the passkey in the second step, and says so when the dialog is closed, in Portuguese", async () => {
    const steps: unknown[] = [];
    get.mockRejectedValueOnce(new DOMException("closed", "NotAllowedError"));
    mockApi({
      "GET /api/p/acme": () => jsonResponse(publicPortal),
      "POST /api/p/acme/login": () => jsonResponse({ secondFactor: { methods: ["passkey"], enrol: false } }, 202),
      "POST /api/p/acme/login/second-factor": async (request) => {
        const body = (await request.json()) as { method: string };
        steps.push(body.method);
        return body.method === "passkey-begin" ? jsonResponse(options, 201) : jsonResponse(me());
      },
      "GET /api/me": () => jsonResponse(me()),
      "GET /api/me/tabs": () => jsonResponse(emptyTabs),
    });
    const user = render("/p/acme/login", "pt-BR");
    await user.type(await screen.findByLabelText("E-mail"), "maria@cliente.example");
    await user.type(screen.getByLabelText("Senha"), "the password");
    await user.click(screen.getByRole("button", { name: "Entrar" }));
    const button = await screen.findByRole("button", { name: "Usar uma chave de acesso" });
    expect(screen.queryByLabelText("Código de autenticação")).not.toBeInTheDocument();
    await user.click(button);
    expect(await screen.findByTestId("passkey-error")).toHaveTextContent("A chave de acesso não foi usada");
    await user.click(screen.getByRole("button", { name: "Usar uma chave de acesso" }));
    await waitFor(() => {
      expect(steps).toEqual(["passkey-begin", "passkey-begin", "passkey"]);
    });
  });
});

describe("passkeys in Sign-in security", () => {
  const status = (passkeys: NonNullable<MfaStatus["passkeys"]>): MfaStatus => ({
    policy: "optional",
    totp: { enabled: false },
    recoveryCodesLeft: 0,
    passkeys,
  });

  it("lists, adds (named) and removes passkeys", async () => {
    const posts: { action: string; name?: string; id?: string; password?: string }[] = [];
    let current = status([{ id: "k1", name: "Notebook", createdAt: "2026-12-01T12:00:00Z" }]);
    mockApi({
      "GET /api/p/acme": () => jsonResponse(publicPortal),
      "GET /api/me": () => jsonResponse(me()),
      "GET /api/me/tabs": () => jsonResponse(emptyTabs),
      "GET /api/me/mfa": () => jsonResponse(current),
      "POST /api/me/mfa": async (request) => {
        const body = (await request.json()) as { action: string; name?: string; id?: string; password?: string };
        posts.push(body);
        if (body.action === "passkey-begin") return jsonResponse(creation, 201);
        if (body.action === "passkey-finish") {
          const added = { id: "k2", name: body.name ?? "", createdAt: "2026-12-02T12:00:00Z" };
          current = status([...(current.passkeys ?? []), added]);
          return jsonResponse(added, 201);
        }
        if (body.action === "passkey-remove") {
          current = status((current.passkeys ?? []).filter((k) => k.id !== body.id));
          return new Response(null, { status: 204 });
        }
        return jsonResponse({ id: body.id, name: body.name, createdAt: "2026-12-01T12:00:00Z" });
      },
    });
    const user = render("/p/acme/welcome");
    const panel = await screen.findByTestId("passkeys");
    expect(await within(panel).findByText("Notebook")).toBeInTheDocument();
    expect(within(panel).getByText(/never used/)).toBeInTheDocument();

    await user.click(within(panel).getByRole("button", { name: "Add a passkey" }));
    expect(await within(panel).findByText("Give the passkey a name of 1 to 60 characters.")).toBeInTheDocument();
    expect(posts).toEqual([]);
    await user.type(within(panel).getByLabelText("Passkey name"), "Phone");
    await user.click(within(panel).getByRole("button", { name: "Add a passkey" }));
    expect(await screen.findByTestId("security-done")).toHaveTextContent('The passkey "Phone" was added.');
    expect(create).toHaveBeenCalledTimes(1);
    expect(posts.map((p) => p.action)).toEqual(["passkey-begin", "passkey-finish"]);

    const notebook = (await screen.findAllByTestId("passkey"))[0];
    if (!notebook) throw new Error("no passkey listed");
    await user.click(within(notebook).getByRole("button", { name: "Remove" }));
    await user.type(within(notebook).getByLabelText("Password"), "the password");
    await user.click(within(notebook).getByRole("button", { name: "Remove" }));
    expect(await screen.findByTestId("security-done")).toHaveTextContent('The passkey "Notebook" was removed.');
    expect(posts[2]).toEqual({ action: "passkey-remove", id: "k1", password: "the password" });
  });
});
