import { screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { Route, Routes } from "react-router";
import { describe, expect, it } from "vitest";
import { consoleRoutes, importJob, mockApi } from "../../test/console";
import { jsonResponse, renderWithProviders } from "../../test/utils";
import { ImportPage } from "./ImportPage";

const CSV = "First Name,Last Name,Email,External Id\nMaria,Silva,maria@cliente.example,X1\n";
const UPLOAD = {
  url: "https://storage.example/imports/o1/j1.csv?X-Amz-Signature=abc",
  method: "PUT" as const,
  headers: { "Content-Type": "text/csv", "x-amz-meta-job": "j1" },
  expiresAt: "2026-11-28T12:15:00Z",
};

function renderImport(language: "en" | "pt-BR" = "en") {
  return renderWithProviders(
    <Routes>
      <Route path="/admin/import/:module" element={<ImportPage pollInterval={20} />} />
    </Routes>,
    { language, route: "/admin/import/Contacts" },
  );
}

describe("CSV import", () => {
  it("maps the columns, uploads the file and follows the job to the end", async () => {
    const created: unknown[] = [];
    const uploads: Request[] = [];
    const polls = [
      importJob({ status: "running", total: 10000, done: 4000 }),
      importJob({ status: "running", total: 10000, done: 9000, failed: 1 }),
      importJob({
        status: "done",
        total: 10000,
        done: 10000,
        failed: 2,
        finishedAt: "2026-11-28T12:01:00Z",
        reportUrl: "https://storage.example/reports/j1.csv?sig=1",
      }),
    ];
    let poll = 0;
    const fetchMock = mockApi({
      ...consoleRoutes(),
      "POST /api/admin/import/Contacts": async (request) => {
        created.push(await request.json());
        return jsonResponse(importJob({ upload: UPLOAD }), 201);
      },
      "PUT /imports/o1/j1.csv": (request) => {
        uploads.push(request);
        return new Response(null, { status: 200 });
      },
      "GET /api/admin/import/Contacts/j1": () => {
        const job = polls[Math.min(poll, polls.length - 1)];
        poll++;
        return jsonResponse(job);
      },
    });
    renderImport();
    const user = userEvent.setup();

    await user.upload(
      await screen.findByLabelText("CSV file"),
      new File([CSV], "contacts.csv", { type: "text/csv" }),
    );

    expect(await screen.findByLabelText("First Name")).toHaveValue("First_Name");
    expect(screen.getByLabelText("Last Name")).toHaveValue("Last_Name");
    expect(screen.getByLabelText("Email")).toHaveValue("Email");
    expect(screen.getByLabelText("External Id")).toHaveValue("");
    expect(screen.getByLabelText("External id column")).toHaveValue("External Id");

    await user.click(screen.getByRole("button", { name: "Start import" }));

    const progress = await screen.findByRole("progressbar", { name: "Import progress" });
    expect(await screen.findByText("Import finished.")).toBeInTheDocument();
    expect(progress).toHaveAttribute("max", "10000");
    expect(progress).toHaveAttribute("value", "10000");
    expect(screen.getByTestId("import-counts")).toHaveTextContent(
      "10,000 of 10,000 rows processed · 2 rows failed",
    );
    expect(screen.getByRole("link", { name: "Download the failed rows (CSV)" })).toHaveAttribute(
      "href",
      "https://storage.example/reports/j1.csv?sig=1",
    );
    expect(poll).toBeGreaterThanOrEqual(3);

    expect(created).toEqual([
      {
        filename: "contacts.csv",
        mapping: { "First Name": "First_Name", "Last Name": "Last_Name", Email: "Email" },
        externalIdColumn: "External Id",
      },
    ]);
    expect(uploads).toHaveLength(1);
    const upload = uploads[0];
    expect(upload?.url).toBe(UPLOAD.url);
    expect(upload?.headers.get("Content-Type")).toBe("text/csv");
    expect(upload?.headers.get("x-amz-meta-job")).toBe("j1");
    expect(upload?.headers.has("X-Requested-With")).toBe(false);
    expect(upload?.credentials).toBe("omit");
    // jsdom's File does not survive the trip into a Request; check what was handed to fetch.
    const init = fetchMock.mock.calls.find(([input]) => input === UPLOAD.url)?.[1];
    expect(init?.body).toBeInstanceOf(File);
    expect(await (init?.body as File).text()).toBe(CSV);
  });

  it("shows the progress while the job runs, in Portuguese", async () => {
    mockApi({
      ...consoleRoutes(),
      "POST /api/admin/import/Contacts": () => jsonResponse(importJob({ upload: UPLOAD }), 201),
      "PUT /imports/o1/j1.csv": () => new Response(null, { status: 200 }),
      "GET /api/admin/import/Contacts/j1": () =>
        jsonResponse(importJob({ status: "running", total: 10000, done: 2500 })),
    });
    renderImport("pt-BR");
    const user = userEvent.setup();

    await user.upload(
      await screen.findByLabelText("Arquivo CSV"),
      new File([CSV], "contatos.csv", { type: "text/csv" }),
    );
    await user.click(await screen.findByRole("button", { name: "Iniciar importação" }));

    expect(await screen.findByText("Importando…")).toBeInTheDocument();
    const progress = screen.getByRole("progressbar", { name: "Progresso da importação" });
    expect(progress).toHaveAttribute("value", "2500");
    expect(screen.getByTestId("import-counts")).toHaveTextContent(
      "2.500 de 10.000 linhas processadas",
    );
  });

  it("refuses to start with no column mapped, or one field twice", async () => {
    const fetchMock = mockApi(consoleRoutes());
    renderImport();
    const user = userEvent.setup();

    await user.upload(
      await screen.findByLabelText("CSV file"),
      new File(["Name,Surname\nA,B\n"], "x.csv", { type: "text/csv" }),
    );
    await user.click(await screen.findByRole("button", { name: "Start import" }));
    expect(await screen.findByRole("alert")).toHaveTextContent(
      "Map at least one column to a field.",
    );

    await user.selectOptions(screen.getByLabelText("Name"), "Last_Name");
    await user.selectOptions(screen.getByLabelText("Surname"), "Last_Name");
    await user.click(screen.getByRole("button", { name: "Start import" }));
    expect(await screen.findByRole("alert")).toHaveTextContent(
      "Last Name is chosen for more than one column.",
    );
    expect(fetchMock.mock.calls.some(([request]) => (request as Request).method === "POST")).toBe(
      false,
    );
  });
});
