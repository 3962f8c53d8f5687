// Invoice PDFs: a customer whose language is Portuguese (Brazil) opens an invoice and presses
// "Baixar PDF"; the file downloads, and its text, read back with Mozilla's pdf.js, holds the
// invoice's grand total as the page shows it, in the pt-BR number format (1.234,56). The
// customer's language is put back after. Staff download the PDF of an invoice they create with a
// subject in Chinese, Japanese, Korean and Portuguese, and pdf.js reads that subject back; the
// invoice is deleted after.
//
//   PORTAL_URL=... DEMO_PASSWORD=... DEMO_CUSTOMER_EMAIL=... node e2e/pdf.e2e.mjs
import { readFile } from "node:fs/promises";
import { getDocument } from "pdfjs-dist/legacy/build/pdf.mjs";
import { api, expectEqual, isMain, open, runSuites, skip, step, withBrowser } from "./lib.mjs";

export const PDF_TIMEOUT_MS = 45_000;
const password = process.env.DEMO_PASSWORD ?? "";
const customerEmail = process.env.DEMO_CUSTOMER_EMAIL ?? "";
const SLUG = process.env.DEMO_PORTAL_SLUG ?? "acme";
const ADMIN_EMAIL = process.env.DEMO_ADMIN_EMAIL ?? "admin@acme.example";
const CJK_SUBJECT = "王小明 株式会社 한국 João Ação";

const CHECKS = [
  "a customer in pt-BR downloads an invoice PDF whose text holds the grand total as 1.234,56",
  `staff download an invoice PDF whose subject "${CJK_SUBJECT}" reads back as written`,
];

/** The text of every page of the PDF in bytes, one item per line. */
async function pdfText(bytes) {
  const doc = await getDocument({ data: new Uint8Array(bytes), useSystemFonts: false, isEvalSupported: false }).promise;
  const pages = [];
  for (let n = 1; n <= doc.numPages; n++) {
    const content = await (await doc.getPage(n)).getTextContent();
    pages.push(content.items.map((item) => item.str).join("\n"));
  }
  await doc.destroy();
  return pages.join("\n");
}

export async function pdfChecks({ executablePath }) {
  if (!password || !customerEmail) {
    for (const name of CHECKS) skip(name, "DEMO_PASSWORD or DEMO_CUSTOMER_EMAIL is not set");
    return;
  }
  await withBrowser(executablePath, "pt-BR", async (page) => {
    await step(CHECKS[0], page, async () => {
      await open(page, `/p/${SLUG}/login`);
      await page.getByLabel("E-mail", { exact: true }).fill(customerEmail);
      await page.getByLabel("Senha", { exact: true }).fill(password);
      await page.getByRole("button", { name: "Entrar" }).click();
      await page.getByRole("navigation", { name: /Portal tabs|Abas|Pestañas/ }).waitFor();
      const before = (await api(page, "GET", "/api/me")).body.preferences;
      try {
        expectEqual((await api(page, "PATCH", "/api/me/preferences", { ...before, language: "pt-BR" })).status, 200, "saving pt-BR");
        // An invoice with a grand total: the list's first row that shows one.
        const list = (await api(page, "GET", "/api/records/Invoices?limit=50&lang=pt-BR")).body;
        const invoice = list.items.find((item) => Number(item.fields.Grand_Total) >= 1000) ?? list.items.find((item) => item.fields.Grand_Total !== undefined);
        if (!invoice) throw new Error("the demo customer sees no invoice with a grand total");
        await open(page, `/p/${SLUG}/Invoices/${invoice.id}`);
        const button = page.getByRole("button", { name: "Baixar PDF" });
        await button.waitFor();
        const [file] = await Promise.all([page.waitForEvent("download", { timeout: 15_000 }), button.click()]);
        if (!file.suggestedFilename().endsWith(".pdf")) throw new Error(`downloaded ${file.suggestedFilename()}, not a .pdf`);
        const text = await pdfText(await readFile(await file.path()));
        const total = new Intl.NumberFormat("pt-BR", { minimumFractionDigits: 2, maximumFractionDigits: 2 }).format(Number(invoice.fields.Grand_Total));
        for (const want of ["Fatura", "Total geral", total]) {
          if (!text.includes(want)) throw new Error(`the PDF's text lacks "${want}":\n${text.slice(0, 800)}`);
        }
        if (!/\d,\d{2}\b/.test(total)) throw new Error(`the total ${total} is not in the pt-BR format`);
      } finally {
        await api(page, "PATCH", "/api/me/preferences", before);
      }
    });
  });
  await withBrowser(executablePath, "en-US", async (admin) => {
    await step(CHECKS[1], admin, async () => {
      await open(admin, "/admin/login");
      await admin.getByLabel("Email", { exact: true }).fill(ADMIN_EMAIL);
      await admin.getByLabel("Password", { exact: true }).fill(password);
      await admin.getByRole("button", { name: "Sign in" }).click();
      await admin.getByRole("heading", { level: 1, name: "Overview" }).waitFor();
      const created = await api(admin, "POST", "/api/admin/records/Invoices", { fields: { Subject: CJK_SUBJECT, Grand_Total: 12.5 } });
      expectEqual(created.status, 201, "status of the invoice's creation");
      try {
        const link = await api(admin, "GET", `/api/admin/records/Invoices/${created.body.id}/pdf?lang=en`);
        expectEqual(link.status, 200, "status of the PDF link");
        const file = await admin.request.get(link.body.url);
        expectEqual(file.status(), 200, "status of the PDF download");
        const text = await pdfText(await file.body());
        if (!text.includes(CJK_SUBJECT)) throw new Error(`the PDF's text lacks "${CJK_SUBJECT}":\n${text.slice(0, 800)}`);
      } finally {
        await api(admin, "DELETE", `/api/admin/records/Invoices/${created.body.id}`);
      }
    });
  });
}

if (isMain(import.meta.url)) {
  await runSuites([pdfChecks], PDF_TIMEOUT_MS);
}
