import { describe, expect, it } from "vitest";
import type { FieldType } from "../api/client";
import { formatContext, formatLineItems, formatScalar } from "./format";

const us = formatContext("en", undefined);
const br = formatContext("pt-BR", { country: "BR", timeFormat: "24h" } as never);

describe("formatScalar", () => {
  const cases: {
    name: string;
    type: FieldType | undefined;
    value: string | number;
    ctx: typeof us;
    want: string;
  }[] = [
    { name: "currency from text", type: "currency", value: "1234.5", ctx: us, want: "$1,234.50" },
    { name: "currency from a number, reais", type: "currency", value: 1234.5, ctx: br, want: "R$\u00a01.234,50" },
    { name: "percent number", type: "percent", value: 12.5, ctx: us, want: "12.5 %" },
    { name: "percent text stays", type: "percent", value: "n/a", ctx: us, want: "n/a" },
    { name: "number in the language's digits", type: "number", value: 1234.5, ctx: br, want: "1.234,5" },
    { name: "date", type: "date", value: "2026-01-02", ctx: br, want: "2 de jan. de 2026" },
    { name: "text as it is", type: "text", value: "Acme", ctx: us, want: "Acme" },
    { name: "no type, a number", type: undefined, value: 3, ctx: us, want: "3" },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const got = formatScalar(c.type, c.value, c.ctx);
      expect(got).toBe(c.want);
    });
  }
});

describe("formatLineItems", () => {
  const line = (name: string, quantity: number, total: string) => ({
    Product: { id: name, name },
    Quantity: quantity,
    UnitPrice: total,
    Total: total,
  });
  const cases = [
    { name: "none", value: [], want: "" },
    { name: "one", value: [line("Widget", 2, "10.00")], want: "Widget × 2 = $10.00" },
    {
      name: "several, non-lines skipped",
      value: [line("A", 1, "1.00"), "junk", line("B", 3, "4.50")],
      want: "A × 1 = $1.00; B × 3 = $4.50",
    },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const got = formatLineItems(c.value, us);
      expect(got).toBe(c.want);
    });
  }
});
