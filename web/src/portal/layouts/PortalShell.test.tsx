import { screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it, vi } from "vitest";
import { useLocation } from "react-router";
import type { MyRecord, MyTabs } from "../../shared/api/client";
import { App } from "../../App";
import { mockApi } from "../../test/console";
import { me, previewMe, publicPortal, unauthorized } from "../../test/customer";
import { jsonResponse, problemResponse, renderWithProviders } from "../../test/utils";

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

function record(id: string, module: string, fields: Record<string, unknown>): MyRecord {
  return {
    id,
    module,
    layoutId: "default",
    version: 1,
    fields: fields as MyRecord["fields"],
    createdAt: "2026-11-28T12:00:00Z",
    modifiedAt: "2026-11-28T12:00:00Z",
  };
}

const invoice = record("inv1", "Invoices", {
  Subject: "INV-1 Acme",
  Status: "Paid",
  Grand_Total: "1234.50",
  Contact_Name: { id: "c1", name: "Maria Silva" },
});

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
    });
    renderWithProviders(
      <>
        <App />
        <LocationProbe />
      </>,
      { language: "en", route: "/p/old-acme/login?lang=en" },
    );

    expect(
      await screen.findByRole("heading", { level: 1, name: "Log in to Acme Portal" }),
    ).toBeInTheDocument();
    expect(screen.getByTestId("location")).toHaveTextContent("/p/acme/login?lang=en");
    expect(asked).toEqual(["old-acme", "acme"]);
  });

  it("sends visitors without a session to the branded login page", async () => {
    const asked: string[] = [];
    mockApi({
      "GET /api/p/acme": () => jsonResponse(publicPortal),
      "GET /api/me": () => {
        asked.push("me");
        return unauthorized();
      },
      "GET /api/me/tabs": () => {
        asked.push("tabs");
        return unauthorized();
      },
    });
    const { container } = renderWithProviders(
      <>
        <App />
        <LocationProbe />
      </>,
      { language: "pt-BR", route: "/p/acme" },
    );

    expect(await screen.findByTestId("portal-welcome")).toHaveTextContent("Bem-vindo à Acme");
    expect(screen.getByTestId("location")).toHaveTextContent("/p/acme/login");
    expect(
      screen.getByRole("heading", { level: 1, name: "Entrar no Acme Portal" }),
    ).toBeInTheDocument();
    expect(asked).toEqual(["me"]);
    expect(screen.getByRole("img", { name: "Logotipo de Acme Portal" })).toHaveAttribute(
      "src",
      "https://storage.example/logo.png",
    );
    const shell = container.querySelector<HTMLElement>("[data-shell='portal']");
    expect(shell?.style.getPropertyValue("--portal-primary")).toBe("#0a5fb4");
    expect(screen.queryByTestId("preview-banner")).not.toBeInTheDocument();
    expect(screen.queryByRole("navigation", { name: "Abas do portal" })).not.toBeInTheDocument();
    expect(screen.queryByRole("button", { name: "Sair" })).not.toBeInTheDocument();
    expect(container.querySelector("form")).not.toBeNull();
  });

  it("falls back to the English welcome text", async () => {
    mockApi({
      "GET /api/p/acme": () =>
        jsonResponse({ ...publicPortal, branding: { welcome: { en: "Hello there" } } }),
    });
    renderWithProviders(<App />, { language: "pt-BR", route: "/p/acme/login" });
    expect(await screen.findByTestId("portal-welcome")).toHaveTextContent("Hello there");
  });

  it("shows the preview banner and the tabs, and lists a list tab's records", async () => {
    const asked: string[] = [];
    mockApi({
      "GET /api/p/acme": () => jsonResponse(publicPortal),
      "GET /api/me": () => jsonResponse(previewMe),
      "GET /api/me/tabs": () => jsonResponse(myTabs),
      "GET /api/records/Invoices": (_request, url) => {
        asked.push(url.search);
        return jsonResponse({ items: [invoice] });
      },
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
    const table = await screen.findByTestId("portal-columns");
    expect(within(table).getAllByRole("columnheader").map((th) => th.textContent)).toEqual([
      "Subject",
      "Status",
      "Grand Total",
    ]);
    const cells = within(table)
      .getAllByRole("row")
      .slice(1)
      .map((row) =>
        within(row)
          .getAllByRole("cell")
          .concat(within(row).getAllByRole("rowheader"))
          .map((cell) => cell.textContent),
      );
    expect(cells).toEqual([["Paid", "$1,234.50", "INV-1 Acme"]]);
    expect(within(table).getByRole("link", { name: "INV-1 Acme" })).toHaveAttribute(
      "href",
      "/p/acme/Invoices/inv1",
    );
    expect(asked).toEqual(["?limit=25&lang=en"]);
    expect(screen.queryByRole("navigation", { name: "Pages" })).not.toBeInTheDocument();
    expect(screen.getByTestId("portal-filters")).toHaveTextContent("Status");
    const permissions = screen.getByTestId("portal-permissions");
    expect(permissions).toHaveTextContent("View: yes");
    expect(permissions).toHaveTextContent("Create: no");
    const fields = screen.getByTestId("portal-fields");
    expect(within(fields).getByRole("heading", { name: "Invoice Information" })).toBeInTheDocument();
    expect(fields).toHaveTextContent("Subject Read-only for customers");
    // A field of the layout the user type does not see is not mentioned.
    expect(fields).not.toHaveTextContent("Secret");
    expect(within(fields).queryByRole("heading", { name: "Terms" })).not.toBeInTheDocument();
  });

  it("shows a canvas tab's records as cards in Portuguese", async () => {
    mockApi({
      "GET /api/p/acme": () => jsonResponse(publicPortal),
      "GET /api/me": () => jsonResponse(previewMe),
      "GET /api/me/tabs": () => jsonResponse(myTabs),
      "GET /api/records/Contacts": (_request, url) =>
        jsonResponse({
          items: [
            record("c1", "Contacts", {
              Last_Name: "Silva",
              Email: `silva-${url.searchParams.get("lang") ?? ""}@example.com`,
              Phone: "+55 11 5555-0000",
            }),
            record("c2", "Contacts", { Last_Name: "Souza" }),
          ],
        }),
    });
    renderWithProviders(<App />, { language: "pt-BR", route: "/p/acme/Contacts" });

    expect(await screen.findByTestId("preview-banner")).toHaveTextContent(
      "Visualização como Clientes — somente leitura",
    );
    expect(await screen.findByRole("heading", { level: 1, name: "Contatos" })).toBeInTheDocument();
    const cards = await screen.findAllByTestId("portal-card");
    expect(cards).toHaveLength(2);
    const [first, second] = cards as [HTMLElement, HTMLElement];
    expect(within(first).getByRole("heading", { level: 3, name: "Silva" })).toBeInTheDocument();
    expect(first).toHaveTextContent("silva-pt-BR@example.com");
    expect(first).toHaveTextContent("Telefone+55 11 5555-0000");
    expect(within(first).getByRole("link", { name: "Silva" })).toHaveAttribute(
      "href",
      "/p/acme/Contacts/c1",
    );
    expect(second).toHaveTextContent("Telefone—");
    expect(screen.getByTestId("portal-permissions")).toHaveTextContent("Editar: sim");
  });

  it("shows lookup names and pages with the cursor", async () => {
    const invoicesTab = myTabs.tabs[1];
    if (!invoicesTab) throw new Error("fixture lacks Invoices");
    const tabs: MyTabs = {
      ...myTabs,
      tabs: [
        {
          ...invoicesTab,
          display: { kind: "list", columns: ["Subject", "Contact_Name"] },
          fields: [
            ...invoicesTab.fields,
            {
              apiName: "Contact_Name",
              labels: { en: "Contact", "pt-BR": "Contato" },
              type: "lookup",
              required: false,
              mode: "read",
              lookupModule: "Contacts",
            },
          ],
        },
      ],
    };
    const cursors: (string | null)[] = [];
    mockApi({
      "GET /api/p/acme": () => jsonResponse(publicPortal),
      "GET /api/me": () => jsonResponse(previewMe),
      "GET /api/me/tabs": () => jsonResponse(tabs),
      "GET /api/records/Invoices": (_request, url) => {
        const cursor = url.searchParams.get("cursor");
        cursors.push(cursor);
        return cursor === "page2"
          ? jsonResponse({
              items: [
                record("inv2", "Invoices", {
                  Subject: "INV-2",
                  Contact_Name: { id: "c2", name: "João Souza" },
                }),
              ],
            })
          : jsonResponse({ items: [invoice], nextCursor: "page2" });
      },
    });
    renderWithProviders(<App />, { language: "en", route: "/p/acme/Invoices" });
    const user = userEvent.setup();

    const table = await screen.findByTestId("portal-columns");
    expect(within(table).getByRole("cell", { name: "Maria Silva" })).toBeInTheDocument();
    const pager = screen.getByRole("navigation", { name: "Pages" });
    expect(within(pager).getByRole("button", { name: "Previous" })).toBeDisabled();
    await user.click(within(pager).getByRole("button", { name: "Next" }));

    expect(await within(table).findByRole("cell", { name: "João Souza" })).toBeInTheDocument();
    expect(within(table).queryByText("Maria Silva")).not.toBeInTheDocument();
    expect(screen.getByTestId("portal-page")).toHaveTextContent("Page 2");
    expect(within(pager).getByRole("button", { name: "Next" })).toBeDisabled();
    await user.click(within(pager).getByRole("button", { name: "Previous" }));
    expect(await within(table).findByRole("cell", { name: "Maria Silva" })).toBeInTheDocument();
    expect(cursors.slice(0, 2)).toEqual([null, "page2"]);
  });

  it("says when a tab has nothing yet", async () => {
    mockApi({
      "GET /api/p/acme": () => jsonResponse(publicPortal),
      "GET /api/me": () => jsonResponse(previewMe),
      "GET /api/me/tabs": () => jsonResponse(myTabs),
      "GET /api/records/Invoices": () => jsonResponse({ items: [] }),
    });
    renderWithProviders(<App />, { language: "pt-BR", route: "/p/acme/Invoices" });
    expect(await screen.findByTestId("portal-empty")).toHaveTextContent("Nada por aqui ainda");
    expect(screen.getByTestId("portal-columns")).toHaveTextContent("AssuntoSituaçãoTotal geral");
  });

  it("opens a record from its row, laid out by the tab's first layout", async () => {
    const invoicesTab = myTabs.tabs[1];
    if (!invoicesTab) throw new Error("fixture lacks Invoices");
    const tabs: MyTabs = {
      ...myTabs,
      tabs: [
        {
          ...invoicesTab,
          layouts: [
            {
              id: "default",
              name: "Standard",
              sections: [
                {
                  name: "Invoice Information",
                  labels: { en: "Invoice Information", "pt-BR": "Informações da fatura" },
                  fields: ["Subject", "Status", "Grand_Total", "Contact_Name"],
                },
                { name: "Items", labels: { en: "Items" }, fields: ["Product_Details"] },
              ],
            },
          ],
          fields: [
            ...invoicesTab.fields,
            {
              apiName: "Contact_Name",
              labels: { en: "Contact" },
              type: "lookup",
              required: false,
              mode: "read",
            },
            {
              apiName: "Product_Details",
              labels: { en: "Product Details" },
              type: "lineitems",
              required: false,
              mode: "read",
            },
          ],
        },
      ],
    };
    const detailed = record("inv1", "Invoices", {
      ...(invoice.fields as Record<string, unknown>),
      Product_Details: [
        { Product: { id: "p1", name: "Widget" }, Quantity: 2, Unit_Price: "10.00", Total: "20.00" },
      ],
    });
    mockApi({
      "GET /api/p/acme": () => jsonResponse(publicPortal),
      "GET /api/me": () => jsonResponse(previewMe),
      "GET /api/me/tabs": () => jsonResponse(tabs),
      "GET /api/records/Invoices": () => jsonResponse({ items: [invoice] }),
      "GET /api/records/Invoices/inv1": () => jsonResponse(detailed),
    });
    renderWithProviders(
      <>
        <App />
        <LocationProbe />
      </>,
      { language: "en", route: "/p/acme/Invoices" },
    );
    const user = userEvent.setup();

    const table = await screen.findByTestId("portal-columns");
    await user.click(within(table).getByRole("cell", { name: "Paid" }));

    expect(await screen.findByRole("heading", { level: 1, name: "INV-1 Acme" })).toBeInTheDocument();
    expect(screen.getByTestId("location")).toHaveTextContent("/p/acme/Invoices/inv1");
    const [info, items] = screen.getAllByTestId("portal-record-section") as [
      HTMLElement,
      HTMLElement,
    ];
    expect(within(info).getByRole("heading", { name: "Invoice Information" })).toBeInTheDocument();
    expect(info).toHaveTextContent("StatusPaid");
    expect(info).toHaveTextContent("Grand Total$1,234.50");
    expect(info).toHaveTextContent("ContactMaria Silva");
    const lines = within(items).getByTestId("portal-line-items");
    expect(within(lines).getAllByRole("cell").map((cell) => cell.textContent)).toEqual([
      "Widget",
      "2",
      "$10.00",
      "$20.00",
    ]);
    await user.click(screen.getByRole("link", { name: "Back to Invoices" }));
    expect(await screen.findByTestId("portal-columns")).toBeInTheDocument();
  });

  it("says when a record is not found", async () => {
    mockApi({
      "GET /api/p/acme": () => jsonResponse(publicPortal),
      "GET /api/me": () => jsonResponse(previewMe),
      "GET /api/me/tabs": () => jsonResponse(myTabs),
    });
    renderWithProviders(<App />, { language: "pt-BR", route: "/p/acme/Invoices/missing" });
    expect(await screen.findByTestId("portal-record-not-found")).toHaveTextContent(
      "Não encontrado",
    );
    expect(screen.getByTestId("preview-banner")).toBeInTheDocument();
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

describe("customer portal session", () => {
  it("sends a visitor without a session from a tab to the login page", async () => {
    mockApi({
      "GET /api/p/acme": () => jsonResponse(publicPortal),
      "GET /api/me": unauthorized,
    });
    renderWithProviders(
      <>
        <App />
        <LocationProbe />
      </>,
      { language: "en", route: "/p/acme/Invoices" },
    );
    expect(
      await screen.findByRole("heading", { level: 1, name: "Log in to Acme Portal" }),
    ).toBeInTheDocument();
    expect(screen.getByTestId("location")).toHaveTextContent("/p/acme/login");
  });

  it("shows the user in the header and logs out", async () => {
    const calls: string[] = [];
    let signedIn = true;
    mockApi({
      "GET /api/p/acme": () => jsonResponse(publicPortal),
      "GET /api/me": () => (signedIn ? jsonResponse(me()) : unauthorized()),
      "GET /api/me/tabs": () => jsonResponse({ ...myTabs, preview: false }),
      "POST /api/logout": (request, url) => {
        calls.push(`logout ${request.headers.get("X-Requested-With") ?? ""} ${url.search}`);
        signedIn = false;
        return new Response(null, { status: 204 });
      },
    });
    const { queryClient } = renderWithProviders(
      <>
        <App />
        <LocationProbe />
      </>,
      { language: "en", route: "/p/acme" },
    );
    const user = userEvent.setup();

    const account = await screen.findByRole("group", { name: "Your account" });
    expect(within(account).getByTestId("portal-user")).toHaveTextContent("Maria Silva");
    expect(within(account).getByRole("link", { name: "Preferences" })).toHaveAttribute(
      "href",
      "/p/acme/welcome",
    );
    expect(screen.queryByTestId("preview-banner")).not.toBeInTheDocument();
    await user.click(within(account).getByRole("button", { name: "Log out" }));

    expect(
      await screen.findByRole("heading", { level: 1, name: "Log in to Acme Portal" }),
    ).toBeInTheDocument();
    expect(screen.getByTestId("location")).toHaveTextContent("/p/acme/login");
    // Only the portal session ends: a console session in the same browser stays.
    expect(calls).toEqual(["logout portal ?session=portal"]);
    expect(queryClient.getQueryData(["customer", "me"])).toBeUndefined();
    expect(queryClient.getQueryData(["customer", "me", "tabs"])).toBeUndefined();
    expect(screen.queryByRole("button", { name: "Log out" })).not.toBeInTheDocument();
  });

  it("shows the company's brand first, linking inside the portal", async () => {
    mockApi({
      "GET /api/p/acme": () => jsonResponse({ ...publicPortal, logoUrl: "https://storage.example/logo.png" }),
      "GET /api/me": () => jsonResponse(me()),
      "GET /api/me/tabs": () => jsonResponse({ ...myTabs, preview: false }),
    });
    renderWithProviders(<App />, { language: "en", route: "/p/acme/Contacts" });

    const home = await screen.findByTestId("portal-home-link");
    await within(home).findByText("Acme Portal");
    expect(home).toHaveAttribute("href", "/p/acme");
    expect(within(home).getByRole("img", { name: /Acme Portal/ })).toHaveAttribute(
      "src",
      "https://storage.example/logo.png",
    );
    await screen.findByRole("group", { name: "Your account" });
    const header = screen.getByRole("banner");
    expect(within(header).getAllByRole("link").map((link) => link.getAttribute("href"))).toEqual([
      "/p/acme",
      "/p/acme",
      "/p/acme/notifications",
      "/p/acme/welcome",
    ]);
    expect(within(header).queryByText("Customer Portal")).not.toBeInTheDocument();
  });

  it("ends only the preview and returns to the user type in the console", async () => {
    const calls: string[] = [];
    mockApi({
      "GET /api/p/acme": () => jsonResponse(publicPortal),
      "GET /api/me": () => jsonResponse(previewMe),
      "GET /api/me/tabs": () => jsonResponse(myTabs),
      "POST /api/logout": (_request, url) => {
        calls.push(`logout ${url.search}`);
        return new Response(null, { status: 204 });
      },
    });
    renderWithProviders(
      <>
        <App />
        <LocationProbe />
      </>,
      { language: "en", route: "/p/acme" },
    );
    const user = userEvent.setup();
    await screen.findByTestId("preview-banner");
    await user.click(screen.getByRole("button", { name: "Log out" }));

    await screen.findByText("/admin/portal/user-types/ut1");
    expect(calls).toEqual(["logout ?session=portal"]);
  });

  it("saves the header's language choice as the user's preference", async () => {
    const saved: unknown[] = [];
    let current = me();
    mockApi({
      "GET /api/p/acme": () => jsonResponse(publicPortal),
      "GET /api/me": () => jsonResponse(current),
      "GET /api/me/tabs": () => jsonResponse({ ...myTabs, preview: false }),
      "PATCH /api/me/preferences": async (request) => {
        const body = (await request.json()) as ReturnType<typeof me>["preferences"];
        saved.push(body);
        current = me({ preferences: body });
        return jsonResponse(current);
      },
    });
    const { i18n } = renderWithProviders(<App />, { language: "en", route: "/p/acme" });
    const user = userEvent.setup();

    await user.selectOptions(await screen.findByLabelText("Language"), "pt-BR");

    expect(await screen.findByRole("button", { name: "Sair" })).toBeInTheDocument();
    await vi.waitFor(() => {
      expect(saved).toEqual([
        { language: "pt-BR", timeFormat: "24h", timeZone: "America/Sao_Paulo", country: "BR" },
      ]);
    });
    // The saved answer keeps the page in the chosen language.
    expect(i18n.language).toBe("pt-BR");
  });

  it("does not save a preview's language choice", async () => {
    const saved: unknown[] = [];
    mockApi({
      "GET /api/p/acme": () => jsonResponse(publicPortal),
      "GET /api/me": () => jsonResponse(previewMe),
      "GET /api/me/tabs": () => jsonResponse(myTabs),
      "PATCH /api/me/preferences": () => {
        saved.push("patch");
        return jsonResponse(previewMe);
      },
    });
    const { i18n } = renderWithProviders(<App />, { language: "en", route: "/p/acme" });
    const user = userEvent.setup();
    await screen.findByTestId("preview-banner");
    await user.selectOptions(screen.getByLabelText("Language"), "pt-BR");
    expect(await screen.findByRole("button", { name: "Sair" })).toBeInTheDocument();
    expect(i18n.language).toBe("pt-BR");
    expect(saved).toEqual([]);
  });

  it("keeps the preview banner for a preview session, without preferences", async () => {
    mockApi({
      "GET /api/p/acme": () => jsonResponse(publicPortal),
      "GET /api/me": () => jsonResponse(previewMe),
      "GET /api/me/tabs": () => jsonResponse(myTabs),
    });
    renderWithProviders(<App />, { language: "en", route: "/p/acme" });
    expect(await screen.findByTestId("preview-banner")).toBeInTheDocument();
    expect(screen.getByRole("button", { name: "Log out" })).toBeInTheDocument();
    expect(screen.queryByRole("link", { name: "Preferences" })).not.toBeInTheDocument();
  });

  it("shows date-times in the user's time zone and time format", async () => {
    const invoicesTab = myTabs.tabs[1];
    if (!invoicesTab) throw new Error("fixture lacks Invoices");
    const tabs: MyTabs = {
      preview: false,
      userType: myTabs.userType,
      tabs: [
        {
          ...invoicesTab,
          display: { kind: "list", columns: ["Subject", "Paid_At"] },
          fields: [
            ...invoicesTab.fields,
            {
              apiName: "Paid_At",
              labels: { en: "Paid at" },
              type: "datetime",
              required: false,
              mode: "read",
            },
          ],
        },
      ],
    };
    const paidAt = "2026-11-28T12:00:00Z";
    mockApi({
      "GET /api/p/acme": () => jsonResponse(publicPortal),
      "GET /api/me": () =>
        jsonResponse(
          me({
            preferences: {
              language: "en",
              timeFormat: "12h",
              timeZone: "Asia/Tokyo",
              country: "JP",
            },
          }),
        ),
      "GET /api/me/tabs": () => jsonResponse(tabs),
      "GET /api/records/Invoices": () =>
        jsonResponse({ items: [record("inv1", "Invoices", { Subject: "INV-1", Paid_At: paidAt })] }),
    });
    renderWithProviders(<App />, { language: "en", route: "/p/acme/Invoices" });
    const table = await screen.findByTestId("portal-columns");
    const expected = new Intl.DateTimeFormat("en", {
      dateStyle: "medium",
      timeStyle: "short",
      hour12: true,
      timeZone: "Asia/Tokyo",
    }).format(new Date(paidAt));
    expect(expected).toMatch(/9:00/);
    expect(within(table).getByRole("cell", { name: expected })).toBeInTheDocument();
  });
});
