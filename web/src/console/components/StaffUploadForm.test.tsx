import { act, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { App } from "../../App";
import type { Attachment } from "../../shared/api/client";
import { attachment } from "../../test/cases";
import { consoleRoutes, contact, mockApi } from "../../test/console";
import { jsonResponse, renderWithProviders } from "../../test/utils";

/** A stand-in for the browser's XMLHttpRequest: the test answers the storage's post. */
class FakeXhr {
  static sent: FakeXhr[] = [];
  url = "";
  status = 0;
  upload: { onprogress: (() => void) | null } = { onprogress: null };
  onload: (() => void) | null = null;
  onerror: (() => void) | null = null;
  open(_method: string, url: string) {
    this.url = url;
  }
  send() {
    FakeXhr.sent.push(this);
  }
}

const upload = {
  url: "https://storage.example/bucket",
  fields: { key: "uploads/o1/a9", policy: "p0l1cy" },
  maxBytes: 20 * 1024 * 1024,
  expiresAt: "2026-11-28T13:00:00Z",
};

const staffFile = (overrides: Partial<Attachment>) =>
  attachment({ mine: false, uploadedBy: { kind: "staff", id: "u1", name: "Ana Admin" }, ...overrides });

beforeEach(() => {
  FakeXhr.sent = [];
  vi.stubGlobal("XMLHttpRequest", FakeXhr);
});

afterEach(() => {
  vi.unstubAllGlobals();
  vi.restoreAllMocks();
});

describe("console attachments", () => {
  it("marks each file shared or internal and uploads one shared with the customer", async () => {
    let items = [
      staffFile({ id: "a1", filename: "contract.pdf", shared: true }),
      staffFile({ id: "a2", filename: "margin.xlsx", shared: false }),
    ];
    const declared: unknown[] = [];
    let completed = 0;
    mockApi({
      ...consoleRoutes(),
      "GET /api/admin/records/Contacts/c1": () => jsonResponse(contact(1)),
      "GET /api/admin/records/Contacts/c1/notes": () => jsonResponse({ items: [] }),
      "GET /api/admin/records/Contacts/c1/attachments": () => jsonResponse({ items }),
      "POST /api/admin/records/Contacts/c1/attachments": async (request) => {
        const body = (await request.json()) as { shared: boolean };
        declared.push(body);
        const pending = staffFile({ id: "a9", filename: "invoice.pdf", status: "pending", size: 5, shared: body.shared });
        return jsonResponse({ attachment: pending, upload }, 201);
      },
      "POST /api/admin/records/Contacts/c1/attachments/a9/complete": () => {
        completed++;
        const done = staffFile({ id: "a9", filename: "invoice.pdf", size: 5, shared: true });
        items = [...items, done];
        return jsonResponse(done);
      },
    });
    renderWithProviders(<App />, { language: "en", route: "/admin/records/Contacts/c1" });
    const user = userEvent.setup();

    const table = await screen.findByTestId("attachments");
    const [contract, margin] = within(table).getAllByTestId("attachment") as [HTMLElement, HTMLElement];
    expect(within(contract).getByTestId("attachment-shared")).toHaveTextContent("Shared");
    expect(within(margin).getByTestId("attachment-internal")).toHaveTextContent("Internal");
    expect(within(margin).queryByTestId("attachment-shared")).not.toBeInTheDocument();

    const share = screen.getByLabelText("Share with the customer");
    expect(share).not.toBeChecked();
    await user.upload(
      screen.getByLabelText("Choose a file"),
      new File(["%PDF-"], "invoice.pdf", { type: "application/pdf" }),
    );
    await user.click(share);
    await user.click(screen.getByRole("button", { name: "Upload" }));
    await waitFor(() => {
      expect(FakeXhr.sent).toHaveLength(1);
    });
    expect(declared).toEqual([
      { filename: "invoice.pdf", contentType: "application/pdf", size: 5, shared: true },
    ]);
    act(() => {
      const xhr = FakeXhr.sent[0];
      if (!xhr) throw new Error("no upload");
      xhr.status = 204;
      xhr.onload?.();
    });
    expect(
      await screen.findByText("invoice.pdf was uploaded and shared with the customer."),
    ).toHaveAttribute("role", "status");
    expect(completed).toBe(1);
    expect(screen.getByLabelText("Share with the customer")).not.toBeChecked();
    const added = await within(table).findByRole("rowheader", { name: /invoice\.pdf/ });
    expect(within(added).getByTestId("attachment-shared")).toBeInTheDocument();
  });

  it("keeps a file internal unless the box is ticked", async () => {
    const declared: unknown[] = [];
    mockApi({
      ...consoleRoutes(),
      "GET /api/admin/records/Contacts/c1": () => jsonResponse(contact(1)),
      "GET /api/admin/records/Contacts/c1/notes": () => jsonResponse({ items: [] }),
      "GET /api/admin/records/Contacts/c1/attachments": () => jsonResponse({ items: [] }),
      "POST /api/admin/records/Contacts/c1/attachments": async (request) => {
        declared.push(await request.json());
        const pending = staffFile({ id: "a9", filename: "notes.txt", status: "pending", size: 2, shared: false });
        return jsonResponse({ attachment: pending, upload }, 201);
      },
      "POST /api/admin/records/Contacts/c1/attachments/a9/complete": () =>
        jsonResponse(staffFile({ id: "a9", filename: "notes.txt", size: 2, shared: false })),
    });
    renderWithProviders(<App />, { language: "en", route: "/admin/records/Contacts/c1" });
    const user = userEvent.setup();
    await screen.findByTestId("attachments-empty");
    await user.upload(screen.getByLabelText("Choose a file"), new File(["hi"], "notes.txt", { type: "text/plain" }));
    await user.click(screen.getByRole("button", { name: "Upload" }));
    await waitFor(() => {
      expect(FakeXhr.sent).toHaveLength(1);
    });
    expect(declared).toEqual([{ filename: "notes.txt", contentType: "text/plain", size: 2, shared: false }]);
    act(() => {
      const xhr = FakeXhr.sent[0];
      if (!xhr) throw new Error("no upload");
      xhr.status = 204;
      xhr.onload?.();
    });
    expect(await screen.findByText("notes.txt was uploaded as an internal file.")).toBeInTheDocument();
  });
});
