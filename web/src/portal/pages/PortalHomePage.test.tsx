import { screen, within } from "@testing-library/react";
import { afterEach, describe, expect, it, vi } from "vitest";
import { useLocation } from "react-router";
import { App } from "../../App";
import type { MyTab, MyTabs } from "../../shared/api/client";
import { mockApi } from "../../test/console";
import { casesTab } from "../../test/cases";
import { me, publicPortal } from "../../test/customer";
import { jsonResponse, renderWithProviders } from "../../test/utils";
import type { MyHome } from "../api/home";
import { homePath, landingPath } from "../layouts/portalContext";

function LocationProbe() {
  const location = useLocation();
  return <output data-testid="location">{location.pathname}</output>;
}

const invoicesTab: MyTab = {
  module: "Invoices",
  labels: { en: "Invoices", "pt-BR": "Faturas" },
  singularLabels: { en: "Invoice", "pt-BR": "Fatura" },
  scope: "own",
  layouts: [],
  display: { kind: "list", columns: ["Subject"] },
  filterable: [],
  permissions: { create: false, edit: false, view: true, delete: false },
  notes: false,
  attachments: false,
  fields: [
    { apiName: "Subject", labels: { en: "Subject" }, type: "text", required: true, mode: "read" },
    {
      apiName: "Status",
      labels: { en: "Status", "pt-BR": "Status" },
      type: "picklist",
      required: false,
      mode: "read",
      options: [
        { value: "Sent", labels: { en: "Sent", "pt-BR": "Enviada" } },
        { value: "Overdue", labels: { en: "Overdue", "pt-BR": "Vencida" } },
      ],
    },
    { apiName: "Due_Date", labels: { en: "Due Date" }, type: "date", required: false, mode: "read" },
    { apiName: "Grand_Total", labels: { en: "Total" }, type: "currency", required: false, mode: "read" },
  ],
};

const tabs: MyTabs = {
  preview: false,
  userType: { id: "ut1", name: "Clientes" },
  tabs: [invoicesTab, casesTab],
};

const longSubject = "Impressora ".repeat(18).trim();

const home: MyHome = {
  sections: [
    {
      module: "Cases",
      kind: "openCases",
      more: false,
      items: [
        {
          id: "case1",
          name: longSubject,
          fields: { Subject: longSubject, Status: "Open", Priority: "High" },
          latestReply: { body: "Enviamos um técnico.", at: "2026-03-01T15:00:00Z", author: "Ana (Acme)" },
        },
      ],
    },
    {
      module: "Invoices",
      kind: "dueInvoices",
      more: true,
      items: [
        {
          id: "inv1",
          name: "Fatura NF-2026-0001",
          overdue: true,
          fields: { Subject: "Fatura NF-2026-0001", Status: "Overdue", Due_Date: "2026-02-04", Grand_Total: "4140.00" },
        },
      ],
    },
  ],
};

function render(language: "en" | "pt-BR", answer: MyHome = home, overrides: Parameters<typeof me>[0] = {}) {
  const asked: string[] = [];
  mockApi({
    "GET /api/p/acme": () => jsonResponse(publicPortal),
    "GET /api/me": () =>
      jsonResponse(
        me({ preferences: { language, timeFormat: "24h", timeZone: "America/Sao_Paulo", country: "BR" }, home: true, ...overrides }),
      ),
    "GET /api/me/tabs": () => jsonResponse(tabs),
    "GET /api/me/home": (_request, url) => {
      asked.push(url.searchParams.get("lang") ?? "");
      return jsonResponse(answer);
    },
    "GET /api/records/Invoices": () => jsonResponse({ items: [] }),
  });
  renderWithProviders(
    <>
      <App />
      <LocationProbe />
    </>,
    { language, route: "/p/acme" },
  );
  return asked;
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe("portal home", () => {
  it("shows what needs attention in pt-BR, each item linking to its record", async () => {
    const asked = render("pt-BR");

    const invoices = await screen.findByRole("region", { name: "Faturas a pagar" });
    const invoice = within(invoices).getByRole("link", { name: "Fatura NF-2026-0001" });
    expect(invoice).toHaveAttribute("href", "/p/acme/Invoices/inv1");
    const item = within(invoices).getByTestId("home-item");
    expect(item).toHaveTextContent("Vencida");
    expect(item).toHaveTextContent("Vence em 4 de fev. de 2026");
    expect(within(item).getByText(/R\$\s4\.140,00/)).toHaveClass("portal-home-amount");
    expect(within(invoices).getByRole("link", { name: "Ver tudo em Faturas" })).toHaveAttribute(
      "href",
      "/p/acme/Invoices",
    );

    const cases = screen.getByRole("region", { name: "Casos em aberto" });
    expect(within(cases).getByRole("link", { name: longSubject })).toHaveAttribute("href", "/p/acme/Cases/case1");
    expect(cases).toHaveTextContent("Prioridade: Urgente");
    expect(cases).toHaveTextContent(/Última resposta de Ana \(Acme\), 1 de mar\. de 2026.*12:00/);
    expect(cases).toHaveTextContent("Enviamos um técnico.");
    expect(within(cases).queryByRole("link", { name: /Ver tudo/ })).toBeNull();
    expect(asked).toEqual(["pt-BR"]);
  });

  it("shows the sections in English", async () => {
    render("en");
    const invoices = await screen.findByRole("region", { name: "Invoices to pay" });
    expect(within(invoices).getByTestId("home-item")).toHaveTextContent("OverdueDue Feb 4, 2026$4,140.00");
    expect(screen.getByRole("heading", { name: "What needs your attention" })).toBeInTheDocument();
  });

  it("says when nothing needs attention", async () => {
    render("en", { sections: [{ module: "Cases", kind: "openCases", more: false, items: [] }] });
    expect(await screen.findByTestId("portal-home-empty")).toHaveTextContent(
      "Nothing needs your attention right now.",
    );
    expect(screen.queryByRole("region", { name: "Open cases" })).toBeNull();
  });

  it("opens the first tab where the user type turns the home off", async () => {
    render("en", home, { home: false, firstTab: "Invoices" });
    await vi.waitFor(() => {
      expect(screen.getByTestId("location")).toHaveTextContent("/p/acme/Invoices");
    });
    expect(screen.queryByTestId("portal-home")).toBeNull();
  });
});

describe("homePath", () => {
  it.each([
    { name: "the home", me: { home: true, firstTab: "Invoices" }, want: "/p/acme" },
    { name: "the first tab", me: { home: false, firstTab: "Invoices" }, want: "/p/acme/Invoices" },
    { name: "an answer without home", me: { firstTab: "Sales Orders" }, want: "/p/acme/Sales%20Orders" },
    { name: "no tab at all", me: { home: false }, want: "/p/acme" },
  ])("$name", ({ me: who, want }) => {
    expect(homePath("acme", who)).toBe(want);
  });

  it("sends a user who never saved preferences to the welcome page first", () => {
    expect(landingPath("acme", { preferencesSet: false, home: true })).toBe("/p/acme/welcome");
  });
});
