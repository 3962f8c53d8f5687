// End-to-end checks of the notifications, through the whole event path of the running stack:
// a staff public reply to the demo customer's case reaches her portal (the header's bell counts
// it, the list links to the case and opening it marks it read, "Mark all as read" clears the
// rest), an internal note does not; a note of hers on a case the demo admin owns reaches the
// console's bell and list. Each kind of page passes axe, in English and in Portuguese, and the
// list fits a 375-pixel-wide screen.
//
//   PORTAL_URL=... DEMO_PASSWORD=... DEMO_CUSTOMER_EMAIL=... node e2e/notifications.e2e.mjs
import { expectNoAxeViolations } from "./a11y.mjs";
import {
  LANGUAGE_STORAGE_KEY,
  api,
  expectEqual,
  expectNoSideScroll,
  expectText,
  isMain,
  open,
  runSuites,
  skip,
  step,
  waitUntil,
  withBrowser,
} from "./lib.mjs";

export const NOTIFICATIONS_TIMEOUT_MS = 150_000;
const ADMIN_EMAIL = process.env.DEMO_ADMIN_EMAIL ?? "admin@acme.example";
const password = process.env.DEMO_PASSWORD ?? "";
const customerEmail = process.env.DEMO_CUSTOMER_EMAIL ?? "";
const SLUG = process.env.DEMO_PORTAL_SLUG ?? "acme";
// The notifier runs after the table's stream hands it the event: seconds on a loaded machine.
const DELIVERY_MS = 45_000;

const CHECKS = [
  "a staff public reply to the customer's case shows in her bell and her list; an internal note does not",
  "opening the notification goes to the case and marks it read; Mark all as read clears the count",
  "the notifications list fits a 375-pixel-wide phone screen, in Portuguese too",
  "a customer's note on a case the admin owns shows in the console's bell and list",
];

const run = Date.now().toString(36);

/** The unread count the API answers for the side's list ("portal" or "staff"). */
async function unread(page, side) {
  const path = side === "portal" ? "/api/me/notifications?limit=1" : "/api/admin/me/notifications?limit=1";
  const answer = await api(page, "GET", path);
  expectEqual(answer.status, 200, `status of GET ${path}`);
  return answer.body.unread;
}

/** The items of the side's first page of notifications. */
async function items(page, side) {
  const path = side === "portal" ? "/api/me/notifications" : "/api/admin/me/notifications";
  return (await api(page, "GET", path)).body.items;
}

export async function notificationChecks({ executablePath }) {
  if (!password || !customerEmail) {
    for (const name of CHECKS) skip(name, "DEMO_PASSWORD or DEMO_CUSTOMER_EMAIL is not set");
    return;
  }
  await withBrowser(executablePath, "en-US", async (page) => {
    const keep = { keepStorage: true };
    let caseId = "";
    let caseName = "";
    let adminId = "";

    await step(CHECKS[0], page, async () => {
      // One browser holds both sessions (the portal's and the staff's cookies differ).
      await open(page, `/p/${SLUG}/login`);
      await page.evaluate(([key]) => localStorage.setItem(key, "en"), [LANGUAGE_STORAGE_KEY]);
      expectEqual((await api(page, "POST", `/api/p/${SLUG}/login`, { email: customerEmail, password })).status, 200, "customer login");
      const me = (await api(page, "GET", "/api/me")).body;
      expectEqual((await api(page, "PATCH", "/api/me/preferences", { ...me.preferences, language: "en" })).status, 200, "saving English");
      expectEqual((await api(page, "POST", "/api/admin/login", { email: ADMIN_EMAIL, password })).status, 200, "staff login");
      adminId = (await api(page, "GET", "/api/admin/me")).body.user.id;
      // A case of her own, new for this run, so its notification is this run's.
      const created = await api(page, "POST", "/api/records/Cases", { fields: { Subject: `Notification e2e ${run}`, Priority: "High" } });
      expectEqual(created.status, 201, "status of creating the case");
      caseId = created.body.id;
      caseName = created.body.name || `Notification e2e ${run}`;
      await api(page, "POST", "/api/me/notifications/read-all");
      const before = await unread(page, "portal");
      expectEqual(before, 0, "unread count before the reply");

      const internal = await api(page, "POST", `/api/admin/records/Cases/${caseId}/notes`, { body: `Internal ${run}`, internal: true });
      expectEqual(internal.status, 201, "status of the internal note");
      const reply = await api(page, "POST", `/api/admin/records/Cases/${caseId}/notes`, { body: `Public reply ${run}` });
      expectEqual(reply.status, 201, "status of the public reply");
      const list = await waitUntil(
        async () => {
          const all = await items(page, "portal");
          return all.some((item) => item.recordId === caseId) ? all : undefined;
        },
        "the reply's notification in the customer's list",
        DELIVERY_MS,
        500,
      );
      const mine = list.filter((item) => item.recordId === caseId);
      expectEqual(mine.length, 1, "notifications of the case");
      expectEqual(mine[0].kind, "note.public", "the notification's kind (never the internal note's)");
      expectEqual(mine[0].count, 1, "events in the notification (the internal note is not one)");

      await open(page, `/p/${SLUG}`);
      const bell = page.getByTestId("notification-bell");
      await waitUntil(async () => (await bell.getAttribute("aria-label")) === "Notifications, 1 unread", "the bell's name", 10_000);
      await expectText(page.getByTestId("notification-count"), "1");
      await expectNoAxeViolations(page, "the portal's header with an unread notification");
      await bell.click();
      await page.waitForURL((url) => url.pathname === `/p/${SLUG}/notifications`);
      const row = page.getByTestId("notification-item").filter({ hasText: caseName });
      await expectText(row, "replied");
      expectEqual(await row.getAttribute("data-read"), "false", "the item's state");
      await expectNoAxeViolations(page, "the portal's notifications list");
    }, keep);

    await step(CHECKS[1], page, async () => {
      if (!caseId) throw new Error("no case from the previous check");
      await open(page, `/p/${SLUG}/notifications`);
      await page.getByTestId("notification-item").first().waitFor();
      await page.getByTestId("notification-item").filter({ hasText: caseName }).getByRole("link").click();
      await page.waitForURL((url) => url.pathname === `/p/${SLUG}/Cases/${caseId}`);
      await waitUntil(async () => (await items(page, "portal")).find((item) => item.recordId === caseId)?.read, "the item marked read");
      await waitUntil(async () => (await unread(page, "portal")) === 0, "the unread count at 0");
      // A second reply makes it unread again (the same window: one item, two events).
      expectEqual((await api(page, "POST", `/api/admin/records/Cases/${caseId}/notes`, { body: `Second reply ${run}` })).status, 201, "second reply");
      await waitUntil(async () => (await unread(page, "portal")) === 1, "the second reply's unread count", DELIVERY_MS, 500);
      await open(page, `/p/${SLUG}/notifications`);
      const readAll = page.getByRole("button", { name: "Mark all as read" });
      await waitUntil(async () => await readAll.isEnabled(), "Mark all as read enabled");
      await readAll.click();
      await waitUntil(async () => (await page.getByTestId("notification-count").count()) === 0, "the badge gone");
      await waitUntil(async () => (await unread(page, "portal")) === 0, "the unread count at 0 after Mark all as read");
    }, keep);

    await step(CHECKS[2], page, async () => {
      await page.setViewportSize({ width: 375, height: 740 });
      try {
        for (const language of ["en", "pt-BR"]) {
          // The portal speaks the language the customer saved.
          const me = (await api(page, "GET", "/api/me")).body;
          expectEqual((await api(page, "PATCH", "/api/me/preferences", { ...me.preferences, language })).status, 200, `saving ${language}`);
          await open(page, `/p/${SLUG}/notifications`);
          await page.getByTestId("notification-list").waitFor();
          await expectText(page.getByRole("heading", { level: 1 }), language === "en" ? "Notifications" : "Notificações");
          await expectNoSideScroll(page, `the notifications list in ${language} at 375 px`);
          await expectNoAxeViolations(page, `the notifications list in ${language} at 375 px`);
        }
      } finally {
        await page.setViewportSize({ width: 1280, height: 800 });
        const me = (await api(page, "GET", "/api/me")).body;
        await api(page, "PATCH", "/api/me/preferences", { ...me.preferences, language: "en" });
        // The portal kept the saved language for this browser too (the console reads it).
        await page.evaluate(([key]) => localStorage.setItem(key, "en"), [LANGUAGE_STORAGE_KEY]);
      }
    }, keep);

    await step(CHECKS[3], page, async () => {
      if (!caseId || !adminId) throw new Error("no case from the first check");
      const record = await api(page, "GET", `/api/admin/records/Cases/${caseId}`);
      const owned = await api(page, "PATCH", `/api/admin/records/Cases/${caseId}`, { fields: {}, ownerId: adminId }, { "If-Match": record.headers.etag });
      expectEqual(owned.status, 200, "status of making the admin the case's owner");
      await api(page, "POST", "/api/admin/me/notifications/read-all");
      expectEqual((await api(page, "POST", `/api/records/Cases/${caseId}/notes`, { body: `A question ${run}` })).status, 201, "the customer's note");
      await waitUntil(
        async () => (await items(page, "staff")).some((item) => item.recordId === caseId && item.kind === "customer.note.created" && !item.read),
        "the customer's note in the admin's list",
        DELIVERY_MS,
        500,
      );
      await open(page, "/admin");
      const bell = page.getByTestId("notification-bell");
      await waitUntil(async () => /^Notifications, \d+ unread$/.test((await bell.getAttribute("aria-label")) ?? ""), "the console bell's count", 10_000);
      await bell.click();
      await page.waitForURL((url) => url.pathname === "/admin/notifications");
      const row = page.getByTestId("notification-item").filter({ hasText: caseName });
      await expectText(row, "added a note");
      await expectNoAxeViolations(page, "the console's notifications list");
      await row.getByRole("link").click();
      await page.waitForURL((url) => url.pathname === `/admin/records/Cases/${caseId}`);
    }, keep);
  });
}

if (isMain(import.meta.url)) {
  await runSuites([notificationChecks], NOTIFICATIONS_TIMEOUT_MS);
}
