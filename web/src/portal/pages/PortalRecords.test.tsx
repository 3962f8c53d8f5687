import { act, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { useLocation } from "react-router";
import { App } from "../../App";
import { mockApi } from "../../test/console";
import { attachment, caseRecord, casesTabs, note } from "../../test/cases";
import { me, publicPortal } from "../../test/customer";
import { jsonResponse, problemResponse, renderWithProviders } from "../../test/utils";

/** The list's item at `index`; the test fails when there is none. */
function at<T>(items: readonly T[], index: number): T {
  const item = items[index];
  if (item === undefined) throw new Error(`no item ${String(index)}`);
  return item;
}

type Handler = (request: Request, url: URL) => Response | Promise<Response>;

function LocationProbe() {
  const location = useLocation();
  return <output data-testid="location">{`${location.pathname}${location.search}`}</output>;
}

function portalRoutes(extra: Record<string, Handler> = {}): Record<string, Handler> {
  return {
    "GET /api/p/acme": () => jsonResponse(publicPortal),
    "GET /api/me": () => jsonResponse(me({ firstTab: "Cases" })),
    "GET /api/me/tabs": () => jsonResponse(casesTabs),
    "GET /api/records/Cases": () => jsonResponse({ items: [caseRecord()] }),
    "GET /api/records/Cases/case1": () => jsonResponse(caseRecord()),
    "GET /api/records/Cases/case1/notes": () => jsonResponse({ items: [] }),
    "GET /api/records/Cases/case1/attachments": () => jsonResponse({ items: [] }),
    ...extra,
  };
}

function render(route: string) {
  return renderWithProviders(
    <>
      <App />
      <LocationProbe />
    </>,
    { language: "en", route },
  );
}

/** Links the code "clicks" (downloads) instead of navigating jsdom. */
let followed: { href: string; download: string }[] = [];
beforeEach(() => {
  followed = [];
  vi.spyOn(HTMLAnchorElement.prototype, "click").mockImplementation(function (
    this: HTMLAnchorElement,
  ) {
    followed.push({ href: this.href, download: this.download });
  });
});
afterEach(() => {
  vi.restoreAllMocks();
  vi.unstubAllGlobals();
});

describe("portal list pages", () => {
  it("sorts by a column from its heading: ascending, then descending, aria-sort telling which", async () => {
    const asked: (string | null)[] = [];
    mockApi(
      portalRoutes({
        "GET /api/records/Cases": (_request, url) => {
          asked.push(url.searchParams.get("sort"));
          return jsonResponse({ items: [caseRecord()] });
        },
      }),
    );
    render("/p/acme/Cases");
    const user = userEvent.setup();

    const heading = await screen.findByRole("columnheader", { name: /Priority/ });
    expect(heading).not.toHaveAttribute("aria-sort");
    expect(asked.at(-1)).toBeNull();
    await user.click(within(heading).getByRole("button", { name: /Priority/ }));
    await waitFor(() => {
      expect(asked.at(-1)).toBe("Priority");
    });
    expect(screen.getByTestId("location")).toHaveTextContent("/p/acme/Cases?sort=Priority");
    expect(await screen.findByRole("columnheader", { name: /Priority/ })).toHaveAttribute(
      "aria-sort",
      "ascending",
    );
    expect(screen.getByLabelText("Sort")).toHaveDisplayValue("Priority, ascending");

    // The keyboard reaches and presses the heading's button like any other.
    screen.getByRole("button", { name: /Priority/ }).focus();
    await user.keyboard("{Enter}");
    await waitFor(() => {
      expect(asked.at(-1)).toBe("-Priority");
    });
    expect(await screen.findByRole("columnheader", { name: /Priority/ })).toHaveAttribute(
      "aria-sort",
      "descending",
    );
  });

  it("says so when the list is too long for the sort, and the sort control still changes it", async () => {
    mockApi(
      portalRoutes({
        "GET /api/records/Cases": (_request, url) =>
          url.searchParams.get("sort") === "Subject"
            ? problemResponse({
                type: "/problems/invalid-request",
                title: "Invalid request",
                status: 400,
                errors: [{ field: "sort", message: "sorts by Subject only up to 2000 records" }],
              })
            : jsonResponse({ items: [caseRecord()] }),
      }),
    );
    render("/p/acme/Cases?sort=Subject");
    const user = userEvent.setup();

    expect(await screen.findByTestId("portal-sort-refused")).toHaveTextContent(/too many records/);
    await user.selectOptions(screen.getByLabelText("Sort"), "newest");
    expect(await screen.findByRole("columnheader", { name: /Subject/ })).toBeInTheDocument();
  });

  it("keeps the page in the address: a link to page 2 asks for its cursor, Previous drops it", async () => {
    const asked: (string | null)[] = [];
    mockApi(
      portalRoutes({
        "GET /api/records/Cases": (_request, url) => {
          asked.push(url.searchParams.get("cursor"));
          return jsonResponse({ items: [caseRecord()], nextCursor: "c2" });
        },
      }),
    );
    render("/p/acme/Cases?sort=oldest&page=2&cursor=c1");
    const user = userEvent.setup();

    expect(await screen.findByTestId("portal-page")).toHaveTextContent("Page 2");
    expect(asked.at(-1)).toBe("c1");
    expect(document.title).toBe("Cases · Acme Portal");

    await user.click(screen.getByRole("button", { name: "Next" }));
    await waitFor(() => {
      expect(screen.getByTestId("location")).toHaveTextContent(
        "/p/acme/Cases?sort=oldest&cursor=c1&cursor=c2&page=3",
      );
    });
    expect(await screen.findByTestId("portal-page")).toHaveTextContent("Page 3");

    await user.click(screen.getByRole("button", { name: "Previous" }));
    await user.click(screen.getByRole("button", { name: "Previous" }));
    await waitFor(() => {
      expect(screen.getByTestId("location")).toHaveTextContent(/^\/p\/acme\/Cases\?sort=oldest$/);
    });
    await waitFor(() => {
      expect(asked.at(-1)).toBeNull();
    });
    expect(screen.getByTestId("portal-page")).toHaveTextContent("Page 1");
    // A list of several pages gives no count: it would cost a read of every record.
    expect(screen.queryByTestId("portal-total")).not.toBeInTheDocument();
  });

  it("counts a list that fits on one page, and only then", async () => {
    mockApi(
      portalRoutes({
        "GET /api/records/Cases": () =>
          jsonResponse({ items: [caseRecord(), caseRecord({ id: "case2" })] }),
      }),
    );
    render("/p/acme/Cases");

    expect(await screen.findByTestId("portal-total")).toHaveTextContent("2 records");
    expect(screen.queryByTestId("portal-page")).not.toBeInTheDocument();
  });
});

describe("portal tab filters", () => {
  it("puts the filters and the sort in the address and the list request", async () => {
    const asked: URLSearchParams[] = [];
    mockApi(
      portalRoutes({
        "GET /api/records/Cases": (_request, url) => {
          asked.push(url.searchParams);
          return jsonResponse({ items: [caseRecord()] });
        },
      }),
    );
    render("/p/acme/Cases");
    const user = userEvent.setup();

    const filters = await screen.findByRole("search", { name: "Filters" });
    expect(screen.getByRole("link", { name: "New case" })).toHaveAttribute(
      "href",
      "/p/acme/Cases/new",
    );
    // The lookup is filterable but has no control: only these.
    expect(within(filters).getByLabelText("Priority")).toBeInTheDocument();
    expect(
      within(within(filters).getByLabelText("Priority")).getAllByRole("option").map((o) => o.textContent),
    ).toEqual(["Any", "Urgent", "Whenever"]);
    await user.selectOptions(within(filters).getByLabelText("Priority"), "Urgent");
    await user.type(within(filters).getByLabelText("Subject contains"), "fire");
    await user.type(within(filters).getByLabelText("Due date from"), "2026-11-01");
    await user.click(within(filters).getByRole("button", { name: "Apply filters" }));

    await waitFor(() => {
      expect(Object.fromEntries(asked.at(-1) ?? [])).toEqual({
        limit: "25",
        lang: "en",
        "filter.Priority": "High",
        "filter.Subject.contains": "fire",
        "filter.Due_Date.gte": "2026-11-01",
      });
    });
    expect(screen.getByTestId("location")).toHaveTextContent(
      "/p/acme/Cases?filter.Priority=High&filter.Subject.contains=fire&filter.Due_Date.gte=2026-11-01",
    );

    await user.selectOptions(screen.getByLabelText("Sort"), "Oldest first");
    await waitFor(() => {
      expect(asked.at(-1)?.get("sort")).toBe("Modified_Time");
    });
    expect(asked.at(-1)?.get("filter.Priority")).toBe("High");

    await user.click(screen.getByRole("button", { name: "Clear filters" }));
    await waitFor(() => {
      expect(Object.fromEntries(asked.at(-1) ?? [])).toEqual({
        limit: "25",
        lang: "en",
        sort: "Modified_Time",
      });
    });
    expect(screen.getByTestId("location")).toHaveTextContent(/^\/p\/acme\/Cases\?sort=oldest$/);
    expect(screen.getByLabelText("Subject contains")).toHaveValue("");
  });

  it("reads the filters from the address and says when nothing matches", async () => {
    const asked: string[] = [];
    mockApi(
      portalRoutes({
        "GET /api/records/Cases": (_request, url) => {
          asked.push(url.search);
          return jsonResponse({ items: [] });
        },
      }),
    );
    render("/p/acme/Cases?filter.Subject.contains=fire&filter.Status=Open");
    expect(await screen.findByTestId("portal-empty")).toHaveTextContent(
      "No records match these filters.",
    );
    expect(screen.getByLabelText("Subject contains")).toHaveValue("fire");
    // Status is not filterable: it never reaches the API.
    expect(asked).toEqual(["?limit=25&lang=en&filter.Subject.contains=fire"]);
  });

  // The toggle is what a phone shows instead of the filters (CSS hides one or the other);
  // here both are in the DOM, and the test reads the state the CSS keys on.
  it.each([
    { name: "starts folded without filters", route: "/p/acme/Cases", want: false },
    {
      name: "starts open when a filter is in use",
      route: "/p/acme/Cases?filter.Subject.contains=fire",
      want: true,
    },
  ])("filters toggle $name", async ({ route, want }) => {
    mockApi(portalRoutes());
    render(route);
    const user = userEvent.setup();
    const toggle = await screen.findByRole("button", { name: "Filters" });
    const form = screen.getByRole("search", { name: "Filters" });
    expect(toggle).toHaveAttribute("aria-controls", form.id);
    expect(toggle).toHaveAttribute("aria-expanded", String(want));
    expect(form.parentElement?.classList.contains("filters-open")).toBe(want);
    await user.click(toggle);
    expect(toggle).toHaveAttribute("aria-expanded", String(!want));
    expect(form.parentElement?.classList.contains("filters-open")).toBe(!want);
  });
});

describe("portal record page", () => {
  it("offers Pay when the record carries a payment link, in a new tab, and nothing without one", async () => {
    const payUrl = "https://pay.example.com/checkout?invoice=case1&amount=10.00";
    mockApi(portalRoutes({ "GET /api/records/Cases/case1": () => jsonResponse(caseRecord({ payUrl })) }));
    const first = render("/p/acme/Cases/case1");
    const pay = await screen.findByRole("link", { name: /^Pay/ });
    expect(pay).toHaveAttribute("href", payUrl);
    expect(pay).toHaveAttribute("target", "_blank");
    expect(pay).toHaveAttribute("rel", "noopener noreferrer");
    first.unmount();

    mockApi(portalRoutes());
    render("/p/acme/Cases/case1");
    expect(await screen.findByRole("heading", { name: "Printer on fire" })).toBeInTheDocument();
    expect(screen.queryByRole("link", { name: /^Pay/ })).toBeNull();
  });
});

describe("portal record forms", () => {
  it("checks the fields, then shows the server's 422 on them", async () => {
    const bodies: unknown[] = [];
    mockApi(
      portalRoutes({
        "POST /api/records/Cases": async (request) => {
          bodies.push(await request.json());
          return problemResponse({
            type: "/problems/validation",
            title: "Validation failed",
            status: 422,
            errors: [
              { field: "fields.Subject", message: "is too similar to another case" },
              { field: "Contact_Name", message: "is set by the portal" },
            ],
          });
        },
      }),
    );
    render("/p/acme/Cases/new");
    const user = userEvent.setup();

    expect(await screen.findByRole("heading", { level: 1, name: "New case" })).toBeInTheDocument();
    // Read-only fields are not in the create form.
    expect(screen.queryByLabelText("Status")).not.toBeInTheDocument();
    await user.click(screen.getByRole("button", { name: "Create" }));
    expect(screen.getByLabelText(/^Subject/)).toHaveAccessibleDescription("This field is required.");
    expect(bodies).toEqual([]);

    await user.type(screen.getByLabelText(/^Subject/), "Printer on fire");
    await user.selectOptions(screen.getByLabelText("Priority"), "Urgent");
    await user.type(screen.getByLabelText("Description"), "Smoke");
    await user.click(screen.getByRole("button", { name: "Create" }));

    await waitFor(() => {
      expect(screen.getByLabelText(/^Subject/)).toHaveAccessibleDescription(
        "is too similar to another case",
      );
    });
    expect(screen.getByTestId("form-errors")).toHaveTextContent("Contact — is set by the portal");
    expect(bodies).toEqual([
      {
        layoutId: "default",
        fields: { Subject: "Printer on fire", Priority: "High", Description: "Smoke" },
      },
    ]);
  });

  it("creates the record and opens it", async () => {
    let query = "";
    mockApi(
      portalRoutes({
        "POST /api/records/Cases": (_request, url) => {
          query = url.search;
          return jsonResponse(caseRecord({ id: "case9" }), 201);
        },
        "GET /api/records/Cases/case9": () => jsonResponse(caseRecord({ id: "case9" })),
        "GET /api/records/Cases/case9/notes": () => jsonResponse({ items: [] }),
        "GET /api/records/Cases/case9/attachments": () => jsonResponse({ items: [] }),
      }),
    );
    render("/p/acme/Cases/new");
    const user = userEvent.setup();
    await user.type(await screen.findByLabelText(/^Subject/), "Printer on fire");
    await user.click(screen.getByRole("button", { name: "Create" }));
    await waitFor(() => {
      expect(screen.getByTestId("location")).toHaveTextContent("/p/acme/Cases/case9");
    });
    expect(query).toBe("?lang=en");
    expect(
      await screen.findByRole("heading", { level: 1, name: "Printer on fire" }),
    ).toBeInTheDocument();
  });

  it("edits with If-Match, and offers a reload on a 412", async () => {
    let version = 3;
    const patches: { ifMatch: string | null; body: unknown }[] = [];
    mockApi(
      portalRoutes({
        "GET /api/records/Cases/case1": () =>
          jsonResponse(
            caseRecord({
              version,
              fields: {
                ...(caseRecord().fields as Record<string, unknown>),
                Subject: version === 3 ? "Printer on fire" : "Printer fixed",
              } as never,
            }),
          ),
        "PATCH /api/records/Cases/case1": async (request) => {
          patches.push({ ifMatch: request.headers.get("If-Match"), body: await request.json() });
          version = 4;
          return problemResponse({ type: "/problems/stale", title: "Stale", status: 412 });
        },
      }),
    );
    render("/p/acme/Cases/case1/edit");
    const user = userEvent.setup();

    const subject = await screen.findByLabelText(/^Subject/);
    expect(subject).toHaveValue("Printer on fire");
    expect(screen.getByLabelText("Priority")).toHaveValue("High");
    // Read-only fields show as text, with a visible hint, and are no input.
    const status = screen.getByRole("textbox", { name: "Status" });
    expect(status).toHaveTextContent("Open");
    expect(status).toHaveAttribute("aria-readonly", "true");
    expect(status).toHaveAccessibleDescription("Read-only");
    expect(status.closest(".read-only-field")).toHaveTextContent("Status Read-only");
    expect(screen.queryByRole("combobox", { name: "Status" })).not.toBeInTheDocument();

    await user.clear(subject);
    await user.type(subject, "Printer still on fire");
    await user.click(screen.getByRole("button", { name: "Save" }));

    const conflict = await screen.findByTestId("conflict");
    expect(conflict).toHaveTextContent("This record changed since you opened it.");
    expect(patches).toEqual([{ ifMatch: '"3"', body: { fields: { Subject: "Printer still on fire" } } }]);
    await user.click(within(conflict).getByRole("button", { name: "Reload" }));
    await waitFor(() => {
      expect(screen.getByLabelText(/^Subject/)).toHaveValue("Printer fixed");
    });
    expect(screen.queryByTestId("conflict")).not.toBeInTheDocument();
  });

  it("deletes the record after a confirmation", async () => {
    let deleted = false;
    mockApi(
      portalRoutes({
        "DELETE /api/records/Cases/case1": () => {
          deleted = true;
          return new Response(null, { status: 204 });
        },
      }),
    );
    render("/p/acme/Cases/case1");
    const user = userEvent.setup();
    expect(await screen.findByRole("link", { name: "Edit" })).toHaveAttribute(
      "href",
      "/p/acme/Cases/case1/edit",
    );
    await user.click(screen.getByRole("button", { name: "Delete" }));
    const dialog = screen.getByRole("alertdialog");
    expect(dialog).toHaveTextContent("Delete this record?");
    await user.click(within(dialog).getByRole("button", { name: "Yes, delete" }));
    await waitFor(() => {
      expect(screen.getByTestId("location")).toHaveTextContent(/^\/p\/acme\/Cases$/);
    });
    expect(deleted).toBe(true);
  });
});

describe("portal notes", () => {
  it("lists notes oldest first and adds, edits and deletes the user's own", async () => {
    let notes = [
      note({ id: "n2", body: "Mine", createdAt: "2026-11-22T10:00:00Z", modifiedAt: "2026-11-22T10:00:00Z" }),
      note({
        id: "n1",
        body: "From the team",
        mine: false,
        author: { kind: "staff", id: "u1", name: "Ana Admin" },
        createdAt: "2026-11-21T10:00:00Z",
        modifiedAt: "2026-11-21T10:00:00Z",
      }),
    ];
    const calls: { method: string; path: string; ifMatch: string | null; body: unknown }[] = [];
    const record = async (request: Request) => {
      const url = new URL(request.url);
      calls.push({
        method: request.method,
        path: url.pathname,
        ifMatch: request.headers.get("If-Match"),
        body: request.method === "DELETE" ? undefined : await request.json(),
      });
    };
    mockApi(
      portalRoutes({
        "GET /api/records/Cases/case1/notes": () => jsonResponse({ items: notes }),
        "POST /api/records/Cases/case1/notes": async (request) => {
          await record(request);
          const added = note({
            id: "n3",
            body: "Any news?",
            createdAt: "2026-11-23T10:00:00Z",
            modifiedAt: "2026-11-23T10:00:00Z",
          });
          notes = [...notes, added];
          return jsonResponse(added, 201);
        },
        "PATCH /api/records/Cases/case1/notes/n2": async (request) => {
          await record(request);
          notes = notes.map((n) =>
            n.id === "n2" ? { ...n, body: "Mine, edited", modifiedAt: "2026-11-24T10:00:00Z", version: 2 } : n,
          );
          return jsonResponse(notes.find((n) => n.id === "n2"));
        },
        "DELETE /api/records/Cases/case1/notes/n2": async (request) => {
          await record(request);
          notes = notes.filter((n) => n.id !== "n2");
          return new Response(null, { status: 204 });
        },
      }),
    );
    render("/p/acme/Cases/case1");
    const user = userEvent.setup();

    const list = await screen.findByRole("list", { name: "Notes, oldest first" });
    let items = within(list).getAllByTestId("note");
    expect(items.map((item) => item.querySelector(".note-body")?.textContent)).toEqual([
      "From the team",
      "Mine",
    ]);
    // Dates by the user's preferences (São Paulo, 24 h).
    expect(items[0]).toHaveTextContent("Ana Admin");
    expect(items[0]).toHaveTextContent("07:00");
    expect(within(at(items, 0)).queryByRole("button", { name: "Edit note" })).toBeNull();
    expect(items[1]).toHaveTextContent("You");

    await user.click(screen.getByRole("button", { name: "Add note" }));
    expect(screen.getByLabelText("Add a note")).toHaveAccessibleDescription("Write something first.");
    await user.type(screen.getByLabelText("Add a note"), "Any news?");
    await user.click(screen.getByRole("button", { name: "Add note" }));
    await waitFor(() => {
      expect(within(list).getAllByTestId("note")).toHaveLength(3);
    });
    expect(screen.getByLabelText("Add a note")).toHaveValue("");

    items = within(list).getAllByTestId("note");
    await user.click(within(at(items, 1)).getByRole("button", { name: "Edit note" }));
    const editor = screen.getByLabelText("Edit note");
    await user.clear(editor);
    await user.type(editor, "Mine, edited");
    await user.click(screen.getByRole("button", { name: "Save note" }));
    expect(await within(list).findByText("Mine, edited")).toBeInTheDocument();
    expect(within(list).getByText("(edited)")).toBeInTheDocument();

    items = within(list).getAllByTestId("note");
    await user.click(within(at(items, 1)).getByRole("button", { name: "Delete note" }));
    await user.click(screen.getByRole("button", { name: "Yes, delete the note" }));
    await waitFor(() => {
      expect(within(list).getAllByTestId("note")).toHaveLength(2);
    });

    expect(calls).toEqual([
      { method: "POST", path: "/api/records/Cases/case1/notes", ifMatch: null, body: { body: "Any news?" } },
      {
        method: "PATCH",
        path: "/api/records/Cases/case1/notes/n2",
        ifMatch: '"1"',
        body: { body: "Mine, edited" },
      },
      { method: "DELETE", path: "/api/records/Cases/case1/notes/n2", ifMatch: null, body: undefined },
    ]);
  });
});

/** A stand-in for the browser's XMLHttpRequest: the test drives progress and the answer. */
class FakeXhr {
  static sent: FakeXhr[] = [];
  method = "";
  url = "";
  body: FormData | undefined;
  status = 0;
  upload: { onprogress: ((event: { lengthComputable: boolean; loaded: number; total: number }) => void) | null } =
    { onprogress: null };
  onload: (() => void) | null = null;
  onerror: (() => void) | null = null;
  open(method: string, url: string) {
    this.method = method;
    this.url = url;
  }
  send(body: FormData) {
    this.body = body;
    FakeXhr.sent.push(this);
  }
}

describe("portal attachments", () => {
  const upload = {
    url: "https://storage.example/bucket",
    fields: { key: "o1/att/a9", policy: "p0l1cy", "x-amz-signature": "s1g" },
    maxBytes: 20 * 1024 * 1024,
    expiresAt: "2026-11-28T13:00:00Z",
  };

  function routes(complete: Handler, declared: unknown[]) {
    let items = [attachment()];
    return portalRoutes({
      "GET /api/records/Cases/case1/attachments": () => jsonResponse({ items }),
      "POST /api/records/Cases/case1/attachments": async (request) => {
        declared.push(await request.json());
        const pending = attachment({ id: "a9", filename: "report.pdf", status: "pending", size: 5 });
        items = [...items, pending];
        return jsonResponse({ attachment: pending, upload }, 201);
      },
      "POST /api/records/Cases/case1/attachments/a9/complete": complete,
      "GET /api/records/Cases/case1/attachments/a1": () =>
        jsonResponse({ url: "https://storage.example/get/a1?sig=x", expiresAt: "2026-11-28T13:00:00Z" }),
    });
  }

  beforeEach(() => {
    FakeXhr.sent = [];
    vi.stubGlobal("XMLHttpRequest", FakeXhr);
  });

  it("uploads with progress, completes and downloads", async () => {
    const declared: unknown[] = [];
    let completed = 0;
    mockApi(
      routes(() => {
        completed++;
        return jsonResponse(attachment({ id: "a9", filename: "report.pdf", size: 5 }));
      }, declared),
    );
    render("/p/acme/Cases/case1");
    const user = userEvent.setup();

    const table = await screen.findByTestId("attachments");
    expect(within(table).getByRole("rowheader", { name: "invoice.pdf" })).toBeInTheDocument();
    expect(table).toHaveTextContent("2 KB");
    await user.click(screen.getByRole("button", { name: "Download invoice.pdf" }));
    await waitFor(() => {
      expect(followed.map((link) => link.href)).toEqual(["https://storage.example/get/a1?sig=x"]);
    });

    const file = new File(["%PDF-"], "report.pdf", { type: "application/pdf" });
    await user.upload(screen.getByLabelText("Choose a file"), file);
    await user.click(screen.getByRole("button", { name: "Upload" }));

    await waitFor(() => {
      expect(FakeXhr.sent).toHaveLength(1);
    });
    expect(declared).toEqual([{ filename: "report.pdf", contentType: "application/pdf", size: 5 }]);
    const xhr = at(FakeXhr.sent, 0);
    expect(xhr.method).toBe("POST");
    expect(xhr.url).toBe(upload.url);
    const entries = [...(xhr.body ?? new FormData()).entries()];
    expect(entries.map(([name]) => name)).toEqual(["key", "policy", "x-amz-signature", "file"]);
    expect(entries.at(-1)?.[1]).toBeInstanceOf(File);

    act(() => {
      xhr.upload.onprogress?.({ lengthComputable: true, loaded: 40, total: 100 });
    });
    expect(screen.getByRole("progressbar", { name: "Upload progress" })).toHaveAttribute(
      "value",
      "40",
    );
    act(() => {
      xhr.status = 204;
      xhr.onload?.();
    });
    expect(await screen.findByText("report.pdf was uploaded.")).toHaveAttribute("role", "status");
    expect(completed).toBe(1);
    expect(screen.queryByRole("progressbar")).not.toBeInTheDocument();
    expect(await within(table).findByRole("rowheader", { name: /report\.pdf/ })).toBeInTheDocument();
  });

  it("shows the completion's 422 when the content does not match the type", async () => {
    const declared: unknown[] = [];
    mockApi(
      routes(
        () =>
          problemResponse({
            type: "/problems/validation",
            title: "Validation failed",
            status: 422,
            errors: [{ field: "file", message: "the content is not a PDF" }],
          }),
        declared,
      ),
    );
    render("/p/acme/Cases/case1");
    const user = userEvent.setup();
    await screen.findByTestId("attachments");
    await user.upload(
      screen.getByLabelText("Choose a file"),
      new File(["MZ"], "report.pdf", { type: "application/pdf" }),
    );
    await user.click(screen.getByRole("button", { name: "Upload" }));
    await waitFor(() => {
      expect(FakeXhr.sent).toHaveLength(1);
    });
    act(() => {
      const xhr = at(FakeXhr.sent, 0);
      xhr.status = 204;
      xhr.onload?.();
    });
    expect(await screen.findByText(/does not match its type/)).toHaveTextContent(
      "The file's content does not match its type: the content is not a PDF",
    );
    expect(screen.getByLabelText("Choose a file")).toHaveAttribute("aria-invalid", "true");
  });

  it("refuses a file of a type or size the API would refuse, before sending", async () => {
    const declared: unknown[] = [];
    mockApi(routes(() => jsonResponse({}), declared));
    render("/p/acme/Cases/case1");
    const user = userEvent.setup({ applyAccept: false });
    await screen.findByTestId("attachments");
    await user.upload(
      screen.getByLabelText("Choose a file"),
      new File(["MZ"], "setup.exe", { type: "application/x-msdownload" }),
    );
    expect(screen.getByRole("alert")).toHaveTextContent("This type of file is not accepted.");
    expect(screen.getByRole("button", { name: "Upload" })).toBeDisabled();
    const big = new File(["x"], "big.zip", { type: "application/zip" });
    Object.defineProperty(big, "size", { value: 21 * 1024 * 1024 });
    await user.upload(screen.getByLabelText("Choose a file"), big);
    expect(screen.getByRole("alert")).toHaveTextContent("The file is larger than 20 MB.");
    expect(declared).toEqual([]);
    expect(FakeXhr.sent).toEqual([]);
  });
});

describe("my data", () => {
  it("says when the export is partial", async () => {
    Object.assign(URL, { createObjectURL: vi.fn(() => "blob:https://portal.example/2"), revokeObjectURL: vi.fn() });
    mockApi(
      portalRoutes({
        "GET /api/me/export": () =>
          new Response(
            JSON.stringify({ exportedAt: "2026-11-28T12:00:00Z", records: { Cases: [] }, truncated: ["Cases"], truncatedReason: "size" }),
            { headers: { "Content-Type": "application/json" } },
          ),
      }),
    );
    render("/p/acme/welcome");
    const user = userEvent.setup();
    await user.click(await screen.findByRole("button", { name: "Download my data" }));
    expect(
      await screen.findByText("The file is partial: some of your records did not fit in it. You can see all of them in the portal."),
    ).toBeInTheDocument();
  });

  it("downloads the export as my-data.json", async () => {
    const created: Blob[] = [];
    Object.assign(URL, {
      createObjectURL: vi.fn((blob: Blob) => {
        created.push(blob);
        return "blob:https://portal.example/1";
      }),
      revokeObjectURL: vi.fn(),
    });
    mockApi(
      portalRoutes({
        "GET /api/me/export": () =>
          new Response(JSON.stringify({ exportedAt: "2026-11-28T12:00:00Z", records: {} }), {
            headers: {
              "Content-Type": "application/json",
              "Content-Disposition": 'attachment; filename="my-data.json"',
            },
          }),
      }),
    );
    render("/p/acme/welcome");
    const user = userEvent.setup();
    await user.click(await screen.findByRole("button", { name: "Download my data" }));
    expect(await screen.findByText("Your data was downloaded as my-data.json.")).toBeInTheDocument();
    expect(followed).toEqual([{ href: "blob:https://portal.example/1", download: "my-data.json" }]);
    expect(JSON.parse(await at(created, 0).text())).toEqual({
      exportedAt: "2026-11-28T12:00:00Z",
      records: {},
    });
  });
});
