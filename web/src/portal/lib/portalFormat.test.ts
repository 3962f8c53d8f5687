import { describe, expect, it } from "vitest";
import { runBatch } from "../../console/lib/concurrency";
import { formatDateTime } from "../../shared/lib/format";
import { portalFormatContext } from "./portalFormat";
import { actionApplies, typesFor } from "../../console/lib/portalUsers";

const NOON_UTC = "2026-11-28T12:00:00Z";

describe("portal date-times follow the user's preferences", () => {
  it.each([
    ["America/Sao_Paulo", "24h", "en", /9:00/, /AM|PM/],
    ["America/Sao_Paulo", "12h", "en", /9:00\sAM/, null],
    ["Asia/Tokyo", "24h", "en", /21:00/, /AM|PM/],
    ["Asia/Tokyo", "12h", "en", /9:00\sPM/, null],
    ["Asia/Tokyo", "24h", "pt-BR", /21:00/, null],
  ] as const)("in %s with %s (%s)", (timeZone, timeFormat, language, shows, hides) => {
    const ctx = portalFormatContext(language, { timeZone, timeFormat });
    const text = formatDateTime(NOON_UTC, ctx);
    expect(text).toMatch(shows);
    if (hides) expect(text).not.toMatch(hides);
    expect(ctx.hour12).toBe(timeFormat === "12h");
    expect(ctx.timeZone).toBe(timeZone);
  });

  it("shows the same instant on different days in far-apart zones", () => {
    const late = "2026-11-28T23:30:00Z";
    const saoPaulo = formatDateTime(
      late,
      portalFormatContext("en", { timeZone: "America/Sao_Paulo", timeFormat: "24h" }),
    );
    const tokyo = formatDateTime(
      late,
      portalFormatContext("en", { timeZone: "Asia/Tokyo", timeFormat: "24h" }),
    );
    expect(saoPaulo).toContain("Nov 28");
    expect(tokyo).toContain("Nov 29");
  });

  it("ignores a time zone the browser does not know, and works without preferences", () => {
    const unknown = portalFormatContext("en", { timeZone: "Mars/Olympus", timeFormat: "24h" });
    expect(unknown.timeZone).toBeUndefined();
    expect(() => formatDateTime(NOON_UTC, unknown)).not.toThrow();
    const none = portalFormatContext("pt-BR");
    expect(none).toEqual({
      language: "pt-BR",
      currency: "BRL",
      hour12: undefined,
      timeZone: undefined,
    });
  });
});

describe("runBatch", () => {
  it("runs at most `limit` at a time, keeps the order and collects failures", async () => {
    let running = 0;
    let peak = 0;
    const progress: number[] = [];
    const outcomes = await runBatch(
      [1, 2, 3, 4, 5, 6, 7, 8, 9, 10],
      4,
      async (n) => {
        running++;
        peak = Math.max(peak, running);
        await new Promise((resolve) => setTimeout(resolve, 5 + (n % 3)));
        running--;
        if (n % 4 === 0) throw new Error(`no ${String(n)}`);
        return n * 2;
      },
      (done) => progress.push(done),
    );
    expect(peak).toBe(4);
    expect(progress).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(outcomes.map((outcome) => outcome.item)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(outcomes.filter((outcome) => !outcome.ok).map((outcome) => outcome.item)).toEqual([
      4, 8,
    ]);
    expect(outcomes[0]).toEqual({ item: 1, ok: true, value: 2 });
  });

  it("finishes at once with nothing to do", async () => {
    expect(await runBatch([], 4, () => Promise.resolve(1))).toEqual([]);
  });
});

describe("portal user actions", () => {
  it("apply by status", () => {
    expect(actionApplies({ status: "invited" }, "resend")).toBe(true);
    expect(actionApplies({ status: "active" }, "resend")).toBe(false);
    expect(actionApplies({ status: "active" }, "deactivate")).toBe(true);
    expect(actionApplies({ status: "deactivated" }, "deactivate")).toBe(false);
    expect(actionApplies({ status: "deactivated" }, "activate")).toBe(true);
    expect(actionApplies({ status: "invited" }, "activate")).toBe(false);
  });

  it("offer only the types of the same base module", () => {
    const base = { position: 0, seats: 0, free: true, users: 0, capacity: 1, version: 1, tabs: [], fields: {} };
    const types = [
      { ...base, id: "a", name: "A", baseModule: "Contacts" },
      { ...base, id: "b", name: "B", baseModule: "Leads" },
    ];
    expect(typesFor(types, "Leads").map((type) => type.id)).toEqual(["b"]);
    expect(typesFor(undefined, "Leads")).toEqual([]);
  });
});
