import { fireEvent, screen, waitFor, within } from "@testing-library/react";
import { Route, Routes } from "react-router";
import { afterEach, describe, expect, it, vi } from "vitest";
import en from "../../i18n/locales/en.json";
import es from "../../i18n/locales/es.json";
import ptBR from "../../i18n/locales/pt-BR.json";
import type { Notification, NotificationList as List } from "../api/notifications";
import { unreadLabel } from "../api/notificationCount";
import { kindKey } from "../lib/notifications";
import { CUSTOMER_KINDS, STAFF_KINDS } from "../lib/notifySettings";
import { jsonResponse, mockFetch, renderWithProviders } from "../../test/utils";
import { NotificationBell } from "./NotificationBell";
import { NotificationList } from "./NotificationList";

afterEach(() => {
  vi.unstubAllGlobals();
});

/** The i-th element, which the test has just found. */
function nth(elements: HTMLElement[], i: number): HTMLElement {
  const element = elements[i];
  if (!element) throw new Error(`no element ${String(i)}`);
  return element;
}

const format = { language: "en", currency: "USD", hour12: false, timeZone: "UTC" };

function item(id: string, over: Partial<Notification> = {}): Notification {
  return {
    id,
    kind: "note.public",
    module: "Cases",
    recordId: `rec-${id}`,
    recordName: `Case ${id}`,
    actorName: "Bruno Souza",
    count: 1,
    createdAt: "2026-12-07T10:00:00Z",
    updatedAt: "2026-12-07T10:05:00Z",
    read: false,
    ...over,
  };
}

/** A fake notifications API of one side: the list, reads and read-all, counting each call. */
function fakeApi(prefix: string, pages: List[]) {
  const calls: string[] = [];
  const read = new Set<string>();
  let allRead = false;
  const fetchMock = mockFetch((request) => {
    const url = new URL(request.url);
    calls.push(`${request.method} ${url.pathname}${url.search}`);
    if (request.method === "POST" && url.pathname === `${prefix}/read-all`) {
      allRead = true;
      return new Response(null, { status: 204 });
    }
    const readMatch = new RegExp(`^${prefix}/([^/]+)/read$`).exec(url.pathname);
    if (request.method === "POST" && readMatch?.[1]) {
      read.add(decodeURIComponent(readMatch[1]));
      return new Response(null, { status: 204 });
    }
    if (request.method === "GET" && url.pathname === prefix) {
      const cursor = url.searchParams.get("cursor");
      const page = pages[cursor ? Number(cursor) : 0] ?? { items: [], unread: 0 };
      const items = page.items.map((it) => ({ ...it, read: it.read || allRead || read.has(it.id) }));
      const unread = allRead ? 0 : Math.max(0, page.unread - read.size);
      const limit = Number(url.searchParams.get("limit") ?? "20");
      return jsonResponse({ ...page, items: items.slice(0, limit), unread });
    }
    return jsonResponse({ type: "about:blank", title: "Not found", status: 404 }, 404);
  });
  return { calls, fetchMock };
}

function renderList(side: "portal" | "staff", language: "en" | "pt-BR" = "en") {
  const base = side === "portal" ? "/p/acme" : "/admin";
  return renderWithProviders(
    <Routes>
      <Route
        path={`${base}/notifications`}
        element={
          <>
            <NotificationBell side={side} to={`${base}/notifications`} />
            <NotificationList
              side={side}
              format={format}
              recordPath={(it) => (it.module === "Gone" ? undefined : `${base}/${it.module}/${it.recordId}`)}
              moduleName={(it) => it.module}
            />
          </>
        }
      />
      <Route path={`${base}/:module/:id`} element={<p data-testid="record-page">record page</p>} />
    </Routes>,
    { language, route: `${base}/notifications` },
  );
}

describe("notification bell", () => {
  it.each([
    { name: "none unread: no badge, the plain name", unread: 0, badge: undefined, label: "Notifications" },
    { name: "three unread", unread: 3, badge: "3", label: "Notifications, 3 unread" },
    { name: "the API's bound: 99+", unread: 100, badge: "99+", label: "Notifications, 99+ unread" },
  ])("$name", async ({ unread, badge, label }) => {
    const { calls } = fakeApi("/api/me/notifications", [{ items: [], unread }]);
    renderWithProviders(<NotificationBell side="portal" to="/p/acme/notifications" />, { language: "en" });
    const bell = await screen.findByRole("link", { name: label });
    expect(bell).toHaveAttribute("href", "/p/acme/notifications");
    if (badge === undefined) expect(within(bell).queryByTestId("notification-count")).toBeNull();
    else expect(within(bell).getByTestId("notification-count")).toHaveTextContent(badge);
    // The count is one item's page.
    expect(calls).toEqual(["GET /api/me/notifications?limit=1"]);
  });

  it("asks the staff side's route for a staff member", async () => {
    const { calls } = fakeApi("/api/admin/me/notifications", [{ items: [], unread: 2 }]);
    renderWithProviders(<NotificationBell side="staff" to="/admin/notifications" />, { language: "pt-BR" });
    await screen.findByRole("link", { name: "Notificações, 2 não lidas" });
    expect(calls).toEqual(["GET /api/admin/me/notifications?limit=1"]);
  });
});

describe("notification list", () => {
  it("lists newest first, says what happened and who did it, and opening one marks it read", async () => {
    const { calls } = fakeApi("/api/me/notifications", [
      {
        items: [
          item("b", { kind: "file.shared", count: 3 }),
          item("a", { kind: "field.changed", actorName: "", read: true }),
        ],
        unread: 1,
      },
    ]);
    renderList("portal");
    const rows = await screen.findAllByTestId("notification-item");
    expect(rows.map((row) => row.getAttribute("data-read"))).toEqual(["false", "true"]);
    expect(rows[0]).toHaveTextContent("Case b");
    expect(rows[0]).toHaveTextContent("Cases · Bruno Souza shared a file · 3 updates");
    expect(rows[0]).toHaveTextContent("(unread)");
    expect(rows[1]).toHaveTextContent("Cases · Updated");
    await screen.findByRole("link", { name: "Notifications, 1 unread" });

    fireEvent.click(within(nth(rows, 0)).getByRole("link", { name: "Case b" }));
    await screen.findByTestId("record-page");
    expect(calls.filter((call) => call.startsWith("POST"))).toEqual(["POST /api/me/notifications/b/read"]);
  });

  it("opening a read one posts nothing; a record without a page is listed without a link", async () => {
    const { calls } = fakeApi("/api/admin/me/notifications", [
      { items: [item("gone", { module: "Gone" }), item("c", { read: true, kind: "customer.note.created" })], unread: 1 },
    ]);
    renderList("staff");
    const rows = await screen.findAllByTestId("notification-item");
    expect(within(nth(rows, 0)).queryByRole("link")).toBeNull();
    expect(rows[1]).toHaveTextContent("Bruno Souza added a note");
    fireEvent.click(within(nth(rows, 1)).getByRole("link", { name: "Case c" }));
    await screen.findByTestId("record-page");
    expect(calls.filter((call) => call.startsWith("POST"))).toEqual([]);
  });

  it("marks all read: the button posts once, the items and the count follow", async () => {
    const { calls } = fakeApi("/api/admin/me/notifications", [{ items: [item("x"), item("y")], unread: 2 }]);
    renderList("staff");
    await screen.findByRole("link", { name: "Notifications, 2 unread" });
    fireEvent.click(screen.getByRole("button", { name: "Mark all as read" }));
    await waitFor(() => {
      expect(screen.getAllByTestId("notification-item").map((row) => row.getAttribute("data-read"))).toEqual([
        "true",
        "true",
      ]);
    });
    await screen.findByRole("link", { name: "Notifications" });
    expect(screen.getByRole("button", { name: "Mark all as read" })).toBeDisabled();
    expect(calls.filter((call) => call.startsWith("POST"))).toEqual(["POST /api/admin/me/notifications/read-all"]);
  });

  it("shows more with the next page's cursor", async () => {
    const { calls } = fakeApi("/api/me/notifications", [
      { items: [item("p1")], unread: 0, nextCursor: "1" },
      { items: [item("p2", { read: true })], unread: 0 },
    ]);
    renderList("portal", "pt-BR");
    await screen.findByText("Case p1");
    fireEvent.click(screen.getByRole("button", { name: "Mostrar mais" }));
    await screen.findByText("Case p2");
    expect(calls).toContain("GET /api/me/notifications?limit=20&cursor=1");
    expect(screen.queryByRole("button", { name: "Mostrar mais" })).toBeNull();
  });

  it("says when there is nothing yet", async () => {
    fakeApi("/api/me/notifications", [{ items: [], unread: 0 }]);
    renderList("portal");
    await screen.findByTestId("notifications-empty");
    expect(screen.getByRole("button", { name: "Mark all as read" })).toBeDisabled();
  });
});

describe("kindKey", () => {
  // Every kind the API may send (the settings' lists follow the API's enums).
  const kinds = [...CUSTOMER_KINDS, ...STAFF_KINDS];
  const lookup = (texts: unknown, key: string) =>
    key.split(".").reduce<unknown>((node, part) => (node as Record<string, unknown>)[part], texts);
  it.each(kinds.flatMap((kind) => [{ kind, withActor: true }, { kind, withActor: false }]))(
    "$kind (with actor: $withActor) has a text in every language",
    ({ kind, withActor }) => {
      const key = kindKey(kind, withActor);
      expect(key).not.toMatch(/\.other$/);
      for (const texts of [en, ptBR, es]) expect(typeof lookup(texts, key)).toBe("string");
    },
  );
  it.each([
    { name: "an unknown kind, with actor", kind: "something.new", withActor: true, want: "notifications.kind.other" },
    { name: "an unknown kind, plain", kind: "something.new", withActor: false, want: "notifications.kindPlain.other" },
    { name: "a name of Object's prototype", kind: "toString", withActor: true, want: "notifications.kind.other" },
  ])("$name", ({ kind, withActor, want }) => {
    expect(kindKey(kind, withActor)).toBe(want);
  });
});

describe("unreadLabel", () => {
  it.each([
    { count: 0, want: "0" },
    { count: 99, want: "99" },
    { count: 100, want: "99+" },
  ])("$count gives $want", ({ count, want }) => {
    expect(unreadLabel(count)).toBe(want);
  });
});
