import { screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, describe, expect, it, vi } from "vitest";
import { fetchMyRecordPdf } from "../api/documents";
import { jsonResponse, mockFetch, problemResponse, renderWithProviders } from "../../test/utils";
import { PdfButton } from "./PdfButton";

describe("PdfButton", () => {
  afterEach(() => {
    vi.unstubAllGlobals();
  });

  it("asks for the record's PDF link in the reader's language and follows it", async () => {
    const fetchMock = mockFetch(() =>
      jsonResponse({ url: "https://files.example/pdf/x.pdf", expiresAt: "2026-01-01T00:05:00Z" }),
    );
    const clicked: string[] = [];
    const click = vi.spyOn(HTMLAnchorElement.prototype, "click").mockImplementation(function (this: HTMLAnchorElement) {
      clicked.push(this.href);
    });
    renderWithProviders(<PdfButton fetchLink={() => fetchMyRecordPdf("Invoices", "inv1", "pt-BR")} />, {
      language: "pt-BR",
    });
    await userEvent.click(screen.getByRole("button", { name: "Baixar PDF" }));
    await waitFor(() => {
      expect(clicked).toEqual(["https://files.example/pdf/x.pdf"]);
    });
    const request = fetchMock.mock.calls[0]?.[0] as Request;
    expect(new URL(request.url).pathname).toBe("/api/records/Invoices/inv1/pdf");
    expect(new URL(request.url).searchParams.get("lang")).toBe("pt-BR");
    click.mockRestore();
  });

  it("says when the PDF could not be prepared", async () => {
    mockFetch(() => problemResponse({ type: "about:blank", title: "Not found", status: 404 }));
    renderWithProviders(<PdfButton fetchLink={() => fetchMyRecordPdf("Invoices", "gone", "en")} />, {
      language: "en",
    });
    await userEvent.click(screen.getByRole("button", { name: "Download PDF" }));
    expect(await screen.findByRole("alert")).toHaveTextContent("The PDF could not be prepared. Try again.");
  });
});
