import { screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import { App } from "../../App";
import { consoleRoutes, contact, mockApi } from "../../test/console";
import { jsonResponse, renderWithProviders } from "../../test/utils";

const PAGES: Record<string, { from: number; to: number; next?: string }> = {
  "": { from: 1, to: 25, next: "cur-2" },
  "cur-2": { from: 26, to: 50, next: "cur-3" },
  "cur-3": { from: 51, to: 52 },
};

function listRoute(seen: URL[]) {
  return (_request: Request, url: URL) => {
    seen.push(url);
    const page = PAGES[url.searchParams.get("cursor") ?? ""];
    if (!page) throw new Error(`unexpected cursor in ${url.search}`);
    const items = [];
    for (let n = page.from; n <= page.to; n++) items.push(contact(n));
    return jsonResponse(page.next ? { items, nextCursor: page.next } : { items });
  };
}

describe("record list", () => {
  it("sorts from the headings of the indexed orders only: the name field and the modification time", async () => {
    const seen: URL[] = [];
    mockApi({ ...consoleRoutes(), "GET /api/admin/records/Contacts": listRoute(seen) });
    renderWithProviders(<App />, { language: "en", route: "/admin/records/Contacts" });
    const user = userEvent.setup();

    await screen.findByRole("link", { name: "Maria 1" });
    const modified = screen.getByRole("columnheader", { name: /Modified/ });
    expect(modified).toHaveAttribute("aria-sort", "descending");
    // Only the name field's heading and the modification time's are buttons.
    const buttons = screen
      .getAllByRole("columnheader")
      .filter((cell) => cell.querySelector("button.sort-header"))
      .map((cell) => cell.textContent);
    expect(buttons).toEqual(["Last Name", "Modified"]);

    await user.click(screen.getByRole("button", { name: "Last Name" }));
    await screen.findByRole("columnheader", { name: "Last Name" });
    expect(seen.at(-1)?.searchParams.get("sort")).toBe("Last_Name");
    expect(screen.getByRole("columnheader", { name: "Last Name" })).toHaveAttribute(
      "aria-sort",
      "ascending",
    );
    await user.click(screen.getByRole("button", { name: "Last Name" }));
    await screen.findByRole("link", { name: "Maria 1" });
    expect(seen.at(-1)?.searchParams.get("sort")).toBe("-Last_Name");

    await user.click(screen.getByRole("button", { name: /Modified/ }));
    await screen.findByRole("link", { name: "Maria 1" });
    expect(seen.at(-1)?.searchParams.get("sort")).toBe("-Modified_Time");
  });

  it("pages forward with the cursor and back with the kept ones", async () => {
    const seen: URL[] = [];
    mockApi({ ...consoleRoutes(), "GET /api/admin/records/Contacts": listRoute(seen) });
    renderWithProviders(<App />, { language: "en", route: "/admin/records/Contacts" });
    const user = userEvent.setup();
    const next = () => screen.getByRole("button", { name: "Next" });
    const previous = () => screen.getByRole("button", { name: "Previous" });

    expect(await screen.findByRole("link", { name: "Maria 1" })).toBeInTheDocument();
    expect(screen.getAllByRole("row")).toHaveLength(26);
    expect(screen.getByTestId("page-number")).toHaveTextContent("Page 1");
    expect(previous()).toBeDisabled();
    expect(seen[0]?.searchParams.get("limit")).toBe("25");
    expect(seen[0]?.searchParams.get("sort")).toBe("-Modified_Time");
    expect(seen[0]?.searchParams.has("cursor")).toBe(false);

    await user.click(next());
    expect(await screen.findByRole("link", { name: "Maria 26" })).toBeInTheDocument();
    expect(screen.getByTestId("page-number")).toHaveTextContent("Page 2");
    expect(seen.at(-1)?.searchParams.get("cursor")).toBe("cur-2");

    await user.click(next());
    expect(await screen.findByRole("link", { name: "Maria 51" })).toBeInTheDocument();
    expect(screen.getAllByRole("row")).toHaveLength(3);
    expect(seen.at(-1)?.searchParams.get("cursor")).toBe("cur-3");
    expect(next()).toBeDisabled();

    await user.click(previous());
    expect(await screen.findByRole("link", { name: "Maria 26" })).toBeInTheDocument();
    expect(screen.getByTestId("page-number")).toHaveTextContent("Page 2");

    await user.click(previous());
    expect(await screen.findByRole("link", { name: "Maria 1" })).toBeInTheDocument();
    expect(previous()).toBeDisabled();
  });

  it("shows the layout's first fields, lookups by name and money in the org's currency", async () => {
    mockApi({ ...consoleRoutes(), "GET /api/admin/records/Contacts": listRoute([]) });
    renderWithProviders(<App />, { language: "pt-BR", route: "/admin/records/Contacts" });

    await screen.findByRole("link", { name: "Maria 1" });
    const headers = screen.getAllByRole("columnheader").map((cell) => cell.textContent);
    expect(headers).toEqual([
      // The selection column (Contacts can be invited to the portal).
      "",
      "Nome",
      "Sobrenome",
      "E-mail",
      "Nome da conta",
      "Origem do lead",
      "Modificado em",
    ]);
    const row = screen.getAllByRole("row").at(1);
    expect(row).toHaveTextContent("Cliente Ação Ltda");
    expect(row).toHaveTextContent("Parceiro");
    expect(row).toHaveTextContent("27 de nov. de 2026");
  });

  it("sorts and filters from the first page, with filter.* parameters", async () => {
    const seen: URL[] = [];
    mockApi({ ...consoleRoutes(), "GET /api/admin/records/Contacts": listRoute(seen) });
    renderWithProviders(<App />, { language: "en", route: "/admin/records/Contacts" });
    const user = userEvent.setup();

    await screen.findByRole("link", { name: "Maria 1" });
    await user.click(screen.getByRole("button", { name: "Next" }));
    await screen.findByRole("link", { name: "Maria 26" });

    await user.selectOptions(screen.getByLabelText("Sort by"), "Last Name, A to Z");
    expect(await screen.findByRole("link", { name: "Maria 1" })).toBeInTheDocument();
    expect(screen.getByTestId("page-number")).toHaveTextContent("Page 1");
    expect(seen.at(-1)?.searchParams.get("sort")).toBe("Last_Name");
    expect(seen.at(-1)?.searchParams.has("cursor")).toBe(false);

    await user.selectOptions(screen.getByLabelText("Field"), "Last Name");
    await user.type(screen.getByLabelText("Value"), "silva");
    await user.click(screen.getByRole("button", { name: "Apply filter" }));
    await screen.findByRole("button", { name: "Clear filter" });
    expect(seen.at(-1)?.searchParams.get("filter.Last_Name.contains")).toBe("silva");

    await user.selectOptions(screen.getByLabelText("Field"), "Lead Source");
    expect(screen.getByLabelText("Condition")).toBeDisabled();
    await user.selectOptions(screen.getByLabelText("Value"), "Partner");
    await user.click(screen.getByRole("button", { name: "Apply filter" }));
    await screen.findByRole("link", { name: "Maria 1" });
    const last = seen.at(-1);
    expect(last?.searchParams.get("filter.Lead_Source")).toBe("Partner");
    expect(last?.searchParams.has("filter.Last_Name.contains")).toBe(false);
  });

  it("opens a record when its row is clicked", async () => {
    mockApi({
      ...consoleRoutes(),
      "GET /api/admin/records/Contacts": listRoute([]),
      "GET /api/admin/records/Contacts/c2": () => jsonResponse(contact(2)),
    });
    renderWithProviders(<App />, { language: "en", route: "/admin/records/Contacts" });
    const user = userEvent.setup();

    await screen.findByRole("link", { name: "Maria 2" });
    await user.click(screen.getByText("maria2@cliente.example"));

    expect(await screen.findByRole("heading", { level: 1 })).toHaveTextContent("Silva 2");
    expect(
      screen.getByRole("heading", { level: 2, name: "Contact Information" }),
    ).toBeInTheDocument();
    expect(screen.getByText("Cliente Ação Ltda")).toBeInTheDocument();
    expect(screen.getByText("R$1,234.50")).toBeInTheDocument();
  });

  it("deletes a record after confirmation, with If-Match, and returns to the list", async () => {
    const deletes: (string | null)[] = [];
    mockApi({
      ...consoleRoutes(),
      "GET /api/admin/records/Contacts": listRoute([]),
      "GET /api/admin/records/Contacts/c4": () => jsonResponse(contact(4, { version: 3 })),
      "DELETE /api/admin/records/Contacts/c4": (request) => {
        deletes.push(request.headers.get("If-Match"));
        return new Response(null, { status: 204 });
      },
    });
    renderWithProviders(<App />, { language: "en", route: "/admin/records/Contacts/c4" });
    const user = userEvent.setup();

    await user.click(await screen.findByRole("button", { name: "Delete" }));
    expect(screen.getByRole("alertdialog")).toHaveTextContent(
      "Delete this record? This cannot be undone.",
    );
    expect(deletes).toEqual([]);
    await user.click(screen.getByRole("button", { name: "Yes, delete" }));

    expect(await screen.findByRole("heading", { level: 1, name: "Contacts" })).toBeInTheDocument();
    expect(deletes).toEqual(["3"]);
  });
});
