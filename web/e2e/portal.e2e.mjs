// End-to-end checks of the customer portal with the seeded demo customer: their
// invoices (a list) and cases (cards), filters, a record, a new case, an edit, a
// note and a PDF uploaded and downloaded again; another customer of another
// account sees none of it; the staff's audit log shows every step.
//
//   PORTAL_URL=... DEMO_PASSWORD=... DEMO_CUSTOMER_EMAIL=... SES_URL=... node e2e/portal.e2e.mjs
import { readFile } from "node:fs/promises";
import { expectNoAxeViolations } from "./a11y.mjs";
import { LANGUAGE_STORAGE_KEY, api, expectEqual, expectText, isMain, mailsTo, open, runSuites, sesUrl, skip, step, waitUntil, withBrowser } from "./lib.mjs";

export const PORTAL_TIMEOUT_MS = 150_000;
const ADMIN_EMAIL = process.env.DEMO_ADMIN_EMAIL ?? "admin@acme.example";
const password = process.env.DEMO_PASSWORD ?? "";
const customerEmail = process.env.DEMO_CUSTOMER_EMAIL ?? "";
const SLUG = process.env.DEMO_PORTAL_SLUG ?? "acme";

const CHECKS = [
  "the demo customer logs in and lands on their home",
  "Invoices lists exactly the customer's invoices; Cases shows cards",
  "filtering invoices by status keeps only that status",
  "an invoice opens with its sections",
  "the customer creates a case and edits it",
  "a note and a PDF are added, and the PDF downloads again",
  "a customer of another account sees none of it",
  "the audit log shows every step of the customer",
  "the portal fits a 375-pixel-wide phone screen",
  "in Portuguese, invoice statuses show their Portuguese labels and the filter lists each once",
  "in Portuguese, the home shows an overdue invoice of the customer, labelled, linking to its record",
  "a list keeps its page in the address: a reload shows the same page, Previous the first",
  "logging out ends on the sign-in page, which says so",
  "invoices sort by amount from the Grand Total heading: lowest first, then highest first",
];

const run = Date.now().toString(36);
const SUBJECT = `Boleto em duplicidade ${run}`;
const PDF = Buffer.from(`%PDF-1.4\n% e2e ${run}\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n`);

/** At a phone's width the page must not scroll sideways. */
async function expectNoSideScroll(page, path) {
  const overflow = await page.evaluate(
    () => globalThis.document.documentElement.scrollWidth - globalThis.innerWidth,
  );
  if (overflow > 1) throw new Error(`${path} is ${overflow} px wider than the screen`);
}

/** Every cell's text lies on one line: an amount or a number never breaks inside itself. */
async function expectOneLine(cells, what) {
  const lines = await cells.evaluateAll((all) =>
    all.map((cell) => {
      const range = globalThis.document.createRange();
      range.selectNodeContents(cell);
      const tops = new Set([...range.getClientRects()].filter((r) => r.width > 0).map((r) => Math.round(r.top)));
      return { text: cell.textContent, lines: tops.size };
    }),
  );
  if (lines.length === 0) throw new Error(`no ${what} to check`);
  const broken = lines.find((cell) => cell.lines !== 1);
  if (broken) throw new Error(`${what} "${broken.text}" takes ${broken.lines} lines`);
}

async function logIn(page, email, secret) {
  await open(page, `/p/${SLUG}/login`);
  await page.getByLabel("Email", { exact: true }).fill(email);
  await page.getByLabel("Password", { exact: true }).fill(secret);
  await page.getByRole("button", { name: "Log in" }).click();
  await page.getByRole("navigation", { name: /Portal tabs|Abas/ }).waitFor();
}

export async function portalChecks({ executablePath }) {
  if (!password || !customerEmail || !sesUrl) {
    for (const name of CHECKS) skip(name, "DEMO_PASSWORD, DEMO_CUSTOMER_EMAIL or SES_URL is not set");
    return;
  }
  let caseId = "";
  let customerId = "";
  await withBrowser(executablePath, "en-US", async (page) => {
    const keep = { keepStorage: true };
    await step(CHECKS[0], page, async () => {
      await logIn(page, customerEmail, password);
      await page.waitForURL((url) => url.pathname === `/p/${SLUG}`);
      await page.getByTestId("portal-home").waitFor();
      // The checks read English labels: the customer switches their language.
      const me = await api(page, "GET", "/api/me");
      customerId = me.body.id;
      const saved = await api(page, "PATCH", "/api/me/preferences", { ...me.body.preferences, language: "en" });
      expectEqual(saved.status, 200, "status of saving the preferences");
      await page.reload();
      await page.getByRole("navigation", { name: "Portal tabs" }).waitFor();
    }, keep);

    await step(CHECKS[8], page, async () => {
      const invoice = (await api(page, "GET", "/api/records/Invoices?limit=1")).body.items[0];
      if (!invoice) throw new Error("the demo customer has no invoices");
      const record = `/p/${SLUG}/Invoices/${invoice.id}`;
      await page.setViewportSize({ width: 375, height: 740 });
      try {
        for (const path of [`/p/${SLUG}`, `/p/${SLUG}/Invoices`, `/p/${SLUG}/Cases`, `/p/${SLUG}/Cases/new`, record, `/p/${SLUG}/preferences`]) {
          await open(page, path);
          await page.getByRole("navigation", { name: "Portal tabs" }).waitFor();
          await page.waitForLoadState("networkidle").catch(() => {});
          await expectNoSideScroll(page, path);
          await expectNoAxeViolations(page, `${path} at 375 px`);
        }
        // The invoice list's amounts and the record's line items stay whole at 375 px.
        await open(page, `/p/${SLUG}/Invoices`);
        await page.getByTestId("portal-row").first().waitFor();
        await expectOneLine(page.getByTestId("portal-columns").locator("td.numeric, th.numeric"), "an invoice list cell");
        await open(page, record);
        await page.getByTestId("portal-line-items").waitFor();
        await expectOneLine(page.getByTestId("portal-line-items").locator(".numeric"), "a line item cell");
        await expectOneLine(page.locator("dd.value-number"), "the invoice's amount");
        // A list's first record shows on the first screen: the filters fold behind a toggle.
        await open(page, `/p/${SLUG}/Invoices`);
        await page.getByTestId("portal-row").first().waitFor();
        const row = await page.getByTestId("portal-row").first().boundingBox();
        if (!row || row.y + row.height > 740) throw new Error(`the first invoice is below the first screen (top ${row?.y})`);
      } finally {
        await page.setViewportSize({ width: 1280, height: 800 });
      }
    }, keep);

    await step(CHECKS[9], page, async () => {
      const me = await api(page, "GET", "/api/me");
      const setLanguage = async (language) => {
        await api(page, "PATCH", "/api/me/preferences", { ...me.body.preferences, language });
        await page.evaluate(([key, value]) => localStorage.setItem(key, value), [LANGUAGE_STORAGE_KEY, language]);
      };
      await setLanguage("pt-BR");
      try {
        await open(page, `/p/${SLUG}/Invoices`);
        const rows = page.getByTestId("portal-row");
        await rows.first().waitFor();
        const english = /\b(Draft|Created|Approved|Sent|Paid|Cancelled|Overdue|Issued)\b/;
        for (const text of await rows.allTextContents()) {
          if (english.test(text)) throw new Error(`an invoice row shows an English status on a pt-BR page: ${text}`);
        }
        await expectNoAxeViolations(page, "portal invoices in Portuguese");
        const options = await page.getByLabel("Status", { exact: true }).locator("option").allTextContents();
        const issued = options.filter((o) => o === "Emitida").length;
        expectEqual(issued, 1, "times the Status filter lists Emitida");
        if (!options.includes("Vencida")) throw new Error(`the Status filter lacks Vencida: ${options.join(", ")}`);
      } finally {
        await setLanguage("en");
      }
    }, keep);

    await step(CHECKS[10], page, async () => {
      const me = await api(page, "GET", "/api/me");
      const setLanguage = async (language) => {
        await api(page, "PATCH", "/api/me/preferences", { ...me.body.preferences, language });
        await page.evaluate(([key, value]) => localStorage.setItem(key, value), [LANGUAGE_STORAGE_KEY, language]);
      };
      const home = await api(page, "GET", "/api/me/home?lang=pt-BR");
      expectEqual(home.status, 200, "status of GET /api/me/home");
      const due = home.body.sections.find((section) => section.kind === "dueInvoices");
      const invoice = due?.items.find((item) => item.overdue);
      if (!invoice) throw new Error("the seed's customer has no overdue invoice on the home");
      await setLanguage("pt-BR");
      try {
        await open(page, `/p/${SLUG}`);
        const section = page.getByRole("region", { name: "Faturas a pagar" });
        const item = section.getByTestId("home-item").filter({ has: page.getByRole("link", { name: invoice.name, exact: true }) });
        await expectText(item, "Vencida");
        const text = await page.getByTestId("portal-home").textContent();
        const english = /\b(Draft|Created|Approved|Sent|Paid|Cancelled|Overdue|Issued|Open|Closed|Delivered|Negotiation|Due|Priority)\b/;
        if (english.test(text ?? "")) throw new Error(`the pt-BR home shows English: ${text}`);
        await expectNoAxeViolations(page, "portal home in Portuguese");
        await item.getByRole("link", { name: invoice.name, exact: true }).click();
        await page.waitForURL((url) => url.pathname === `/p/${SLUG}/Invoices/${invoice.id}`);
        await page.locator("main h1").waitFor();
      } finally {
        await setLanguage("en");
      }
    }, keep);

    await step(CHECKS[1], page, async () => {
      const mine = await api(page, "GET", "/api/records/Invoices?limit=100");
      if (mine.body.items.length === 0) throw new Error("the demo customer has no invoices");
      await open(page, `/p/${SLUG}/Invoices`);
      const rows = page.getByTestId("portal-row");
      await rows.first().waitFor();
      expectEqual(await rows.count(), mine.body.items.length, "invoice rows");
      // Each page has its own title, the company's name last.
      await waitUntil(async () => /^Invoices · \S/.test(await page.title()), `the title "Invoices · …" (is "${await page.title()}")`);
      await expectNoAxeViolations(page, "portal tab as a table");
      const cases = await api(page, "GET", "/api/records/Cases?limit=100");
      await open(page, `/p/${SLUG}/Cases`);
      const cards = page.getByTestId("portal-card");
      await cards.first().waitFor();
      expectEqual(await cards.count(), cases.body.items.length, "case cards");
      await expectNoAxeViolations(page, "portal tab as cards");
    }, keep);

    await step(CHECKS[2], page, async () => {
      await open(page, `/p/${SLUG}/Invoices`);
      await page.getByTestId("portal-row").first().waitFor();
      const filters = page.getByRole("search", { name: "Filters" });
      const status = filters.getByLabel("Status", { exact: true });
      const options = (await status.locator("option").allTextContents()).filter((o) => o !== "Any");
      const all = await api(page, "GET", "/api/records/Invoices?limit=100");
      const label = options.find((o) => all.body.items.some((it) => it.fields.Status === o)) ?? options[0];
      await status.selectOption({ label });
      await filters.getByRole("button", { name: "Apply filters" }).click();
      await page.waitForURL(/filter\.Status=/);
      const rows = page.getByTestId("portal-row");
      const want = all.body.items.filter((it) => it.fields.Status === label).length;
      await waitUntil(async () => (await rows.count()) === want, `${want} rows with status ${label}`);
      for (const text of await rows.allTextContents()) {
        if (!text.includes(label)) throw new Error(`a filtered row lacks ${label}: ${text}`);
      }
    }, keep);

    await step(CHECKS[13], page, async () => {
      const all = await api(page, "GET", "/api/records/Invoices?limit=100");
      await open(page, `/p/${SLUG}/Invoices`);
      await page.getByTestId("portal-row").first().waitFor();
      const heading = page.getByRole("columnheader", { name: "Grand Total" });
      const amounts = async () => {
        // The amounts as shown (e.g. "$1,234.50"), read back as numbers; an empty cell is null.
        const texts = await page.getByTestId("portal-row").evaluateAll((rows) =>
          rows.map((row) => row.querySelectorAll("th, td")[4]?.textContent ?? ""),
        );
        return texts.map((text) => {
          const digits = text.replace(/[^0-9.-]/g, "");
          return digits === "" ? null : Number(digits);
        });
      };
      const inOrder = (list, desc) =>
        list.every((v, i) => i === 0 || v === null || (list[i - 1] !== null && (desc ? list[i - 1] >= v : list[i - 1] <= v)));
      await heading.getByRole("button").click();
      await page.waitForURL(/sort=Grand_Total/);
      await waitUntil(async () => (await heading.getAttribute("aria-sort")) === "ascending", "aria-sort ascending on Grand Total");
      const rows = page.getByTestId("portal-row");
      await waitUntil(async () => (await rows.count()) === all.body.items.length, `${all.body.items.length} rows sorted by amount`);
      const up = await amounts();
      if (!inOrder(up, false) || up.filter((v) => v !== null).length < 2) throw new Error(`amounts not lowest first: ${up.join(", ")}`);
      await expectNoAxeViolations(page, "portal invoices sorted by amount");
      // The keyboard presses the heading's button too: highest first.
      await heading.getByRole("button").focus();
      await page.keyboard.press("Enter");
      await page.waitForURL(/sort=-Grand_Total/);
      await waitUntil(async () => (await heading.getAttribute("aria-sort")) === "descending", "aria-sort descending on Grand Total");
      await waitUntil(async () => inOrder(await amounts(), true), "amounts highest first");
      const down = await amounts();
      expectEqual(down.filter((v) => v !== null).join(","), up.filter((v) => v !== null).reverse().join(","), "the amounts highest first");
    }, keep);

    await step(CHECKS[3], page, async () => {
      await open(page, `/p/${SLUG}/Invoices`);
      await page.getByTestId("portal-row").first().getByRole("link").first().click();
      await page.getByTestId("portal-record-section").first().waitFor();
      await expectNoAxeViolations(page, "portal record");
    }, keep);

    await step(CHECKS[11], page, async () => {
      const all = await api(page, "GET", "/api/records/Invoices?limit=100");
      const first = await api(page, "GET", "/api/records/Invoices?limit=1");
      const cursor = first.body.nextCursor;
      if (!cursor || all.body.items.length < 2) throw new Error("the demo customer needs two invoices");
      // The page after the first invoice, as a link or a reload gives it.
      await open(page, `/p/${SLUG}/Invoices?page=2&cursor=${encodeURIComponent(cursor)}`);
      const rows = page.getByTestId("portal-row");
      await rows.first().waitFor();
      await expectText(page.getByTestId("portal-page"), "Page 2");
      expectEqual(await rows.count(), all.body.items.length - 1, "rows of the page after the first invoice");
      await page.reload();
      await rows.first().waitFor();
      await expectText(page.getByTestId("portal-page"), "Page 2");
      await page.getByRole("button", { name: "Previous" }).click();
      await page.waitForURL((url) => !url.searchParams.has("page") && !url.searchParams.has("cursor"));
      await waitUntil(async () => (await rows.count()) === all.body.items.length, `${all.body.items.length} rows on the first page`);
      await page.goBack();
      await expectText(page.getByTestId("portal-page"), "Page 2");
    }, keep);

    await step(CHECKS[4], page, async () => {
      await open(page, `/p/${SLUG}/Cases`);
      await page.getByRole("link", { name: "New case" }).click();
      await page.getByLabel(/^Subject/).waitFor();
      await expectNoAxeViolations(page, "portal new record form");
      await page.getByLabel(/^Subject/).fill(SUBJECT);
      await page.getByLabel("Priority", { exact: true }).selectOption({ index: 1 });
      await page.getByLabel("Description", { exact: true }).fill("O boleto de novembro veio duas vezes.");
      await page.getByRole("button", { name: "Create", exact: true }).click();
      await page.waitForURL(new RegExp(`/p/${SLUG}/Cases/[a-z0-9]{20}$`));
      caseId = page.url().split("/").pop();
      await expectText(page.locator("main"), SUBJECT);
      await page.getByRole("link", { name: "Edit", exact: true }).click();
      await page.getByLabel("Description", { exact: true }).fill("Só um foi pago; o outro pode ser cancelado.");
      await page.getByRole("button", { name: "Save", exact: true }).click();
      await page.waitForURL(new RegExp(`/p/${SLUG}/Cases/${caseId}$`));
      await expectText(page.locator("main"), "o outro pode ser cancelado");
      await expectText(page.getByTestId("portal-saved"), "Saved.");
      await waitUntil(async () => (await page.title()).startsWith(`Case ${SUBJECT} · Cases · `), `the case's title (is "${await page.title()}")`);
    }, keep);

    await step(CHECKS[5], page, async () => {
      if (!caseId) throw new Error("no case");
      await page.getByLabel("Add a note", { exact: true }).fill("Segue o comprovante do pagamento.");
      await page.getByRole("button", { name: "Add note", exact: true }).click();
      await expectText(page.locator("main"), "Segue o comprovante do pagamento.");
      await expectNoAxeViolations(page, "portal record with a note");
      await page.getByLabel("Choose a file", { exact: true }).setInputFiles({ name: "comprovante.pdf", mimeType: "application/pdf", buffer: PDF });
      await page.getByRole("button", { name: "Upload", exact: true }).click();
      const download = page.getByRole("button", { name: "Download comprovante.pdf" });
      await download.waitFor({ timeout: 15_000 });
      const [file] = await Promise.all([page.waitForEvent("download"), download.click()]);
      expectEqual(file.suggestedFilename(), "comprovante.pdf", "downloaded file name");
      const got = await readFile(await file.path());
      expectEqual(got.equals(PDF), true, "the downloaded bytes are the uploaded ones");
      // With a file listed, the record still fits a phone: the table scrolls in its card.
      await page.setViewportSize({ width: 375, height: 740 });
      try {
        await open(page, `/p/${SLUG}/Cases/${caseId}`);
        await page.getByTestId("attachment").first().waitFor();
        await expectNoSideScroll(page, `/p/${SLUG}/Cases/${caseId}`);
      } finally {
        await page.setViewportSize({ width: 1280, height: 800 });
      }
    }, keep);
  });

  await withBrowser(executablePath, "en-US", async (page) => {
    const keep = { keepStorage: true };
    await step(CHECKS[6], page, async () => {
      if (!caseId) throw new Error("no case");
      // The staff admin invites a contact of another account; the second customer accepts.
      await open(page, "/admin/login");
      await page.getByLabel("Email", { exact: true }).fill(ADMIN_EMAIL);
      await page.getByLabel("Password", { exact: true }).fill(password);
      await page.getByRole("button", { name: "Sign in" }).click();
      await page.getByRole("heading", { level: 1, name: "Overview" }).waitFor();
      const contacts = (await api(page, "GET", "/api/admin/records/Contacts?sort=-Last_Name&limit=100")).body.items;
      const me = contacts.find((c) => c.fields.Email === customerEmail);
      const other = contacts.find(
        (c) => c.fields.Email && !c.fields.Email.startsWith("e2e.") && c.fields.Account_Name?.id && c.fields.Account_Name.id !== me?.fields.Account_Name?.id,
      );
      if (!other) throw new Error("no contact of another account");
      const types = (await api(page, "GET", "/api/admin/user-types")).body.items;
      const sent = await api(page, "POST", `/api/admin/records/Contacts/${other.id}/invitation`, { userTypeId: types[0].id });
      if (sent.status !== 201 && sent.status !== 200) throw new Error(`invitation: ${sent.status}`);
      const mail = await waitUntil(async () => {
        return (await mailsTo(other.fields.Email)).at(-1);
      }, "the second customer's invitation");
      const token = mail.body.text.match(/\/invite\/([A-Za-z0-9_-]{43})/)[1];
      const accepted = await api(page, "POST", `/api/invitations/${token}/accept`, { password: "the other customer's passphrase" });
      expectEqual(accepted.status, 200, "status of the second customer's acceptance");
      await api(page, "PATCH", "/api/me/preferences", { ...accepted.body.preferences, language: "en" });
      await open(page, `/p/${SLUG}/Cases/${caseId}`);
      await page.getByTestId("portal-record-not-found").waitFor();
      await open(page, `/p/${SLUG}/Cases`);
      await page.getByRole("navigation", { name: "Portal tabs" }).waitFor();
      await page.waitForLoadState("networkidle").catch(() => {});
      if ((await page.locator("main").textContent()).includes(SUBJECT)) throw new Error("the other customer sees the case");
      for (const path of [`/api/records/Cases/${caseId}`, `/api/records/Cases/${caseId}/notes`, `/api/records/Cases/${caseId}/attachments`]) {
        expectEqual((await api(page, "GET", path)).status, 404, `status of ${path} for the other customer`);
      }
    }, keep);

    await step(CHECKS[7], page, async () => {
      if (!customerId) throw new Error("no customer id");
      await open(page, `/admin/audit?userId=${customerId}`);
      const entries = page.getByTestId("audit-entry");
      await entries.first().waitFor();
      const text = (await entries.allTextContents()).join("\n");
      for (const label of ["Signed in", "Preferences saved", "Record viewed", "Record created", "Record changed", "Note added", "File uploaded", "File downloaded"]) {
        if (!text.includes(label)) throw new Error(`the audit log lacks "${label}"`);
      }
      if (!text.includes("Description")) throw new Error("the edit's changed field is not in the log");
      await expectNoAxeViolations(page, "console audit log");
    }, keep);

    await step(CHECKS[12], page, async () => {
      await open(page, `/p/${SLUG}/Invoices`);
      await page.getByRole("button", { name: "Log out" }).click();
      await page.waitForURL((url) => url.pathname === `/p/${SLUG}/login`);
      await expectText(page.getByTestId("signed-out"), "You have signed out.");
      const me = await api(page, "GET", "/api/me");
      expectEqual(me.status, 401, "status of GET /api/me after logging out");
    }, keep);
  });
}

if (isMain(import.meta.url)) {
  await runSuites([portalChecks], PORTAL_TIMEOUT_MS);
}
