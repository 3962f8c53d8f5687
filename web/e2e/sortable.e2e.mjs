// Sortable fields in the staff console: an admin marks Grand Total sortable on Invoices (the
// module's settings index the existing invoices and show it ready), then sorts the invoice
// list by its column heading, largest first, and the totals listed are in that order. The
// mark is taken back after.
//
//   PORTAL_URL=... DEMO_PASSWORD=... node e2e/sortable.e2e.mjs
import { expectNoAxeViolations } from "./a11y.mjs";
import { CSRF, baseUrl, isMain, open, runSuites, skip, step, waitUntil, withBrowser } from "./lib.mjs";

export const SORTABLE_TIMEOUT_MS = 40_000;
const password = process.env.DEMO_PASSWORD ?? "";
const ADMIN_EMAIL = process.env.DEMO_ADMIN_EMAIL ?? "admin@acme.example";

const CHECKS = ["an admin marks Grand Total sortable and sorts the invoices by it, largest first"];

/** The number a formatted amount shows ("R$ 1.234,50", "$1,234.50"), in English formatting. */
function amount(text) {
  const digits = text.replace(/[^\d.,-]/g, "");
  return Number(digits.replace(/,/g, ""));
}

async function unmark(page) {
  const module = await page.request.get(`${baseUrl}/api/admin/modules/Invoices`);
  await page.request.fetch(`${baseUrl}/api/admin/modules/Invoices`, {
    method: "PATCH",
    data: { sortable: [] },
    headers: { ...CSRF, "If-Match": module.headers()["etag"] },
  });
}

export async function sortableChecks({ executablePath }) {
  if (!password) {
    for (const name of CHECKS) skip(name, "DEMO_PASSWORD is not set");
    return;
  }
  await withBrowser(executablePath, "en-US", async (page) => {
    await step(CHECKS[0], page, async () => {
      await open(page, "/admin/login");
      await page.getByLabel("Email", { exact: true }).fill(ADMIN_EMAIL);
      await page.getByLabel("Password", { exact: true }).fill(password);
      await page.getByRole("button", { name: "Sign in" }).click();
      await page.getByRole("heading", { level: 1, name: "Overview" }).waitFor();
      try {
        await open(page, "/admin/records/Invoices");
        await page.getByRole("link", { name: "Sortable fields" }).click();
        await page.getByRole("heading", { level: 1, name: /^Sortable fields: / }).waitFor();
        await page.getByRole("checkbox", { name: /^Grand Total/ }).check();
        await page.getByRole("button", { name: "Save" }).click();
        await page.getByText("(ready)").waitFor();
        await expectNoAxeViolations(page, "sortable fields");

        await page.getByRole("link", { name: "Back to the list" }).click();
        const heading = page.getByRole("columnheader", { name: "Grand Total" });
        await heading.getByRole("button").click(); // ascending
        await heading.getByRole("button").click(); // descending
        await waitUntil(async () => (await heading.getAttribute("aria-sort")) === "descending", "Grand Total sorted descending");
        await waitUntil(async () => new URL(page.url()).searchParams.get("sort") === "-Grand_Total", "sort=-Grand_Total in the address");
        const index = (await page.locator("thead th").allTextContents()).findIndex((h) => h.includes("Grand Total"));
        await waitUntil(async () => (await page.locator("tbody tr").count()) > 1, "a list of invoices");
        const totals = (await page.locator(`tbody tr > :nth-child(${index + 1})`).allTextContents())
          .filter((t) => t.trim() !== "")
          .map(amount);
        if (totals.length < 2 || totals.some(Number.isNaN)) throw new Error(`too few totals to compare: ${totals.join(", ")}`);
        for (let i = 1; i < totals.length; i++) {
          if (totals[i] > totals[i - 1]) throw new Error(`totals not largest first: ${totals.join(", ")}`);
        }
      } finally {
        await unmark(page);
      }
    });
  });
}

if (isMain(import.meta.url)) {
  await runSuites([sortableChecks], SORTABLE_TIMEOUT_MS);
}
