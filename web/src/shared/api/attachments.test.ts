import { describe, expect, it } from "vitest";
import { noteProblem } from "../lib/notes";
import { checkAttachmentFile, formatBytes } from "./attachments";
import { ATTACHMENT_MAX_BYTES } from "../limits.gen";

describe("attachments and notes", () => {
  it("checks a file's type and size before sending", () => {
    expect(checkAttachmentFile({ name: "Report.PDF", size: 10 })).toEqual({
      contentType: "application/pdf",
    });
    expect(checkAttachmentFile({ name: "data.csv", size: 10 })).toEqual({ contentType: "text/csv" });
    expect(checkAttachmentFile({ name: "virus.exe", size: 10 })).toEqual({ problem: "type" });
    expect(checkAttachmentFile({ name: "noext", size: 10 })).toEqual({ problem: "type" });
    expect(checkAttachmentFile({ name: "big.zip", size: ATTACHMENT_MAX_BYTES + 1 })).toEqual({
      problem: "size",
    });
    expect(checkAttachmentFile({ name: "empty.txt", size: 0 })).toEqual({ problem: "empty" });
    expect(formatBytes(2048, "en")).toBe("2 KB");
    expect(formatBytes(1536 * 1024, "pt-BR")).toBe("1,5 MB");
  });

  it("refuses empty and too long notes", () => {
    expect(noteProblem("  ")).toBe("required");
    expect(noteProblem("x".repeat(10_001))).toBe("tooLong");
    expect(noteProblem("ok")).toBeUndefined();
  });
});
