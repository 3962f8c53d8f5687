import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { useLocation } from "react-router";
import type { AuditEntry } from "../../shared/api/client";
import { App } from "../../App";
import { attachment, note } from "../../test/cases";
import { consoleRoutes, contact, mockApi, userSession } from "../../test/console";
import { jsonResponse, renderWithProviders } from "../../test/utils";

function LocationProbe() {
  const location = useLocation();
  return <output data-testid="location">{`${location.pathname}${location.search}`}</output>;
}

/** The list's item at `index`; the test fails when there is none. */
function at<T>(items: readonly T[], index: number): T {
  const item = items[index];
  if (item === undefined) throw new Error(`no item ${String(index)}`);
  return item;
}

const entries: AuditEntry[] = [
  {
    id: "e2",
    at: "2026-11-28T12:00:00Z",
    actor: { kind: "portal", id: "pu1", name: "Maria Silva" },
    action: "record_update",
    module: "Cases",
    recordId: "case1",
    fields: ["Subject", "Priority"],
    ip: "203.0.113.7",
  },
  {
    id: "e1",
    at: "2026-11-28T11:00:00Z",
    actor: { kind: "staff", id: "u1", name: "Ana Admin" },
    action: "portal_user_change-type",
    detail: "Clientes → Fornecedores",
  },
];

afterEach(() => {
  vi.restoreAllMocks();
});

describe("audit page", () => {
  it("is in the admins' navigation, filters by the address and exports the same as CSV", async () => {
    const asked: Record<string, string>[] = [];
    mockApi({
      ...consoleRoutes(),
      "GET /api/admin/audit": (_request, url) => {
        asked.push(Object.fromEntries(url.searchParams));
        return url.searchParams.get("cursor")
          ? jsonResponse({ items: [] })
          : jsonResponse({ items: entries, nextCursor: "c2" });
      },
    });
    renderWithProviders(
      <>
        <App />
        <LocationProbe />
      </>,
      { language: "en", route: "/admin" },
    );
    const user = userEvent.setup();
    const nav = await screen.findByRole("navigation", { name: "Console sections" });
    await user.click(await within(nav).findByRole("link", { name: "Audit log" }));

    const table = await screen.findByTestId("audit");
    const rows = within(table).getAllByTestId("audit-entry");
    expect(rows[0]).toHaveTextContent("Portal user");
    expect(rows[0]).toHaveTextContent("Maria Silva");
    expect(rows[0]).toHaveTextContent("Record changed");
    expect(rows[0]).toHaveTextContent("Subject, Priority");
    expect(rows[0]).toHaveTextContent("203.0.113.7");
    expect(within(at(rows, 0)).getByRole("link", { name: "Cases case1" })).toHaveAttribute(
      "href",
      "/admin/records/Cases/case1",
    );
    expect(rows[1]).toHaveTextContent("Staff");
    expect(rows[1]).toHaveTextContent("Portal user type changed");
    expect(rows[1]).toHaveTextContent("Clientes → Fornecedores");
    expect(asked).toEqual([{ limit: "50" }]);
    expect(screen.getByRole("link", { name: "Export CSV" })).toHaveAttribute(
      "href",
      "/api/admin/audit?format=csv",
    );

    const filters = screen.getByRole("search", { name: "Audit filters" });
    await user.type(within(filters).getByLabelText("User id"), "pu1");
    await user.type(within(filters).getByLabelText("Record id"), "case1");
    await user.selectOptions(within(filters).getByLabelText("Action"), "Record changed");
    await user.type(within(filters).getByLabelText("From"), "2026-11-01T00:00");
    await user.click(within(filters).getByRole("button", { name: "Apply filters" }));

    const from = new Date("2026-11-01T00:00").toISOString();
    await waitFor(() => {
      expect(asked.at(-1)).toEqual({
        limit: "50",
        userId: "pu1",
        recordId: "case1",
        action: "record_update",
        from,
      });
    });
    expect(screen.getByTestId("location")).toHaveTextContent(
      "/admin/audit?userId=pu1&recordId=case1&action=record_update&from=2026-11-01T00%3A00",
    );
    const csv = new URL(
      screen.getByRole("link", { name: "Export CSV" }).getAttribute("href") ?? "",
      "https://x.example",
    );
    expect(Object.fromEntries(csv.searchParams)).toEqual({
      userId: "pu1",
      recordId: "case1",
      action: "record_update",
      from,
      format: "csv",
    });

    await user.click(await screen.findByRole("button", { name: "Next" }));
    await waitFor(() => {
      expect(asked.at(-1)?.cursor).toBe("c2");
    });
    expect(await screen.findByTestId("audit-empty")).toHaveTextContent(
      "No entries match these filters.",
    );

    await user.click(screen.getByRole("button", { name: "Clear filters" }));
    await waitFor(() => {
      expect(asked.at(-1)).toEqual({ limit: "50" });
    });
    expect(screen.getByLabelText("User id")).toHaveValue("");
  });

  it("is not in a non-admin's navigation", async () => {
    mockApi(consoleRoutes(userSession));
    renderWithProviders(<App />, { language: "en", route: "/admin" });
    const nav = await screen.findByRole("navigation", { name: "Console sections" });
    expect(await within(nav).findByRole("link", { name: "Portal users" })).toBeInTheDocument();
    expect(within(nav).queryByRole("link", { name: "Audit log" })).not.toBeInTheDocument();
  });
});

describe("console record notes and attachments", () => {
  let followed: string[] = [];
  beforeEach(() => {
    followed = [];
    vi.spyOn(HTMLAnchorElement.prototype, "click").mockImplementation(function (
      this: HTMLAnchorElement,
    ) {
      followed.push(this.href);
    });
  });

  it("marks internal and portal users' notes, adds an internal one and downloads a file", async () => {
    let notes = [
      note({ id: "n1", body: "Customer asks for a call", mine: false }),
      note({
        id: "n2",
        body: "Do not call before 10",
        internal: true,
        mine: false,
        author: { kind: "staff", id: "u1", name: "Ana Admin" },
        createdAt: "2026-11-22T10:00:00Z",
        modifiedAt: "2026-11-22T10:00:00Z",
      }),
    ];
    const posted: unknown[] = [];
    mockApi({
      ...consoleRoutes(),
      "GET /api/admin/records/Contacts/c1": () => jsonResponse(contact(1)),
      "GET /api/admin/records/Contacts/c1/notes": () => jsonResponse({ items: notes }),
      "POST /api/admin/records/Contacts/c1/notes": async (request) => {
        const body = (await request.json()) as { body: string; internal: boolean };
        posted.push(body);
        const added = note({
          id: "n3",
          body: body.body,
          internal: body.internal,
          mine: false,
          author: { kind: "staff", id: "u1", name: "Ana Admin" },
          createdAt: "2026-11-23T10:00:00Z",
          modifiedAt: "2026-11-23T10:00:00Z",
        });
        notes = [...notes, added];
        return jsonResponse(added, 201);
      },
      "GET /api/admin/records/Contacts/c1/attachments": () =>
        jsonResponse({ items: [attachment({ mine: false })] }),
      "GET /api/admin/records/Contacts/c1/attachments/a1": () =>
        jsonResponse({ url: "https://storage.example/get/a1?sig=y", expiresAt: "2026-11-28T13:00:00Z" }),
    });
    renderWithProviders(<App />, { language: "en", route: "/admin/records/Contacts/c1" });
    const user = userEvent.setup();

    const list = await screen.findByRole("list", { name: "Notes, oldest first" });
    const [portal, internal] = within(list).getAllByTestId("note") as [HTMLElement, HTMLElement];
    expect(portal).toHaveTextContent("Maria Silva");
    expect(portal).toHaveTextContent("Portal user");
    expect(portal).not.toHaveTextContent("Internal");
    expect(internal).toHaveTextContent("Internal");
    expect(internal).not.toHaveTextContent("Portal user");

    await user.type(screen.getByLabelText("Add a note"), "Escalated");
    await user.click(screen.getByLabelText("Internal (not shown in the portal)"));
    await user.click(screen.getByRole("button", { name: "Add note" }));
    await waitFor(() => {
      expect(within(list).getAllByTestId("note")).toHaveLength(3);
    });
    expect(posted).toEqual([{ body: "Escalated", internal: true }]);
    expect(screen.getByLabelText("Internal (not shown in the portal)")).not.toBeChecked();

    const files = screen.getByTestId("attachments");
    expect(within(files).queryByRole("button", { name: /^Delete/ })).not.toBeInTheDocument();
    await user.click(within(files).getByRole("button", { name: "Download invoice.pdf" }));
    await waitFor(() => {
      expect(followed).toEqual(["https://storage.example/get/a1?sig=y"]);
    });
  });
});
