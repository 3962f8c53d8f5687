import { screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, describe, expect, it, vi } from "vitest";
import type { LogoUpload, Portal, PortalChange } from "../../shared/api/client";
import { App } from "../../App";
import { consoleRoutes, mockApi, org } from "../../test/console";
import { freeType, licensedType, moduleRoutes, portal } from "../../test/portal";
import { jsonResponse, problemResponse, renderWithProviders } from "../../test/utils";

const STORAGE_URL = "https://storage.example/portal-logos";

const logoForm: LogoUpload = {
  url: STORAGE_URL,
  fields: { key: "logos/o1/abc.png", policy: "p0l1cy", "x-amz-signature": "s1g" },
  key: "logos/o1/abc.png",
  maxBytes: 512 * 1024,
  expiresAt: "2026-11-28T13:00:00Z",
};

interface StoragePost {
  init: RequestInit | undefined;
}

/** The API routes of `routes` plus the storage's presigned form URL. */
function withStorage(
  routes: Parameters<typeof mockApi>[0],
  storage: (post: StoragePost) => Response = () => new Response(null, { status: 204 }),
) {
  const apiFetch = mockApi(routes);
  const posts: StoragePost[] = [];
  vi.stubGlobal("fetch", (input: RequestInfo | URL, init?: RequestInit) => {
    if (typeof input === "string" && input.startsWith(STORAGE_URL)) {
      const post = { init };
      posts.push(post);
      return Promise.resolve(storage(post));
    }
    return apiFetch(input, init);
  });
  return { posts, apiFetch };
}

function png(bytes: number, name = "logo.png", type = "image/png") {
  return new File([new Uint8Array(bytes)], name, { type });
}

afterEach(() => {
  vi.unstubAllGlobals();
  vi.restoreAllMocks();
});

describe("portal logo", () => {
  it("asks for the upload form, posts the fields then the file, and sets the logo key", async () => {
    const order: string[] = [];
    const asked: unknown[] = [];
    const patches: { ifMatch: string | null; body: PortalChange }[] = [];
    const withLogo: Portal = {
      ...portal,
      version: 4,
      logoUrl: "https://storage.example/logo-signed.png",
      branding: { ...portal.branding, logoKey: logoForm.key },
    };
    const { posts } = withStorage(
      {
        ...consoleRoutes(),
        "GET /api/admin/portal": () => jsonResponse(portal),
        "POST /api/admin/portal/logo": async (request) => {
          order.push("form");
          expect(request.headers.get("X-Requested-With")).toBe("portal");
          asked.push(await request.json());
          return jsonResponse(logoForm, 201);
        },
        "PATCH /api/admin/portal": async (request) => {
          order.push("patch");
          patches.push({
            ifMatch: request.headers.get("If-Match"),
            body: (await request.json()) as PortalChange,
          });
          return jsonResponse(withLogo);
        },
      },
      () => {
        order.push("storage");
        return new Response(null, { status: 204 });
      },
    );
    renderWithProviders(<App />, { language: "en", route: "/admin/portal" });
    const user = userEvent.setup();

    expect(await screen.findByText("No logo yet: the portal shows its name.")).toBeInTheDocument();
    const file = png(2048);
    await user.upload(screen.getByLabelText("Choose a logo"), file);

    expect(await screen.findByText("Logo saved.")).toBeInTheDocument();
    expect(order).toEqual(["form", "storage", "patch"]);
    expect(asked).toEqual([{ contentType: "image/png" }]);
    const init = posts[0]?.init;
    expect(init?.method).toBe("POST");
    expect(init?.credentials).toBe("omit");
    expect(init?.headers).toBeUndefined();
    const body = init?.body;
    expect(body).toBeInstanceOf(FormData);
    const form = body as FormData;
    expect([...form.keys()]).toEqual(["key", "policy", "x-amz-signature", "file"]);
    expect(form.get("policy")).toBe("p0l1cy");
    expect((form.get("file") as File).name).toBe("logo.png");
    expect(patches).toEqual([
      {
        ifMatch: "3",
        body: { branding: { ...portal.branding, logoKey: "logos/o1/abc.png" } },
      },
    ]);
    expect(screen.getByRole("img", { name: "Logo of Acme" })).toHaveAttribute(
      "src",
      "https://storage.example/logo-signed.png",
    );
  });

  it("checks the type and the size in the browser before asking for a form", async () => {
    const { apiFetch } = withStorage({
      ...consoleRoutes(),
      "GET /api/admin/portal": () => jsonResponse(portal),
    });
    renderWithProviders(<App />, { language: "en", route: "/admin/portal" });
    const user = userEvent.setup({ applyAccept: false });

    const input = await screen.findByLabelText("Choose a logo");
    await user.upload(input, png(100, "logo.gif", "image/gif"));
    expect(await screen.findByRole("alert")).toHaveTextContent(
      "Choose a PNG, JPEG or WebP image.",
    );
    await user.upload(input, png(512 * 1024 + 1));
    expect(await screen.findByRole("alert")).toHaveTextContent(
      "This image is larger than 512 KB. Choose a smaller one.",
    );
    const logoCalls = apiFetch.mock.calls.filter(([request]) =>
      String(request instanceof Request ? request.url : request).includes("/portal/logo"),
    );
    expect(logoCalls).toEqual([]);
  });

  it("shows the server's 422 politely", async () => {
    withStorage({
      ...consoleRoutes(),
      "GET /api/admin/portal": () => jsonResponse(portal),
      "POST /api/admin/portal/logo": () => jsonResponse(logoForm, 201),
      "PATCH /api/admin/portal": () =>
        problemResponse({
          type: "/problems/validation",
          title: "Validation failed",
          status: 422,
          errors: [{ field: "branding.logoKey", message: "is not a PNG, JPEG or WebP image" }],
        }),
    });
    renderWithProviders(<App />, { language: "en", route: "/admin/portal" });
    const user = userEvent.setup();

    await user.upload(await screen.findByLabelText("Choose a logo"), png(300));
    expect(await screen.findByRole("alert")).toHaveTextContent(
      "The logo could not be used (is not a PNG, JPEG or WebP image).",
    );
    expect(screen.queryByText("Logo saved.")).not.toBeInTheDocument();
  });
});

describe("preview", () => {
  it("starts a preview of the chosen user type and opens its address in a new tab", async () => {
    const open = vi.spyOn(window, "open").mockReturnValue(null);
    const asked: unknown[] = [];
    mockApi({
      ...consoleRoutes(),
      ...moduleRoutes(),
      "GET /api/admin/user-types": () =>
        jsonResponse({ items: [freeType, licensedType], limits: org.limits }),
      "POST /api/admin/preview": async (request) => {
        expect(request.headers.get("X-Requested-With")).toBe("portal");
        asked.push(await request.json());
        return jsonResponse(
          {
            url: "https://portal.example/p/acme",
            userType: { id: "ut2", name: "Fornecedores" },
            expiresAt: "2026-11-28T12:30:00Z",
          },
          201,
        );
      },
    });
    renderWithProviders(<App />, { language: "en", route: "/admin/portal/user-types" });
    const user = userEvent.setup();

    await user.selectOptions(await screen.findByLabelText("Portal user type"), "Fornecedores");
    await user.click(screen.getByRole("button", { name: "Preview" }));

    await vi.waitFor(() => {
      expect(open).toHaveBeenCalledTimes(1);
    });
    expect(open.mock.calls[0]?.[0]).toBe("https://portal.example/p/acme");
    expect(open.mock.calls[0]?.[1]).toBe("_blank");
    expect(asked).toEqual([{ userTypeId: "ut2" }]);
  });

  it("is called Visualizar in Portuguese", async () => {
    mockApi({
      ...consoleRoutes(),
      ...moduleRoutes(),
      "GET /api/admin/user-types": () =>
        jsonResponse({ items: [freeType, licensedType], limits: org.limits }),
    });
    renderWithProviders(<App />, { language: "pt-BR", route: "/admin/portal/user-types" });
    expect(await screen.findByRole("button", { name: "Visualizar" })).toBeInTheDocument();
    expect(screen.getByLabelText("Tipo de usuário do portal")).toBeInTheDocument();
  });
});
