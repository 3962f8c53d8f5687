import { screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import { useLocation } from "react-router";
import type { MyTabs, PublicPortal } from "../api/client";
import { App } from "../App";
import { mockApi } from "../test/console";
import { jsonResponse, problemResponse, renderWithProviders } from "../test/utils";

const publicPortal: PublicPortal = {
  name: "Acme Portal",
  slug: "acme",
  logoUrl: "https://storage.example/logo.png",
  branding: {
    primaryColor: "#0a5fb4",
    welcome: { en: "Welcome to Acme", "pt-BR": "Bem-vindo à Acme" },
  },
  languages: ["pt-BR", "en"],
};

const unauthorized = () =>
  problemResponse({ type: "/problems/unauthorized", title: "Unauthorized", status: 401 });

const myTabs: MyTabs = {
  preview: true,
  userType: { id: "ut1", name: "Clientes" },
  tabs: [
    {
      module: "Contacts",
      labels: { en: "Contacts", "pt-BR": "Contatos" },
      singularLabels: { en: "Contact", "pt-BR": "Contato" },
      scope: "own",
      layouts: [{ id: "default", name: "Standard", sections: [] }],
      display: { kind: "canvas", title: "Last_Name", subtitle: "Email", cardFields: ["Phone"] },
      filterable: [],
      permissions: { create: false, edit: true, view: true, delete: false },
      notes: false,
      attachments: false,
      fields: [
        {
          apiName: "Last_Name",
          labels: { en: "Last Name", "pt-BR": "Sobrenome" },
          type: "text",
          required: true,
          mode: "read",
        },
        {
          apiName: "Email",
          labels: { en: "Email", "pt-BR": "E-mail" },
          type: "email",
          required: false,
          mode: "write",
        },
        {
          apiName: "Phone",
          labels: { en: "Phone", "pt-BR": "Telefone" },
          type: "phone",
          required: false,
          mode: "read",
        },
      ],
    },
    {
      module: "Invoices",
      labels: { en: "Invoices", "pt-BR": "Faturas" },
      singularLabels: { en: "Invoice", "pt-BR": "Fatura" },
      scope: "own",
      layouts: [
        {
          id: "default",
          name: "Standard",
          sections: [
            {
              name: "Invoice Information",
              labels: { en: "Invoice Information", "pt-BR": "Informações da fatura" },
              fields: ["Subject", "Status", "Secret"],
            },
            { name: "Terms", fields: ["Terms"] },
          ],
        },
      ],
      display: { kind: "list", columns: ["Subject", "Status", "Grand_Total"] },
      filterable: ["Status"],
      permissions: { create: false, edit: false, view: true, delete: false },
      notes: false,
      attachments: false,
      fields: [
        {
          apiName: "Subject",
          labels: { en: "Subject", "pt-BR": "Assunto" },
          type: "text",
          required: true,
          mode: "read",
        },
        {
          apiName: "Status",
          labels: { en: "Status", "pt-BR": "Situação" },
          type: "picklist",
          required: false,
          mode: "read",
        },
        {
          apiName: "Grand_Total",
          labels: { en: "Grand Total", "pt-BR": "Total geral" },
          type: "currency",
          required: false,
          mode: "read",
        },
      ],
    },
  ],
};

function LocationProbe() {
  const location = useLocation();
  return <output data-testid="location">{`${location.pathname}${location.search}`}</output>;
}

describe("customer portal shell", () => {
  it("moves from an earlier address to the portal's current one, keeping the query", async () => {
    const asked: string[] = [];
    mockApi({
      "GET /api/p/old-acme": () => {
        asked.push("old-acme");
        return jsonResponse(publicPortal);
      },
      "GET /api/p/acme": () => {
        asked.push("acme");
        return jsonResponse(publicPortal);
      },
      "GET /api/me/tabs": unauthorized,
    });
    renderWithProviders(
      <>
        <App />
        <LocationProbe />
      </>,
      { language: "en", route: "/p/old-acme?lang=en" },
    );

    expect(await screen.findByRole("heading", { level: 1, name: "Acme Portal" })).toBeInTheDocument();
    expect(screen.getByTestId("location")).toHaveTextContent("/p/acme?lang=en");
    expect(asked).toEqual(["old-acme", "acme"]);
  });

  it("shows only the branded landing without a portal session", async () => {
    mockApi({
      "GET /api/p/acme": () => jsonResponse(publicPortal),
      "GET /api/me/tabs": unauthorized,
    });
    const { container } = renderWithProviders(<App />, { language: "pt-BR", route: "/p/acme" });

    expect(await screen.findByTestId("portal-welcome")).toHaveTextContent("Bem-vindo à Acme");
    expect(screen.getByRole("heading", { level: 1, name: "Acme Portal" })).toBeInTheDocument();
    expect(screen.getByRole("img", { name: "Logotipo de Acme Portal" })).toHaveAttribute(
      "src",
      "https://storage.example/logo.png",
    );
    const shell = container.querySelector<HTMLElement>("[data-shell='portal']");
    expect(shell?.style.getPropertyValue("--portal-primary")).toBe("#0a5fb4");
    expect(screen.queryByTestId("preview-banner")).not.toBeInTheDocument();
    expect(screen.queryByRole("navigation", { name: "Abas do portal" })).not.toBeInTheDocument();
    expect(container.querySelector("input")).toBeNull();
  });

  it("falls back to the English welcome text", async () => {
    mockApi({
      "GET /api/p/acme": () =>
        jsonResponse({ ...publicPortal, branding: { welcome: { en: "Hello there" } } }),
      "GET /api/me/tabs": unauthorized,
    });
    renderWithProviders(<App />, { language: "pt-BR", route: "/p/acme" });
    expect(await screen.findByTestId("portal-welcome")).toHaveTextContent("Hello there");
  });

  it("shows the preview banner and the tabs, and describes a list tab", async () => {
    mockApi({
      "GET /api/p/acme": () => jsonResponse(publicPortal),
      "GET /api/me/tabs": () => jsonResponse(myTabs),
    });
    renderWithProviders(<App />, { language: "en", route: "/p/acme" });
    const user = userEvent.setup();

    expect(await screen.findByTestId("preview-banner")).toHaveTextContent(
      "Preview as Clientes — read-only",
    );
    const tabBar = screen.getByRole("navigation", { name: "Portal tabs" });
    expect(within(tabBar).getAllByRole("link").map((link) => link.textContent)).toEqual([
      "Contacts",
      "Invoices",
    ]);
    await user.click(within(tabBar).getByRole("link", { name: "Invoices" }));

    expect(await screen.findByRole("heading", { level: 1, name: "Invoices" })).toBeInTheDocument();
    const table = screen.getByTestId("portal-columns");
    expect(within(table).getAllByRole("columnheader").map((th) => th.textContent)).toEqual([
      "Subject",
      "Status",
      "Grand Total",
    ]);
    expect(table).toHaveTextContent("No records to show in a preview yet");
    expect(screen.getByTestId("portal-filters")).toHaveTextContent("Status");
    const permissions = screen.getByTestId("portal-permissions");
    expect(permissions).toHaveTextContent("View: yes");
    expect(permissions).toHaveTextContent("Create: no");
    const fields = screen.getByTestId("portal-fields");
    expect(within(fields).getByRole("heading", { name: "Invoice Information" })).toBeInTheDocument();
    expect(fields).toHaveTextContent("Subject Read-only");
    // A field of the layout the user type does not see is not mentioned.
    expect(fields).not.toHaveTextContent("Secret");
    expect(within(fields).queryByRole("heading", { name: "Terms" })).not.toBeInTheDocument();
  });

  it("describes a canvas tab in Portuguese", async () => {
    mockApi({
      "GET /api/p/acme": () => jsonResponse(publicPortal),
      "GET /api/me/tabs": () => jsonResponse(myTabs),
    });
    renderWithProviders(<App />, { language: "pt-BR", route: "/p/acme/Contacts" });

    expect(await screen.findByTestId("preview-banner")).toHaveTextContent(
      "Visualização como Clientes — somente leitura",
    );
    expect(await screen.findByRole("heading", { level: 1, name: "Contatos" })).toBeInTheDocument();
    const card = screen.getByTestId("portal-card");
    expect(card).toHaveTextContent("Título: Sobrenome");
    expect(card).toHaveTextContent("Subtítulo: E-mail");
    expect(card).toHaveTextContent("Telefone");
    expect(screen.getByTestId("portal-permissions")).toHaveTextContent("Editar: sim");
    expect(
      screen.getByText("Ainda não há registros para mostrar em uma visualização"),
    ).toBeInTheDocument();
  });

  it("says when there is no portal at the address", async () => {
    mockApi({
      "GET /api/p/nobody": () =>
        problemResponse({ type: "/problems/not-found", title: "Not found", status: 404 }),
    });
    renderWithProviders(<App />, { language: "en", route: "/p/nobody" });
    expect(
      await screen.findByRole("heading", { level: 1, name: "Portal not found" }),
    ).toBeInTheDocument();
  });
});
