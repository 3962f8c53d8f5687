// End-to-end checks of the staff console against a running portal with the
// seeded demo organization (`portalctl seed demo`): sign in as the demo
// admin, browse, edit and create Contacts, import 10,000 CSV rows, and set
// up the customer portal (address, user types, a tab permission, licenses).
//
//   PORTAL_URL=http://127.0.0.1:34567 DEMO_PASSWORD=... node e2e/console.e2e.mjs
//
// Without DEMO_PASSWORD every check is reported as skipped.
import { expectNoAxeViolations } from "./a11y.mjs";
import {
  expectEqual,
  expectText,
  isMain,
  open,
  runSuites,
  skip,
  step,
  waitUntil,
  withBrowser,
} from "./lib.mjs";

// A guard against a hang, not a speed check: a busy machine runs the 10,000-row import slowly.
export const CONSOLE_TIMEOUT_MS = 600_000;
// The import fails the check when its progress stands still this long (not for its total time).
const IMPORT_STALL_MS = 120_000;
const IMPORT_ROWS = 10_000;
const ADMIN_EMAIL = process.env.DEMO_ADMIN_EMAIL ?? "admin@acme.example";
const password = process.env.DEMO_PASSWORD ?? "";

const CHECKS = [
  "staff admin signs in (English)",
  "overview lists the modules and the service status",
  "Contacts list shows records and pages",
  "a Contact opens with its sections",
  "editing a Contact saves the new value",
  "creating a Contact opens the new record",
  `importing ${IMPORT_ROWS.toLocaleString("en")} CSV rows into Contacts reaches 100%`,
  "portal setup shows the address /p/acme (configuring it when needed)",
  "user types list Clientes and Fornecedores with their capacities",
  "a permission of Clientes' tab saves and stays saved",
  "hiding a list column of Clientes is flagged at once; its fix and Save say Saved next to Save",
  "Preview as Clientes, then Fornecedores, opens their read-only portals; its log out keeps the console signed in",
  "licenses show 10 of 25 allocated",
  "signing out returns to the sign-in page",
  "console in Portuguese (pt-BR browser)",
  "a record's files: one uploaded shared with the customer, one internal, each marked",
  "the API page, linked from API tokens, renders the published reference",
];
const FILES_CHECK = CHECKS[CHECKS.length - 2];
const API_CHECK = CHECKS[CHECKS.length - 1];
const [
  PORTAL_CHECK,
  USER_TYPES_CHECK,
  PERMISSION_CHECK,
  FLAG_CHECK,
  PREVIEW_CHECK,
  LICENSES_CHECK,
  SIGN_OUT_CHECK,
  PORTUGUESE_CHECK,
] = CHECKS.slice(7);
const PORTAL_SLUG = process.env.DEMO_PORTAL_SLUG ?? "acme";

/** A CSV of `rows` new contacts with external ids unique to this run. */
function contactsCsv(rows, run) {
  const lines = ["First Name,Last Name,Email,External Id"];
  for (let i = 1; i <= rows; i++) {
    lines.push(`Pessoa ${i},E2E ${run},e2e.${run}.${i}@cliente.example,e2e-${run}-${i}`);
  }
  return `${lines.join("\n")}\n`;
}

async function signIn(page, labels) {
  await open(page, "/admin/login");
  await page.getByLabel(labels.email, { exact: true }).fill(ADMIN_EMAIL);
  await page.getByLabel(labels.password, { exact: true }).fill(password);
  await page.getByRole("button", { name: labels.submit }).click();
  await page.getByRole("heading", { level: 1, name: labels.overview }).waitFor();
}

/** Picks a user type in the Preview control and returns the portal page it opens. */
async function openPreview(page, userType) {
  await page.getByLabel("Portal user type", { exact: true }).selectOption({ label: userType });
  const [preview] = await Promise.all([
    page.context().waitForEvent("page"),
    page.getByRole("button", { name: "Preview", exact: true }).click(),
  ]);
  await preview.waitForLoadState();
  await expectText(preview.getByTestId("preview-banner"), `Preview as ${userType} — read-only`);
  return preview;
}

/** Sign-in, Contacts, a record, edit, create, CSV import, sign-out; then a Portuguese pass. */
export async function consoleChecks({ executablePath }) {
  if (!password) {
    for (const name of CHECKS) skip(name, "DEMO_PASSWORD is not set");
    return;
  }
  const run = Date.now().toString(36);

  await withBrowser(executablePath, "en-US", async (page) => {
    const keep = { keepStorage: true };

    await step(CHECKS[0], page, async () => {
      await signIn(page, {
        email: "Email",
        password: "Password",
        submit: "Sign in",
        overview: "Overview",
      });
      const user = (await page.getByTestId("console-user").textContent())?.trim();
      if (!user) throw new Error("the header does not name the signed-in user");
    });

    await step(
      CHECKS[1],
      page,
      async () => {
        await page.getByRole("link", { name: "Contacts", exact: true }).waitFor();
        await page.getByRole("link", { name: "Invoices", exact: true }).waitFor();
        await expectText(page.getByTestId("health-status"), "OK");
        await expectNoAxeViolations(page, "console overview");
      },
      keep,
    );

    await step(
      CHECKS[2],
      page,
      async () => {
        await page.getByRole("link", { name: "Contacts", exact: true }).click();
        await page.getByRole("heading", { level: 1, name: "Contacts" }).waitFor();
        const rows = page.locator("table.records tbody tr");
        await rows.first().waitFor();
        const count = await rows.count();
        if (count < 1 || count > 25) throw new Error(`${count} rows on the first page`);
        await expectText(page.getByTestId("page-number"), "Page 1");
        const next = page.getByRole("button", { name: "Next" });
        if (await next.isEnabled()) {
          const first = await rows.first().textContent();
          await next.click();
          await expectText(page.getByTestId("page-number"), "Page 2");
          await waitUntil(
            async () => (await rows.first().textContent()) !== first,
            "page 2 shows other rows",
          );
          await page.getByRole("button", { name: "Previous" }).click();
          await expectText(page.getByTestId("page-number"), "Page 1");
        }
        await expectNoAxeViolations(page, "console records list");
      },
      keep,
    );

    let recordPath = "";
    await step(
      CHECKS[3],
      page,
      async () => {
        await page.locator("table.records tbody tr").first().locator("a").click();
        await page.getByRole("link", { name: "Edit" }).waitFor();
        await page.getByRole("heading", { level: 2, name: "Contact Information" }).waitFor();
        recordPath = new URL(page.url()).pathname;
        if (!/^\/admin\/records\/Contacts\/[^/]+$/.test(recordPath)) {
          throw new Error(`unexpected address ${recordPath}`);
        }
        await expectNoAxeViolations(page, "console record");
      },
      keep,
    );

    await step(
      CHECKS[4],
      page,
      async () => {
        if (!recordPath) throw new Error("no record was opened");
        await open(page, recordPath);
        await page.getByRole("link", { name: "Edit" }).click();
        const title = `E2E title ${run}`;
        const input = page.getByLabel("Title", { exact: true });
        await input.waitFor();
        await expectNoAxeViolations(page, "console record form");
        await input.fill(title);
        await page.getByRole("button", { name: "Save" }).click();
        await page.getByRole("link", { name: "Edit" }).waitFor();
        expectEqual(new URL(page.url()).pathname, recordPath, "address after saving");
        await expectText(page.locator('[data-field="Title"]'), title);
        // The change is stored: a fresh load shows it too.
        await page.reload({ waitUntil: "domcontentloaded" });
        await expectText(page.locator('[data-field="Title"]'), title);
      },
      keep,
    );

    await step(
      FILES_CHECK,
      page,
      async () => {
        if (!recordPath) throw new Error("no record was opened");
        await open(page, recordPath);
        const files = page.locator("section.attachments-panel");
        const share = files.getByLabel("Share with the customer");
        for (const [name, shared, buffer] of [
          [`contrato-${run}.pdf`, true, Buffer.from(`%PDF-1.4\n% e2e ${run}\ntrailer << >>\n%%EOF\n`)],
          [`margem-${run}.txt`, false, Buffer.from(`internal ${run}\n`)],
        ]) {
          await files.getByLabel("Choose a file", { exact: true }).setInputFiles({
            name,
            mimeType: name.endsWith(".pdf") ? "application/pdf" : "text/plain",
            buffer,
          });
          if (shared) await share.check();
          expectEqual(await share.isChecked(), shared, `the share box for ${name}`);
          await files.getByRole("button", { name: "Upload" }).click();
          await expectText(
            files.locator(".notice-good"),
            shared ? `${name} was uploaded and shared with the customer.` : `${name} was uploaded as an internal file.`,
          );
          const row = files.getByTestId("attachment").filter({ hasText: name });
          await row.waitFor();
          await row.getByTestId(shared ? "attachment-shared" : "attachment-internal").waitFor();
        }
        expectEqual(await share.isChecked(), false, "the share box after an upload");
        await expectNoAxeViolations(page, "console record attachments");
      },
      keep,
    );

    await step(
      CHECKS[5],
      page,
      async () => {
        await open(page, "/admin/records/Contacts");
        await page.getByRole("link", { name: "New Contact" }).click();
        await page.getByLabel("First Name", { exact: true }).fill("Nova");
        await page.getByLabel(/^Last Name/).fill(`Criada ${run}`);
        await page.getByLabel("Email", { exact: true }).fill(`nova.${run}@cliente.example`);
        await page.getByRole("button", { name: "Create" }).click();
        await page.getByRole("link", { name: "Edit" }).waitFor();
        await expectText(page.getByRole("heading", { level: 1 }), `Criada ${run}`);
        await expectText(page.locator('[data-field="Email"]'), `nova.${run}@cliente.example`);
      },
      keep,
    );

    await step(
      CHECKS[6],
      page,
      async () => {
        await open(page, "/admin/import/Contacts");
        await page.getByLabel("CSV file").setInputFiles({
          name: `contacts-${run}.csv`,
          mimeType: "text/csv",
          buffer: Buffer.from(contactsCsv(IMPORT_ROWS, run)),
        });
        expectEqual(
          await page.getByLabel("First Name", { exact: true }).inputValue(),
          "First_Name",
          "First Name column",
        );
        expectEqual(
          await page.getByLabel("Last Name", { exact: true }).inputValue(),
          "Last_Name",
          "Last Name column",
        );
        expectEqual(
          await page.getByLabel("Email", { exact: true }).inputValue(),
          "Email",
          "Email column",
        );
        await page.getByLabel("External id column").selectOption("External Id");
        await expectNoAxeViolations(page, "console import");
        await page.getByRole("button", { name: "Start import" }).click();
        const progress = page.getByRole("progressbar", { name: "Import progress" });
        const alert = page.getByRole("alert");
        const started = await waitUntil(
          async () => {
            if ((await progress.count()) > 0) return "started";
            if ((await alert.count()) > 0) return "refused";
            return false;
          },
          "the progress bar appears",
          15_000,
        );
        if (started === "refused") {
          throw new Error(
            `the import did not start: ${(await alert.first().textContent())?.trim()}`,
          );
        }
        // The import's speed is the machine's: on a busy one it is slow but moves. So the
        // wait fails only when the progress stands still for IMPORT_STALL_MS, or the import
        // fails, never for a total time.
        let last = "";
        let moved = Date.now();
        for (;;) {
          const value = await progress.getAttribute("value");
          const max = await progress.getAttribute("max");
          const now = `${value}/${max}`;
          if (now !== last) moved = Date.now();
          last = now;
          if (value !== null && max !== null && Number(max) > 0 && value === max) break;
          const status = await page.getByTestId("import-status").textContent();
          if (status?.includes("The import failed")) throw new Error(`the import failed at ${last}`);
          if (Date.now() - moved > IMPORT_STALL_MS) {
            throw new Error(`the progress bar stood at ${last} for ${IMPORT_STALL_MS / 1000} s`);
          }
          await new Promise((resolve) => setTimeout(resolve, 500));
        }
        expectEqual(last, `${IMPORT_ROWS}/${IMPORT_ROWS}`, "progress");
        await expectText(page.getByTestId("import-status"), "Import finished.");
        const counts = (await page.getByTestId("import-counts").textContent()) ?? "";
        if (counts.includes("failed")) throw new Error(`rows failed: ${counts}`);
      },
      keep,
    );

    await step(
      PORTAL_CHECK,
      page,
      async () => {
        await open(page, "/admin");
        await page
          .getByRole("navigation", { name: "Console sections" })
          .getByRole("link", { name: "Portal", exact: true })
          .click();
        await page.getByRole("heading", { level: 1, name: "Customer portal" }).waitFor();
        const address = page.getByTestId("portal-url");
        const start = page.getByRole("button", { name: "Start now" });
        const state = await waitUntil(async () => {
          if ((await address.count()) > 0) return "configured";
          if ((await start.count()) > 0) return "start";
          return false;
        }, "the portal's address or Start now");
        if (state === "start") {
          // Not configured yet: Start now, the company name, Configure now.
          await start.click();
          const name = page.getByLabel("Portal name", { exact: true });
          if (!(await name.inputValue()).trim()) throw new Error("no default portal name");
          await name.fill("Acme");
          await page.getByRole("button", { name: "Configure now" }).click();
          const taken = page.getByTestId("portal-taken");
          const outcome = await waitUntil(async () => {
            if ((await address.count()) > 0) return "created";
            if ((await taken.count()) > 0) return "taken";
            return false;
          }, "the portal is configured");
          if (outcome === "taken") {
            await taken.getByRole("button").click();
          }
          await expectText(page.getByTestId("portal-created"), "/p/");
        }
        const url = ((await address.textContent()) ?? "").trim();
        if (state === "configured" && !url.endsWith(`/p/${PORTAL_SLUG}`)) {
          throw new Error(`the portal's address is ${url}, not …/p/${PORTAL_SLUG}`);
        }
        if (!/^https?:\/\/[^/]+\/p\/[a-z0-9-]+$/.test(url)) {
          throw new Error(`unexpected portal address ${url}`);
        }
        await page.getByRole("button", { name: "Copy address" }).waitFor();
        await expectNoAxeViolations(page, "console portal setup");
      },
      keep,
    );

    await step(
      USER_TYPES_CHECK,
      page,
      async () => {
        await open(page, "/admin/portal");
        await page.getByRole("link", { name: "Next: user types" }).click();
        await page.getByRole("heading", { level: 1, name: "Portal user types" }).waitFor();
        const rows = page.locator("table.user-types tbody tr");
        const clientes = rows.filter({
          has: page.getByRole("link", { name: "Clientes", exact: true }),
        });
        const fornecedores = rows.filter({
          has: page.getByRole("link", { name: "Fornecedores", exact: true }),
        });
        await expectText(clientes, "Free");
        await expectText(clientes, "Contacts");
        const free = (await clientes.locator(".usage-text").textContent()) ?? "";
        if (!/^\d[\d,]* of [1-9][\d,]*$/.test(free.trim())) {
          throw new Error(`Clientes shows "${free}" instead of users of its capacity`);
        }
        await expectText(fornecedores, "Licensed");
        const licensed = (await fornecedores.locator(".usage-text").textContent()) ?? "";
        if (!/^\d+ of 10$/.test(licensed.trim())) {
          throw new Error(`Fornecedores shows "${licensed}" instead of users of its 10 seats`);
        }
        await page.getByRole("meter", { name: "Users of Fornecedores" }).waitFor();
        await expectText(page.getByTestId("user-type-limits"), " user types");
        await expectNoAxeViolations(page, "console user types");
      },
      keep,
    );

    await step(
      PERMISSION_CHECK,
      page,
      async () => {
        await open(page, "/admin/portal/user-types");
        await page.getByRole("link", { name: "Clientes", exact: true }).click();
        await page.getByRole("heading", { level: 1, name: "User type: Clientes" }).waitFor();
        await page.getByRole("heading", { level: 2, name: "Tab: Contacts" }).waitFor();
        const editorPath = new URL(page.url()).pathname;
        await expectNoAxeViolations(page, "console user type editor");
        const edit = () => page.getByRole("checkbox", { name: "Edit", exact: true });
        const saved = page.getByTestId("user-type-saved");
        const before = await edit().isChecked();
        // Toggle, save, check it after a reload; then put it back the same way.
        for (const wanted of [!before, before]) {
          await edit().setChecked(wanted);
          await page.getByRole("button", { name: "Save", exact: true }).click();
          await waitUntil(async () => {
            const errors = page.getByTestId("user-type-errors");
            if ((await errors.count()) > 0) {
              throw new Error(`the save was refused: ${(await errors.textContent())?.trim()}`);
            }
            return (await saved.isVisible()) && (await edit().isChecked()) === wanted;
          }, "the user type is saved");
          await open(page, editorPath);
          await page.getByRole("heading", { level: 2, name: "Tab: Contacts" }).waitFor();
          expectEqual(await edit().isChecked(), wanted, "Edit after reloading");
        }
      },
      keep,
    );

    await step(
      FLAG_CHECK,
      page,
      async () => {
        await open(page, "/admin/portal/user-types");
        await page.getByRole("link", { name: "Clientes", exact: true }).click();
        await page.getByRole("heading", { level: 1, name: "User type: Clientes" }).waitFor();
        await page
          .locator("table.tabs-overview")
          .getByRole("button", { name: "Invoices", exact: true })
          .click();
        await page.getByRole("heading", { level: 2, name: "Tab: Invoices" }).waitFor();
        const permissions = page.getByTestId("permissions-Invoices");
        // Status is a list column of the seed's Invoices tab (the preview check shows it).
        await permissions.getByRole("radio", { name: "Status Hidden" }).check();
        const bar = page.locator(".save-bar");
        await expectText(bar.getByTestId("user-type-unsaved"), "Unsaved changes");
        await expectText(bar.getByTestId("user-type-errors"), "Hidden for this user type");
        const flagged = page.locator('select[aria-invalid="true"]').first();
        await waitUntil(
          async () => (await flagged.count()) > 0,
          "the Status column is flagged before saving",
        );
        expectEqual(
          (await flagged.locator("option:checked").textContent())?.trim(),
          "Status (hidden)",
          "the flagged column",
        );
        await page.getByRole("button", { name: "Make Status read-only" }).first().click();
        await waitUntil(
          async () => (await bar.getByTestId("user-type-errors").count()) === 0,
          "the fix clears the flag",
        );
        await bar.getByRole("button", { name: "Save", exact: true }).click();
        await expectText(bar.getByTestId("user-type-saved"), "User type saved.");
        await open(page, new URL(page.url()).pathname + "?module=Invoices");
        const read = permissions.getByRole("radio", { name: "Status Read-only" });
        await read.waitFor();
        expectEqual(await read.isChecked(), true, "Status read-only after reloading");
      },
      keep,
    );

    await step(
      PREVIEW_CHECK,
      page,
      async () => {
        await open(page, "/admin/portal/user-types");
        const clientes = await openPreview(page, "Clientes");
        try {
          const tabs = clientes.getByRole("navigation", { name: "Portal tabs" });
          for (const name of ["Contacts", "Invoices", "Quotes", "Cases", "Products"]) {
            await tabs.getByRole("link", { name, exact: true }).waitFor();
          }
          // The header shows the company's brand, and none of its links leaves the portal.
          expectEqual(await clientes.getByTestId("portal-home-link").getAttribute("href"), `/p/${PORTAL_SLUG}`, "brand link");
          const headerLinks = await clientes
            .getByRole("banner")
            .getByRole("link")
            .evaluateAll((links) => links.map((link) => link.getAttribute("href")));
          const outside = headerLinks.filter((href) => !href?.startsWith(`/p/${PORTAL_SLUG}`));
          if (outside.length > 0) throw new Error(`header links leave the portal: ${outside.join(", ")}`);
          // Each field in the mode the type gives it: the own contact's phone is editable.
          await tabs.getByRole("link", { name: "Contacts", exact: true }).click();
          await expectText(clientes.getByTestId("portal-fields"), "Editable by customers");
          await expectText(clientes.getByTestId("portal-fields"), "Read-only for customers");
          await expectNoAxeViolations(clientes, "portal preview of a tab");
          await tabs.getByRole("link", { name: "Invoices", exact: true }).click();
          await clientes.getByRole("heading", { level: 1, name: "Invoices" }).waitFor();
          const columns = clientes.getByTestId("portal-columns").getByRole("columnheader");
          await columns.first().waitFor();
          const names = (await columns.allTextContents()).map((text) => text.trim());
          expectEqual(names.length, 5, `number of Invoices columns (${names.join(", ")})`);
          for (const name of ["Subject", "Status"]) {
            if (!names.includes(name)) {
              throw new Error(`Invoices columns ${names.join(", ")} lack ${name}`);
            }
          }
          // A preview without a record has no own records, but the catalog has the products.
          await expectText(clientes.getByTestId("portal-columns"), "Nothing here yet");
          await tabs.getByRole("link", { name: "Products", exact: true }).click();
          await clientes.getByRole("heading", { level: 1, name: "Products" }).waitFor();
          const rows = clientes.getByTestId("portal-columns").getByTestId("portal-row");
          await rows.first().waitFor();
          expectEqual(await rows.count(), 12, "number of Products listed");
        } finally {
          await clientes.close();
        }

        const fornecedores = await openPreview(page, "Fornecedores");
        try {
          const tabs = fornecedores.getByRole("navigation", { name: "Portal tabs" });
          await tabs.getByRole("link", { name: "Cases", exact: true }).waitFor();
          const names = (await tabs.getByRole("link").allTextContents()).map((text) =>
            text.trim(),
          );
          expectEqual(names.length, 3, `number of Fornecedores tabs (${names.join(", ")})`);
          if (names.includes("Invoices")) {
            throw new Error(`Fornecedores sees the tabs of Clientes: ${names.join(", ")}`);
          }
          // Logging out of the preview ends only the preview: back in the console, signed in.
          await fornecedores.getByRole("button", { name: "Log out" }).click();
          await fornecedores.waitForURL("**/admin/portal/user-types/*");
          await fornecedores.getByRole("button", { name: "Sign out" }).waitFor();
          await open(page, "/admin/settings");
          await page.getByRole("button", { name: "Sign out" }).waitFor();
          await page.getByRole("main").getByRole("heading", { level: 1 }).first().waitFor();
          await expectNoAxeViolations(page, "console settings");
        } finally {
          await fornecedores.close();
        }
      },
      keep,
    );

    await step(
      LICENSES_CHECK,
      page,
      async () => {
        await open(page, "/admin/portal/user-types");
        await page
          .getByRole("navigation", { name: "Portal setup" })
          .getByRole("link", { name: "Licenses", exact: true })
          .click();
        await page.getByRole("heading", { level: 1, name: "Licenses" }).waitFor();
        await expectText(page.getByTestId("licenses-allocated"), "10 of 25 allocated");
        expectEqual(
          await page.getByLabel("Seats of Fornecedores", { exact: true }).inputValue(),
          "10",
          "seats of Fornecedores",
        );
        await expectText(page.getByTestId("licenses-free"), " of ");
        await expectNoAxeViolations(page, "console licenses");
        await open(page, "/admin/portal/emails");
        await page.getByRole("heading", { level: 1, name: "Portal emails" }).waitFor();
        await page.getByRole("main").locator("textarea").first().waitFor();
        await expectNoAxeViolations(page, "console portal emails");
      },
      keep,
    );

    await step(
      API_CHECK,
      page,
      async () => {
        // The content security policy refuses anything the viewer would load from elsewhere:
        // its refusals are console messages, not page errors.
        const refused = [];
        const onConsole = (message) => {
          if (/Content Security Policy/i.test(message.text())) refused.push(message.text());
        };
        page.on("console", onConsole);
        try {
          await open(page, "/admin/tokens");
          await page
            .getByRole("link", { name: "How programs call the API, and its reference" })
            .click();
          await page.getByRole("heading", { level: 1, name: "API" }).waitFor();
          // The viewer is a chunk of its own, loaded on this page only.
          const tag = page.locator("#operations-tag-api_tokens");
          await tag.waitFor({ timeout: 30_000 });
          await tag.click();
          await page
            .locator('.opblock-summary-path[data-path="/api/admin/tokens"]')
            .first()
            .waitFor();
          if (refused.length > 0) throw new Error(refused.join("\n"));
        } finally {
          page.off("console", onConsole);
        }
      },
      keep,
    );

    await step(
      SIGN_OUT_CHECK,
      page,
      async () => {
        await open(page, "/admin");
        await page.getByRole("button", { name: "Sign out" }).click();
        await page
          .getByRole("heading", { level: 1, name: "Sign in to the staff console" })
          .waitFor();
        await open(page, "/admin/settings");
        await page
          .getByRole("heading", { level: 1, name: "Sign in to the staff console" })
          .waitFor();
        await expectNoAxeViolations(page, "console sign-in");
      },
      keep,
    );
  });

  await withBrowser(executablePath, "pt-BR", async (page) => {
    await step(PORTUGUESE_CHECK, page, async () => {
      await signIn(page, {
        email: "E-mail",
        password: "Senha",
        submit: "Entrar",
        overview: "Visão geral",
      });
      await page.getByRole("link", { name: "Contatos", exact: true }).click();
      await page.getByRole("heading", { level: 1, name: "Contatos" }).waitFor();
      await page.getByRole("columnheader", { name: "Sobrenome" }).waitFor();
      await page.getByRole("button", { name: "Próxima" }).waitFor();
      await expectNoAxeViolations(page, "console records list in Portuguese");
      expectEqual(await page.locator("html").getAttribute("lang"), "pt-BR", "html lang");
      await page.getByRole("link", { name: "Portal", exact: true }).click();
      await page.getByRole("heading", { level: 1, name: "Portal de clientes" }).waitFor();
      await page.getByRole("link", { name: "Avançar: tipos de usuário" }).click();
      await page.getByRole("heading", { level: 1, name: "Tipos de usuário do portal" }).waitFor();
      await expectText(page.getByTestId("user-type-limits"), "tipos de usuário");
    });
  });
}

if (isMain(import.meta.url)) await runSuites([consoleChecks], CONSOLE_TIMEOUT_MS);
