import { describe, expect, it } from "vitest";
import { formatDateTime, formatScalar } from "../../shared/lib/format";
import type { MyField } from "../../shared/api/client";
import { formatMyValue, portalFormatContext } from "./portalFormat";

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

describe("portal money is in the organization's currency, written the reader's way", () => {
  // U+00A0 (no-break space) is what Intl puts between "R$" and the amount in pt-BR.
  it.each([
    ["an English reader of a Brazilian company", "en", "BRL", "R$4,140.00"],
    ["a Portuguese reader of a Brazilian company", "pt-BR", "BRL", "R$\u00a04.140,00"],
    ["a Portuguese reader of a US company", "pt-BR", "USD", "US$\u00a04.140,00"],
    ["an English reader of a US company", "en", "USD", "$4,140.00"],
    ["no currency answered: reais in Portuguese", "pt-BR", undefined, "R$\u00a04.140,00"],
    ["no currency answered: dollars in English", "en", undefined, "$4,140.00"],
    ["an unknown currency falls back like none", "en", "XX1", "$4,140.00"],
  ] as const)("%s", (_name, language, currency, want) => {
    const ctx = portalFormatContext(language, undefined, currency);
    const got = formatScalar("currency", 4140, ctx);
    expect(got).toBe(want);
  });
});

describe("portal picklist values show in the user's language", () => {
  const words = { yes: "Sim", no: "Não" };
  const field = {
    apiName: "Priority",
    labels: { en: "Priority", "pt-BR": "Prioridade" },
    type: "picklist",
    required: false,
    mode: "read",
    options: [
      { value: "High", labels: { en: "High", "pt-BR": "Alta" } },
      { value: "Low", labels: { en: "Low", "pt-BR": "Baixa" } },
    ],
  } as MyField;
  const tags = { ...field, apiName: "Tags", type: "multipicklist" };

  it.each([
    ["picklist in Portuguese", field, "High", "pt-BR", "Alta"],
    ["picklist in English", field, "High", "en", "High"],
    ["value already a customer label", field, "Emitida", "pt-BR", "Emitida"],
    ["multipicklist element by element", tags, ["High", "Low"], "pt-BR", "Alta, Baixa"],
    ["unknown element kept", tags, ["High", "Other"], "pt-BR", "Alta, Other"],
  ] as const)("%s", (_name, f, value, language, want) => {
    const got = formatMyValue(f, value, portalFormatContext(language), words);
    expect(got).toBe(want);
  });
});
