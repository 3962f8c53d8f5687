// The console's usage dashboard: after the demo customer signs in, a staff admin opens Usage
// and sees the charts drawn (SVG) with a login counted (the stream worker counts logins
// asynchronously: the page is reloaded until it shows), groups by week, and downloads the
// same period as CSV.
//
//   PORTAL_URL=... DEMO_PASSWORD=... DEMO_CUSTOMER_EMAIL=... node e2e/usage.e2e.mjs
import { expectNoAxeViolations } from "./a11y.mjs";
import { LANGUAGE_STORAGE_KEY, baseUrl, expectEqual, isMain, open, runSuites, skip, step, waitUntil, withBrowser } from "./lib.mjs";

export const USAGE_TIMEOUT_MS = 40_000;
const password = process.env.DEMO_PASSWORD ?? "";
const customerEmail = process.env.DEMO_CUSTOMER_EMAIL ?? "";
const ADMIN_EMAIL = process.env.DEMO_ADMIN_EMAIL ?? "admin@acme.example";
const SLUG = process.env.DEMO_PORTAL_SLUG ?? "acme";
/** How long a login may take to reach the counters (the stream worker's delay, with room). */
const COUNTED_MS = 20_000;

const CHECKS = [
  "an admin opens Usage and sees the charts with the customer's login counted",
  "grouping by week redraws the charts and the CSV link answers the same period as text/csv",
];

/** The logins total the page shows, as a number ("1,234" in English). */
async function loginsShown(page) {
  const text = await page.getByTestId("usage-total-logins").innerText();
  return Number(text.replace(/\D/g, ""));
}

/** The values of the bars Chartist drew in a chart's figure. */
async function barValues(figure) {
  return figure.locator("svg .ct-bar").evaluateAll((bars) => bars.map((bar) => Number(bar.getAttribute("ct:value"))));
}

export async function usageChecks({ executablePath }) {
  if (!password || !customerEmail) {
    for (const name of CHECKS) skip(name, "DEMO_PASSWORD or DEMO_CUSTOMER_EMAIL is not set");
    return;
  }
  await withBrowser(executablePath, "en-US", async (page) => {
    await step(CHECKS[0], page, async () => {
      await open(page, `/p/${SLUG}/login`);
      await page.evaluate(([key]) => localStorage.setItem(key, "en"), [LANGUAGE_STORAGE_KEY]);
      const login = await page.request.post(`${baseUrl}/api/p/${SLUG}/login`, {
        data: { email: customerEmail, password },
        headers: { "X-Requested-With": "portal" },
      });
      expectEqual(login.status(), 200, "customer login");

      await open(page, "/admin/login");
      await page.getByLabel("Email", { exact: true }).fill(ADMIN_EMAIL);
      await page.getByLabel("Password", { exact: true }).fill(password);
      await page.getByRole("button", { name: "Sign in" }).click();
      await page.getByRole("heading", { level: 1, name: "Overview" }).waitFor();
      await page.getByRole("navigation", { name: "Console sections" }).getByRole("link", { name: "Usage" }).click();
      await page.getByRole("heading", { level: 1, name: "Portal usage" }).waitFor();

      const logins = page.getByRole("figure", { name: "Logins per day" });
      await waitUntil(
        async () => {
          await page.getByTestId("usage-total-logins").waitFor();
          if ((await loginsShown(page)) > 0) return true;
          await page.reload();
          return false;
        },
        "a login counted on the dashboard",
        COUNTED_MS,
        1_000,
      );
      // A bar drawn with the login's height (bars of empty days have none and count as hidden).
      await waitUntil(async () => (await barValues(logins)).some((value) => value > 0), "a logins bar above zero");
      for (const name of ["Active users", "Invitations sent and accepted", "Records created by customers"]) {
        await page.getByRole("figure", { name }).locator("svg").waitFor();
      }
      await page.getByRole("meter").first().waitFor();
      await expectNoAxeViolations(page, "usage dashboard");
    });

    await step(CHECKS[1], page, async () => {
      await page.getByLabel("Group by", { exact: true }).selectOption("week");
      const weekly = page.getByRole("figure", { name: "Logins per week" });
      await waitUntil(async () => (await barValues(weekly)).some((value) => value > 0), "a weekly logins bar above zero");
      await waitUntil(async () => new URL(page.url()).searchParams.get("interval") === "week", "interval=week in the address");

      const href = await page.getByRole("link", { name: "Download CSV" }).getAttribute("href");
      const asked = new URL(href ?? "", baseUrl);
      expectEqual(asked.searchParams.get("interval"), "week", "the CSV link's interval");
      expectEqual(asked.searchParams.get("from"), new URL(page.url()).searchParams.get("from"), "the CSV link's from");
      const csv = await page.request.get(asked.toString());
      expectEqual(csv.status(), 200, "CSV status");
      const type = csv.headers()["content-type"] ?? "";
      if (!type.startsWith("text/csv")) throw new Error(`the CSV answers ${type}, not text/csv`);
      const [header] = (await csv.text()).split(/\r?\n/);
      expectEqual(header, "date,invitations_sent,invitations_accepted,logins,active_users,records_created", "the CSV's header row");
    }, { keepStorage: true });
  });
}

if (isMain(import.meta.url)) {
  await runSuites([usageChecks], USAGE_TIMEOUT_MS);
}
