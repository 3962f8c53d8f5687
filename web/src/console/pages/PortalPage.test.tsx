import { screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import type { Portal } from "../../shared/api/client";
import { App } from "../../App";
import { consoleRoutes, mockApi, userSession } from "../../test/console";
import { portal, problemWith } from "../../test/portal";
import { jsonResponse, problemResponse, renderWithProviders } from "../../test/utils";

const notConfigured = () =>
  problemWith(
    {
      type: "/problems/not-found",
      title: "Not found",
      status: 404,
      detail: "the portal is not configured yet",
    },
    { defaultName: "Acme Comércio" },
  );

function created(name: string): Portal {
  const slug = name.toLowerCase().replace(/[^a-z0-9]+/g, "-");
  return { ...portal, name, slug, url: `https://portal.example/p/${slug}`, version: 1 };
}

describe("portal setup", () => {
  it("starts with the company name and shows the generated address", async () => {
    const posts: unknown[] = [];
    mockApi({
      ...consoleRoutes(),
      "GET /api/admin/portal": notConfigured,
      "POST /api/admin/portal": async (request) => {
        expect(request.headers.get("X-Requested-With")).toBe("portal");
        const body = (await request.json()) as { name: string };
        posts.push(body);
        return jsonResponse(created(body.name), 201);
      },
    });
    renderWithProviders(<App />, { language: "en", route: "/admin/portal" });
    const user = userEvent.setup();

    await user.click(await screen.findByRole("button", { name: "Start now" }));
    const name = screen.getByLabelText("Portal name");
    expect(name).toHaveValue("Acme Comércio");
    await user.click(screen.getByRole("button", { name: "Configure now" }));

    const notice = await screen.findByTestId("portal-created");
    expect(notice).toHaveTextContent("Your portal is ready.");
    expect(within(notice).getByRole("link")).toHaveTextContent(
      "https://portal.example/p/acme-com-rcio",
    );
    expect(posts).toEqual([{ name: "Acme Comércio" }]);
    expect(screen.getByTestId("portal-url")).toHaveAttribute(
      "href",
      "https://portal.example/p/acme-com-rcio",
    );
    await user.click(screen.getByRole("button", { name: "Copy address" }));
    expect(await screen.findByText("Address copied.")).toBeInTheDocument();
    await expect(navigator.clipboard.readText()).resolves.toBe(
      "https://portal.example/p/acme-com-rcio",
    );
    expect(screen.getByRole("link", { name: "Next: user types" })).toHaveAttribute(
      "href",
      "/admin/portal/user-types",
    );
  });

  it("offers the free address of a 409 in one click", async () => {
    const names: string[] = [];
    mockApi({
      ...consoleRoutes(),
      "GET /api/admin/portal": notConfigured,
      "POST /api/admin/portal": async (request) => {
        const { name } = (await request.json()) as { name: string };
        names.push(name);
        if (name === "Acme") {
          return problemWith(
            {
              type: "/problems/conflict",
              title: "Conflict",
              status: 409,
              detail: "the address /p/acme is taken; try another name",
            },
            { suggestion: "acme-2" },
          );
        }
        return jsonResponse(created(name), 201);
      },
    });
    renderWithProviders(<App />, { language: "pt-BR", route: "/admin/portal" });
    const user = userEvent.setup();

    await user.click(await screen.findByRole("button", { name: "Iniciar agora" }));
    const name = screen.getByLabelText("Nome do portal");
    await user.clear(name);
    await user.type(name, "Acme");
    await user.click(screen.getByRole("button", { name: "Configurar agora" }));

    expect(await screen.findByTestId("portal-taken")).toHaveTextContent(
      "Outro portal já usa o endereço gerado por este nome.",
    );
    await user.click(screen.getByRole("button", { name: "Usar “acme-2”" }));

    expect(await screen.findByTestId("portal-created")).toHaveTextContent(
      "https://portal.example/p/acme-2",
    );
    expect(names).toEqual(["Acme", "acme-2"]);
  });

  it("renames with If-Match and keeps the address", async () => {
    const patches: { ifMatch: string | null; body: unknown }[] = [];
    const withLogo = {
      ...portal,
      branding: { ...portal.branding, logoKey: "branding/o1/logo.png" },
    };
    mockApi({
      ...consoleRoutes(),
      "GET /api/admin/portal": () => jsonResponse(withLogo),
      "PATCH /api/admin/portal": async (request) => {
        const body = (await request.json()) as { name?: string };
        patches.push({ ifMatch: request.headers.get("If-Match"), body });
        return jsonResponse({
          ...withLogo,
          name: body.name ?? portal.name,
          version: portal.version + 1,
        });
      },
    });
    renderWithProviders(<App />, { language: "en", route: "/admin/portal" });
    const user = userEvent.setup();

    const name = await screen.findByLabelText("Portal name");
    expect(screen.getByLabelText("Primary colour")).toHaveValue("#0a5fb4");
    expect(screen.getByLabelText("Welcome text (Português (Brasil))")).toHaveValue("Bem-vindo");
    expect(screen.getByLabelText("Address path")).toHaveValue("acme");
    await user.clear(name);
    await user.type(name, "Acme Brasil");
    await user.clear(screen.getByLabelText("Welcome text (English)"));
    await user.type(screen.getByLabelText("Welcome text (English)"), "Hello");
    await user.click(screen.getByRole("button", { name: "Save" }));

    expect(await screen.findByTestId("portal-saved")).toHaveTextContent("Portal saved.");
    expect(patches).toEqual([
      {
        ifMatch: "3",
        body: {
          name: "Acme Brasil",
          branding: {
            logoKey: "branding/o1/logo.png",
            primaryColor: "#0a5fb4",
            welcome: { es: "Bienvenido", "pt-BR": "Bem-vindo", en: "Hello" },
          },
        },
      },
    ]);
    expect(screen.getByTestId("portal-url")).toHaveTextContent("https://portal.example/p/acme");
  });

  it("moves the address only when it is changed, and shows the old ones", async () => {
    const patches: unknown[] = [];
    mockApi({
      ...consoleRoutes(),
      "GET /api/admin/portal": () => jsonResponse(portal),
      "PATCH /api/admin/portal": async (request) => {
        const body = (await request.json()) as { slug: string };
        patches.push(body);
        return jsonResponse({
          ...created(portal.name),
          slug: body.slug,
          url: `https://portal.example/p/${body.slug}`,
          oldSlugs: ["acme"],
          version: portal.version + 1,
        });
      },
    });
    renderWithProviders(<App />, { language: "en", route: "/admin/portal" });
    const user = userEvent.setup();

    const address = await screen.findByLabelText("Address path");
    await user.clear(address);
    await user.type(address, "Acme Brasil");
    await user.click(screen.getByRole("button", { name: "Save" }));
    expect(await screen.findByText(/Use 3 to 63 lowercase letters/)).toBeInTheDocument();
    expect(patches).toEqual([]);

    await user.clear(address);
    await user.type(address, "acme-brasil");
    await user.click(screen.getByRole("button", { name: "Save" }));

    expect(await screen.findByTestId("portal-saved")).toHaveTextContent(
      "Its new address is https://portal.example/p/acme-brasil",
    );
    expect(patches).toEqual([{ slug: "acme-brasil" }]);
    expect(screen.getByText("https://portal.example/p/acme")).toBeInTheDocument();
    expect(screen.getByText("Earlier addresses")).toBeInTheDocument();
  });

  it("asks to reload when the portal changed meanwhile (412)", async () => {
    mockApi({
      ...consoleRoutes(),
      "GET /api/admin/portal": () => jsonResponse(portal),
      "PATCH /api/admin/portal": () =>
        problemResponse({
          type: "/problems/precondition-failed",
          title: "Precondition failed",
          status: 412,
        }),
    });
    renderWithProviders(<App />, { language: "en", route: "/admin/portal" });
    const user = userEvent.setup();

    await user.type(await screen.findByLabelText("Portal name"), " 2");
    await user.click(screen.getByRole("button", { name: "Save" }));

    expect(await screen.findByTestId("conflict")).toHaveTextContent(
      "Someone else changed the portal since you opened it.",
    );
    expect(screen.getByRole("button", { name: "Reload" })).toBeInTheDocument();
  });

  it("is read-only for staff users", async () => {
    mockApi({ ...consoleRoutes(userSession), "GET /api/admin/portal": notConfigured });
    renderWithProviders(<App />, { language: "en", route: "/admin/portal" });

    expect(await screen.findByTestId("portal-read-only")).toHaveTextContent(
      "The portal is not configured yet.",
    );
    expect(screen.queryByRole("button", { name: "Start now" })).not.toBeInTheDocument();
  });

  it("shows the portal read-only to staff users", async () => {
    mockApi({ ...consoleRoutes(userSession), "GET /api/admin/portal": () => jsonResponse(portal) });
    renderWithProviders(<App />, { language: "en", route: "/admin/portal" });

    expect(await screen.findByTestId("portal-url")).toHaveTextContent(portal.url);
    expect(screen.getByLabelText("Portal name")).toBeDisabled();
    expect(screen.queryByRole("button", { name: "Save" })).not.toBeInTheDocument();
    expect(screen.getByRole("link", { name: "Portal" })).toHaveAttribute("aria-current", "page");
  });
});
