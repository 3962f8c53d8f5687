// The seed's story walked page by page, in Portuguese and English, at a desktop's
// width (1,366 px) and a phone's (375 px): the seeded customer's login and forgot
// pages, the home, each tab's list (table and cards), a record of each kind (an
// invoice with line items, a case with notes and a file, their own contact), the
// new-record and edit forms and the preferences. On every page: no sideways scroll
// at 375 px (and a list's first record on the first screen), each number and amount on one line, the header's links under
// /p/{slug}, no axe-core violation, and on Portuguese pages no English text the API
// answered in a problem (the login, reset and record-form error paths are walked).
// An invoice the staff admin issues the customer once (its amounts at the API's bounds: a
// 15-digit quantity, a 14-digit grand total) is walked too, and must head the invoice list.
// A screenshot of each page goes to test-results/walk/ for a person to look at.
//
//   PORTAL_URL=... DEMO_PASSWORD=... DEMO_CUSTOMER_EMAIL=... SES_URL=... node e2e/walk.e2e.mjs
import { mkdir } from "node:fs/promises";
import { join } from "node:path";
import { request } from "playwright-core";
import { expectNoAxeViolations } from "./a11y.mjs";
import {
  CSRF,
  LANGUAGE_STORAGE_KEY,
  baseUrl,
  expectEqual,
  expectNoSideScroll,
  expectOneLine,
  isMain,
  mailsTo,
  open,
  resultsDir,
  runSuites,
  sesUrl,
  skip,
  step,
  waitUntil,
  withBrowser,
} from "./lib.mjs";

export const WALK_TIMEOUT_MS = 240_000;
const ADMIN_EMAIL = process.env.DEMO_ADMIN_EMAIL ?? "admin@acme.example";
const password = process.env.DEMO_PASSWORD ?? "";
const customerEmail = process.env.DEMO_CUSTOMER_EMAIL ?? "";
const SLUG = process.env.DEMO_PORTAL_SLUG ?? "acme";
const shotsDir = join(resultsDir, "walk");

const WIDTHS = [
  { width: 1366, height: 800 },
  { width: 375, height: 812 },
];

/** The words the walk finds the controls by, in each language it walks. */
const LANGUAGES = [
  {
    language: "pt-BR",
    locale: "pt-BR",
    email: "E-mail",
    password: "Senha",
    logIn: "Entrar",
    forgotSubmit: "Enviar o link",
    forgotSent: "um link está a caminho",
    newPassword: "Escolha uma senha",
    confirmPassword: "Repita a senha",
    resetSubmit: "Definir a nova senha",
    phone: "Telefone",
    tabs: "Abas do portal",
  },
  {
    language: "en",
    locale: "en-US",
    email: "Email",
    password: "Password",
    logIn: "Log in",
    forgotSubmit: "Send the link",
    forgotSent: "a link is on its way",
    newPassword: "Choose a password",
    confirmPassword: "Repeat the password",
    resetSubmit: "Set the new password",
    phone: "Phone",
    tabs: "Portal tabs",
  },
];

const run = Date.now().toString(36);
// A long subject with an unbreakable run (an NF-e access key of 44 digits): it must not widen the page.
const SUBJECT = `Cobrança em duplicidade da nota fiscal de novembro, referência NF-e 35191112345678000199550010000012341000012345, pedido de estorno do segundo boleto pago por engano (${run})`.slice(0, 200);
const PDF = Buffer.from(`%PDF-1.4\n% walk ${run}\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n`);
// The invoice with the largest amounts the API takes: a quantity is a number below 1e15 (15
// digits) and every currency value, a line's total included, is at most 1e13 (14 digits), so
// the lines add up to a grand total of exactly 10000000000000.00. Found by its fixed subject on
// a second run against the same portal.
const LARGE_INVOICE_SUBJECT = "Fatura de valores no limite: quantidade de 15 dígitos, total de 14";
const LARGE_INVOICE_LINES = [
  { Quantity: 1, Unit_Price: "5000000000000.00" },
  { Quantity: 499999999999999, Unit_Price: "0.01" },
  { Quantity: 1, Unit_Price: "0.01" },
];
const LARGE_INVOICE_TOTAL = "10000000000000.00";
// On the common-password list and long enough to pass the form's length rule: only the API refuses it.
const COMMON_PASSWORD = "1qaz2wsx3edc";

async function api(page, method, path, data, headers = {}) {
  const response = await page.request.fetch(`${baseUrl}${path}`, { method, data, headers: { ...CSRF, ...headers } });
  const body = response.status() === 204 ? undefined : await response.json().catch(() => undefined);
  if (!response.ok()) throw new Error(`${method} ${path}: ${response.status()} ${JSON.stringify(body)}`);
  return body;
}

/**
 * Records the English texts of every problem the API answers the page with
 * (`title`, `detail` and each `errors[].message`), for the check that none reaches a
 * Portuguese page. `settle()` waits for the answers still being read.
 */
function recordProblems(page) {
  const texts = new Set();
  const reading = new Set();
  page.on("response", (response) => {
    if (!(response.headers()["content-type"] ?? "").includes("application/problem+json")) return;
    const read = response
      .json()
      .then((problem) => {
        for (const text of [problem?.title, problem?.detail, ...(problem?.errors ?? []).map((e) => e?.message)]) {
          if (typeof text === "string" && text.trim()) texts.add(text.trim());
        }
      })
      .catch(() => {})
      .finally(() => reading.delete(read));
    reading.add(read);
  });
  return {
    texts,
    settle: () => Promise.all([...reading]),
  };
}

/**
 * The checks of one page as it is now; each failure is collected so that one
 * broken rule does not hide another. The screenshot is written first.
 */
async function checkPage(page, ctx, name) {
  const label = `${name} (${ctx.language}, ${ctx.width} px)`;
  await mkdir(shotsDir, { recursive: true });
  await page.screenshot({ path: join(shotsDir, `${ctx.language}-${ctx.width}-${name}.png`), fullPage: true, timeout: 10_000 });
  const failures = [];
  const attempt = async (check) => {
    try {
      await check();
    } catch (error) {
      failures.push(String(error?.message ?? error));
    }
  };
  if (ctx.width < 400) {
    await attempt(() => expectNoSideScroll(page, label));
    if (name.startsWith("list-")) {
      await attempt(async () => {
        const first = page.locator('[data-testid="portal-row"], [data-testid="portal-card"]').first();
        if ((await first.count()) === 0) return;
        const box = await first.boundingBox();
        if (!box || box.y >= ctx.height) throw new Error(`the first record of ${label} is below the first screen (top ${box?.y})`);
      });
    }
  }
  await attempt(async () => {
    const cells = page.locator("main .numeric, main .value-number").filter({ hasText: /\S/ });
    if ((await cells.count()) > 0) await expectOneLine(cells, `on ${label}, the number`);
  });
  await attempt(async () => {
    const brand = await page.getByTestId("portal-home-link").getAttribute("href");
    const links = await page
      .getByRole("banner")
      .getByRole("link")
      .evaluateAll((all) => all.map((link) => link.getAttribute("href") ?? ""));
    const outside = [brand, ...links].filter((href) => href !== `/p/${SLUG}` && !href?.startsWith(`/p/${SLUG}/`));
    if (outside.length > 0) throw new Error(`header links of ${label} leave the portal: ${outside.join(", ")}`);
  });
  if (ctx.language === "pt-BR") {
    await attempt(async () => {
      await ctx.problems.settle();
      const shown = (await page.evaluate(() => globalThis.document.body.innerText)).toLowerCase();
      const english = [...ctx.problems.texts].filter((text) => shown.includes(text.toLowerCase()));
      if (english.length > 0) throw new Error(`${label} shows the API's English text: ${english.map((t) => `"${t}"`).join(", ")}`);
    });
  }
  await attempt(() => expectNoAxeViolations(page, label));
  if (failures.length > 0) throw new Error(failures.join("\n"));
}

/** Opens a portal page and waits for its content: `ready` is a locator or a function returning one. */
async function visit(page, path, ready) {
  await open(page, path);
  await (typeof ready === "function" ? ready() : ready).first().waitFor({ timeout: 10_000 });
}

async function logIn(page, words, secret) {
  await page.getByLabel(words.email, { exact: true }).fill(customerEmail);
  await page.getByLabel(words.password, { exact: true }).fill(secret);
  await page.getByRole("button", { name: words.logIn, exact: true }).click();
}

/** A case of the customer's with a long subject, a note and a PDF, made through the API. */
async function makeCase(page) {
  const created = await api(page, "POST", "/api/records/Cases", {
    fields: { Subject: SUBJECT, Priority: "High", Description: "O boleto de novembro veio duas vezes; só um foi pago." },
  });
  await api(page, "POST", `/api/records/Cases/${created.id}/notes`, { body: "Segue o comprovante do pagamento do primeiro boleto." });
  const declared = await api(page, "POST", `/api/records/Cases/${created.id}/attachments`, {
    filename: "comprovante.pdf",
    contentType: "application/pdf",
    size: PDF.length,
  });
  const stored = await page.request.post(declared.upload.url, {
    multipart: { ...declared.upload.fields, file: { name: "comprovante.pdf", mimeType: "application/pdf", buffer: PDF } },
  });
  if (!stored.ok()) throw new Error(`the file upload: ${stored.status()} ${await stored.text()}`);
  await api(page, "POST", `/api/records/Cases/${created.id}/attachments/${declared.attachment.id}/complete`);
  return created.id;
}

/**
 * A request context signed in as the staff admin, and `call(method, path, data, headers)`
 * that answers the JSON body or throws naming the request and the answer.
 */
async function staffSession() {
  const staff = await request.newContext({ baseURL: baseUrl, extraHTTPHeaders: CSRF });
  const call = async (method, path, data, headers = {}) => {
    const response = await staff.fetch(path, { method, data, headers });
    const body = await response.json().catch(() => undefined);
    if (!response.ok()) throw new Error(`${method} ${path}: ${response.status()} ${JSON.stringify(body)}`);
    return body;
  };
  try {
    await call("POST", "/api/admin/login", { email: ADMIN_EMAIL, password });
  } catch (error) {
    await staff.dispose();
    throw error;
  }
  return { staff, call };
}

/**
 * The staff admin issues the seeded customer (their contact and its account) an invoice of
 * the largest amounts the API takes, unless an earlier run did; answers its id.
 */
async function largeInvoice() {
  const { staff, call } = await staffSession();
  // The first record a filtered list finds: a filtered page may be empty and still have a next one.
  const first = async (path) => {
    let cursor = "";
    do {
      const page = await call("GET", `${path}&limit=100${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ""}`);
      if (page.items[0]) return page.items[0];
      cursor = page.nextCursor ?? "";
    } while (cursor);
    return undefined;
  };
  try {
    const contact = await first(`/api/admin/records/Contacts?filter.Email=${encodeURIComponent(customerEmail)}`);
    if (!contact) throw new Error(`no contact with the email ${customerEmail}`);
    const found = await first(
      `/api/admin/records/Invoices?filter.Contact_Name=${contact.id}&filter.Subject=${encodeURIComponent(LARGE_INVOICE_SUBJECT)}`,
    );
    if (found) return found.id;
    const product = (await call("GET", "/api/admin/records/Products?limit=1")).items[0];
    if (!product) throw new Error("the seed has no product for a line item");
    const day = (offset) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
    const created = await call("POST", "/api/admin/records/Invoices", {
      fields: {
        Subject: LARGE_INVOICE_SUBJECT,
        Status: "Sent",
        Invoice_Date: day(0),
        Due_Date: day(30),
        Contact_Name: contact.id,
        ...(contact.fields.Account_Name?.id ? { Account_Name: contact.fields.Account_Name.id } : {}),
        Product_Details: LARGE_INVOICE_LINES.map((line) => ({ Product: product.id, ...line })),
        Grand_Total: LARGE_INVOICE_TOTAL,
      },
    });
    // The API computes each line's total: the last line's 0.01 brings the sum to the bound.
    const totals = created.fields.Product_Details.map((line) => line.Total);
    expectEqual(JSON.stringify(totals), JSON.stringify(["5000000000000.00", "4999999999999.99", "0.01"]), "the line totals");
    expectEqual(created.fields.Grand_Total, LARGE_INVOICE_TOTAL, "the grand total");
    return created.id;
  } finally {
    await staff.dispose();
  }
}

/**
 * The staff admin gives the portal a logo when it has none (drawn by the
 * browser, so the walk's screenshots show one) and invites a seeded contact;
 * the invitation in the local inbox shows the logo, the brand colour and a
 * button to the accept link.
 */
async function brandedInvitation(page) {
  const { staff, call } = await staffSession();
  try {
    const portal = await call("GET", "/api/admin/portal");
    const brand = portal.branding?.primaryColor;
    if (!brand) throw new Error("the seeded portal has no brand colour");
    if (!portal.branding.logoKey) {
      // A mark (the name's initial on the brand colour) rather than the name, which the header shows beside it.
      await page.setContent(
        `<div id="logo" style="display:inline-block;width:64px;border-radius:14px;text-align:center;background:${brand};color:#fff;font:bold 40px/64px sans-serif">${portal.name.slice(0, 1)}</div>`,
      );
      const png = await page.locator("#logo").screenshot();
      const form = await call("POST", "/api/admin/portal/logo", { contentType: "image/png" });
      const stored = await staff.post(form.url, {
        multipart: { ...form.fields, file: { name: "logo.png", mimeType: "image/png", buffer: png } },
      });
      if (!stored.ok()) throw new Error(`the logo upload: ${stored.status()} ${await stored.text()}`);
      await call("PATCH", "/api/admin/portal", { branding: { ...portal.branding, logoKey: form.key } }, { "If-Match": String(portal.version) });
    }
    const contacts = (await call("GET", "/api/admin/records/Contacts?sort=Last_Name&limit=100")).items;
    // Seeded contacts from the middle of the list: the other suites invite its ends.
    const candidates = contacts.filter(
      (c) => typeof c.fields.Email === "string" && !c.fields.Email.startsWith("e2e.") && c.fields.Email !== customerEmail,
    );
    const types = (await call("GET", "/api/admin/user-types")).items;
    let email = "";
    let before = 0;
    for (const contact of candidates.slice(Math.floor(candidates.length / 2)).slice(0, 5)) {
      before = (await mailsTo(contact.fields.Email)).length;
      const sent = await staff.post(`/api/admin/records/Contacts/${contact.id}/invitation`, { data: { userTypeId: types[0].id } });
      if (sent.ok()) {
        email = contact.fields.Email;
        // 200: the same invitation, sent moments ago (a rerun): its email is the newest.
        if (sent.status() === 200) before = Math.max(before - 1, 0);
        break;
      }
      // 409: already a portal user; another contact will do.
      if (sent.status() !== 409) throw new Error(`invitation: ${sent.status()} ${await sent.text()}`);
    }
    if (!email) throw new Error("no seeded contact to invite");
    const mail = await waitUntil(async () => (await mailsTo(email)).slice(before).at(-1), `the invitation to ${email}`, 15_000);
    const html = mail.body?.html ?? "";
    const failures = [];
    if (!new RegExp(`<img[^>]+src="${baseUrl.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}/api/p/${SLUG}/logo`).test(html)) {
      failures.push(`no <img> of ${baseUrl}/api/p/${SLUG}/logo`);
    }
    if (!html.toLowerCase().includes(brand.toLowerCase())) failures.push(`no brand colour ${brand}`);
    const button = new RegExp(`bgcolor="${brand}"[^]*?<a [^>]*href="[^"]*/p/${SLUG}/invite/[A-Za-z0-9_-]{43}"`, "i");
    if (!button.test(html)) failures.push("no button (a link on the brand colour) to the accept link");
    if (failures.length > 0) throw new Error(`the invitation email "${mail.subject}": ${failures.join("; ")}`);
  } finally {
    await staff.dispose();
  }
}

/** The signed-out pages at both widths, and in Portuguese the login's and the reset's error paths. */
async function signedOut(page, words, ctxOf) {
  for (const size of WIDTHS) {
    await page.setViewportSize(size);
    const ctx = ctxOf(size.width);
    await step(`walk ${words.language} ${size.width} px: login`, page, async () => {
      await visit(page, `/p/${SLUG}/login`, page.getByLabel(words.password, { exact: true }));
      await checkPage(page, ctx, "login");
    }, { keepStorage: true });
    await step(`walk ${words.language} ${size.width} px: forgot password`, page, async () => {
      await visit(page, `/p/${SLUG}/forgot`, page.getByLabel(words.email, { exact: true }));
      await checkPage(page, ctx, "forgot");
    }, { keepStorage: true });
  }
  if (words.language !== "pt-BR") return;
  await page.setViewportSize(WIDTHS[0]);
  const ctx = ctxOf(WIDTHS[0].width);
  await step(`walk ${words.language}: a wrong password is refused in Portuguese`, page, async () => {
    await visit(page, `/p/${SLUG}/login`, page.getByLabel(words.password, { exact: true }));
    const refused = page.waitForResponse((r) => r.url().endsWith(`/api/p/${SLUG}/login`) && r.status() === 401);
    await logIn(page, words, `not the password ${run}`);
    await refused;
    await page.getByRole("alert").first().waitFor();
    await checkPage(page, ctx, "login-error");
  }, { keepStorage: true });
  await step(`walk ${words.language}: a reset's refused passwords are told in Portuguese`, page, async () => {
    if (!sesUrl) throw new Error("SES_URL is not set: no inbox to read the reset link from");
    const before = (await mailsTo(customerEmail)).length;
    await visit(page, `/p/${SLUG}/forgot`, page.getByLabel(words.email, { exact: true }));
    await page.getByLabel(words.email, { exact: true }).fill(customerEmail);
    await page.getByRole("button", { name: words.forgotSubmit, exact: true }).click();
    await page.getByText(words.forgotSent).waitFor();
    const link = await waitUntil(async () => {
      const mails = (await mailsTo(customerEmail)).slice(before);
      for (const mail of mails) {
        const found = (mail.body?.text ?? "").match(new RegExp(`/p/${SLUG}/reset/[A-Za-z0-9_-]{43}`));
        if (found) return found[0];
      }
      return undefined;
    }, "the reset email in the inbox", 15_000);
    await visit(page, link, page.getByLabel(words.newPassword, { exact: false }));
    // Both refusals are walked even when the first page fails its checks.
    const failures = [];
    for (const [name, refusedPassword] of [["reset-common", COMMON_PASSWORD], ["reset-email", customerEmail]]) {
      await page.getByLabel(words.newPassword, { exact: false }).fill(refusedPassword);
      await page.getByLabel(words.confirmPassword, { exact: false }).fill(refusedPassword);
      const refused = page.waitForResponse((r) => r.url().includes("/api/password-reset/") && r.request().method() === "POST");
      await page.getByRole("button", { name: words.resetSubmit, exact: true }).click();
      expectEqual((await refused).status(), 422, `status of setting the password ${refusedPassword}`);
      // The button reads its own label again once the answer is shown.
      await page.getByRole("button", { name: words.resetSubmit, exact: true }).waitFor();
      await page.locator('main [aria-invalid="true"], main [role="alert"]').first().waitFor();
      await checkPage(page, ctx, name).catch((error) => failures.push(error.message));
    }
    if (failures.length > 0) throw new Error(failures.join("\n"));
  }, { keepStorage: true });
}

/** Every page kind of the signed-in customer, at both widths. */
async function signedIn(page, words, ctxOf, ids) {
  const tabs = (await api(page, "GET", "/api/me/tabs")).tabs;
  const lists = [];
  for (const tab of tabs) {
    const items = (await api(page, "GET", `/api/records/${tab.module}?limit=5`)).items;
    // A seeded invoice besides the large one, which has a page of its own.
    const first = items.find((item) => item.id !== ids.invoiceId);
    lists.push({ tab, first });
  }
  const invoice = lists.find((l) => l.tab.module === "Invoices")?.first;
  const contact = lists.find((l) => l.tab.module === "Contacts")?.first;
  const nav = () => page.getByRole("navigation", { name: words.tabs });
  const pages = [["home", `/p/${SLUG}`, () => page.locator("main h1")]];
  for (const { tab, first } of lists) {
    const ready = first
      ? () => page.locator('[data-testid="portal-row"], [data-testid="portal-card"]')
      : () => page.getByTestId("portal-empty");
    pages.push([`list-${tab.module}`, `/p/${SLUG}/${tab.module}`, ready]);
  }
  if (invoice) pages.push(["invoice", `/p/${SLUG}/Invoices/${invoice.id}`, () => page.getByTestId("portal-line-items")]);
  if (ids.invoiceId) pages.push(["invoice-large", `/p/${SLUG}/Invoices/${ids.invoiceId}`, () => page.getByTestId("portal-line-items")]);
  pages.push(["case", `/p/${SLUG}/Cases/${ids.caseId}`, () => page.getByTestId("attachment")]);
  if (contact) pages.push(["contact", `/p/${SLUG}/Contacts/${contact.id}`, () => page.getByTestId("portal-record-section")]);
  pages.push(
    ["case-new", `/p/${SLUG}/Cases/new`, () => page.locator("main form")],
    ["case-edit", `/p/${SLUG}/Cases/${ids.caseId}/edit`, () => page.locator("main form")],
  );
  if (contact) pages.push(["contact-edit", `/p/${SLUG}/Contacts/${contact.id}/edit`, () => page.getByLabel(words.phone, { exact: true })]);
  pages.push(["preferences", `/p/${SLUG}/welcome`, () => page.locator("main form")]);

  for (const size of WIDTHS) {
    await page.setViewportSize(size);
    const ctx = ctxOf(size.width);
    for (const [name, path, ready] of pages) {
      await step(`walk ${words.language} ${size.width} px: ${name}`, page, async () => {
        await visit(page, path, ready);
        await nav().waitFor();
        if (name === "case") await page.getByTestId("note").first().waitFor();
        // The large invoice is the newest: the first page of the list shows it.
        const missing =
          name === "list-Invoices" && ids.invoiceId
            ? (await page
                .locator('[data-testid="portal-row"], [data-testid="portal-card"]')
                .filter({ hasText: LARGE_INVOICE_SUBJECT })
                .count()) === 0
            : false;
        await checkPage(page, ctx, name);
        if (missing) throw new Error(`the invoice list does not show "${LARGE_INVOICE_SUBJECT}"`);
      }, { keepStorage: true });
    }
  }

  if (words.language !== "pt-BR" || !contact) return;
  await page.setViewportSize(WIDTHS[1]);
  const ctx = ctxOf(WIDTHS[1].width);
  await step(`walk ${words.language}: a field the API refuses is told in Portuguese`, page, async () => {
    // The form takes any text as a phone; the API's rule refuses it with a field error.
    await visit(page, `/p/${SLUG}/Contacts/${contact.id}/edit`, page.getByLabel(words.phone, { exact: true }));
    await page.getByLabel(words.phone, { exact: true }).fill("não é um telefone");
    const refused = page.waitForResponse((r) => r.url().includes(`/api/records/Contacts/${contact.id}`) && r.status() === 422);
    await page.locator("main form button[type=submit]").click();
    await refused;
    await page.getByTestId("form-errors").or(page.locator("main [aria-invalid=true]")).first().waitFor();
    await checkPage(page, ctx, "contact-edit-error");
  }, { keepStorage: true });
}

/** The walk: one browser and one login per language, both widths in each. */
export async function walkChecks({ executablePath }) {
  if (!password || !customerEmail) {
    skip("walk of every portal page in pt-BR and English at 1,366 and 375 px", "DEMO_PASSWORD or DEMO_CUSTOMER_EMAIL is not set");
    return;
  }
  const ids = { caseId: "", invoiceId: "" };
  for (const words of LANGUAGES) {
    await withBrowser(executablePath, words.locale, async (page) => {
      if (words === LANGUAGES[0]) {
        await step("walk: the invitation email in the local inbox has the logo, the brand colour and a button", page, async () => {
          if (!sesUrl) throw new Error("SES_URL is not set: no inbox to read the invitation from");
          await brandedInvitation(page);
        }, { keepStorage: true });
        await step("walk: the staff admin issues the customer an invoice of 15-digit amounts", page, async () => {
          ids.invoiceId = await largeInvoice();
        }, { keepStorage: true });
      }
      const problems = recordProblems(page);
      const ctxOf = (width) => ({ ...WIDTHS.find((size) => size.width === width), language: words.language, problems });
      await open(page, `/p/${SLUG}/login`);
      await page.evaluate(([key, value]) => localStorage.setItem(key, value), [LANGUAGE_STORAGE_KEY, words.language]);
      await signedOut(page, words, ctxOf);

      let saved;
      await step(`walk ${words.language}: the customer logs in`, page, async () => {
        await page.setViewportSize(WIDTHS[0]);
        await visit(page, `/p/${SLUG}/login`, page.getByLabel(words.password, { exact: true }));
        await logIn(page, words, password);
        // The portal speaks the customer's saved language, whichever the walk is in.
        const anyTabs = new RegExp(LANGUAGES.map((l) => l.tabs).join("|"));
        await page.getByRole("navigation", { name: anyTabs }).waitFor({ timeout: 10_000 });
        const me = await api(page, "GET", "/api/me");
        saved = me.preferences;
        if (saved.language !== words.language) {
          await api(page, "PATCH", "/api/me/preferences", { ...saved, language: words.language });
          await page.reload({ waitUntil: "domcontentloaded" });
        }
        await page.getByRole("navigation", { name: words.tabs }).waitFor({ timeout: 10_000 });
        expectEqual((await api(page, "GET", "/api/me")).preferences.language, words.language, "the customer's language");
        ids.caseId ||= await makeCase(page);
      }, { keepStorage: true });
      if (!saved || !ids.caseId) return;
      try {
        await signedIn(page, words, ctxOf, ids);
      } finally {
        // The customer's own choice of language, as other suites found it.
        if (saved.language !== words.language) await api(page, "PATCH", "/api/me/preferences", saved).catch(() => {});
      }
    });
  }
  console.log(`  walk screenshots: ${shotsDir}`);
}

if (isMain(import.meta.url)) {
  await runSuites([walkChecks], WALK_TIMEOUT_MS);
}
