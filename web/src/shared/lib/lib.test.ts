import { describe, expect, it } from "vitest";
import type { Field } from "../api/client";
import { formatContext, formatFieldValue } from "./format";
import { pickLabel } from "./labels";
import { formPath, lineRowTotal, toApiValue, toFormValue } from "./recordForm";

const field = (apiName: string, type: Field["type"], extra: Partial<Field> = {}): Field => ({
  apiName,
  labels: { en: apiName.replaceAll("_", " ") },
  type,
  required: false,
  system: false,
  custom: false,
  ...extra,
});

describe("record values", () => {
  it("turns form values into the API's forms", () => {
    expect(toApiValue(field("A", "currency"), "12.5")).toBe("12.50");
    expect(toApiValue(field("A", "currency"), "")).toBeNull();
    expect(toApiValue(field("A", "number"), "3,5")).toBe(3.5);
    expect(toApiValue(field("A", "text"), "  x ")).toBe("x");
    expect(toApiValue(field("A", "boolean"), false)).toBe(false);
    expect(toApiValue(field("A", "lookup"), { id: "a1", name: "Acme" })).toBe("a1");
    expect(toApiValue(field("A", "lookup"), null)).toBeNull();
    expect(toApiValue(field("A", "multipicklist"), ["x", "y"])).toEqual(["x", "y"]);
    expect(
      toApiValue(field("A", "lineitems"), [
        { product: { id: "p1", name: "Widget" }, quantity: "2", unitPrice: "10" },
        { product: { id: "p2", name: "Gadget" }, quantity: "1", unitPrice: "5", discount: " ", tax: "" },
        { product: { id: "p3", name: "Box" }, quantity: "4", unitPrice: "25", discount: "10", tax: "7,5" },
      ]),
    ).toEqual([
      { Product: "p1", Quantity: 2, Unit_Price: "10.00" },
      { Product: "p2", Quantity: 1, Unit_Price: "5.00" },
      { Product: "p3", Quantity: 4, Unit_Price: "25.00", Discount: "10.00", Tax: 7.5 },
    ]);
  });

  it("reads record values into form values", () => {
    expect(toFormValue(field("A", "currency"), "1234.50")).toBe("1234.50");
    expect(toFormValue(field("A", "number"), 7)).toBe("7");
    expect(toFormValue(field("A", "boolean"), null)).toBe(false);
    expect(toFormValue(field("A", "lookup"), { id: "a1", name: "Acme" })).toEqual({
      id: "a1",
      name: "Acme",
    });
    expect(
      toFormValue(field("A", "lineitems"), [
        { Product: { id: "p1", name: "W" }, Quantity: 2, Unit_Price: "10.00", Total: "20.00" },
        {
          Product: { id: "p3", name: "Box" },
          Quantity: 4,
          Unit_Price: "25.00",
          Discount: "10.00",
          Tax: 7.5,
          Total: "96.75",
        },
      ]),
    ).toEqual([
      { product: { id: "p1", name: "W" }, quantity: "2", unitPrice: "10.00", discount: "", tax: "" },
      { product: { id: "p3", name: "Box" }, quantity: "4", unitPrice: "25.00", discount: "10.00", tax: "7.5" },
    ]);
  });

  it("computes a line's total as the server does", () => {
    const row = (discount: string, tax: string) => ({ product: null, quantity: "4", unitPrice: "25", discount, tax });
    expect(lineRowTotal(row("", ""))).toBe(100);
    expect(lineRowTotal(row("10", "7.5"))).toBeCloseTo(96.75, 10);
    expect(lineRowTotal(row("", "10"))).toBeCloseTo(110, 10);
    expect(lineRowTotal({ product: null, quantity: "x", unitPrice: "1" })).toBe(0);
  });

  it("maps server error paths onto form paths", () => {
    const fields = [field("Email", "email"), field("Product_Details", "lineitems")];
    expect(formPath("Email", fields)).toBe("Email");
    expect(formPath("fields.Email", fields)).toBe("Email");
    expect(formPath("Product_Details[3].Quantity", fields)).toBe("Product_Details.3.quantity");
    expect(formPath("Product_Details[0].Product", fields)).toBe("Product_Details.0.product");
    expect(formPath("Product_Details", fields)).toBe("Product_Details");
    expect(formPath("Phone", fields)).toBeUndefined();
  });
});

describe("display", () => {
  it("picks labels by language with fallbacks", () => {
    expect(pickLabel({ en: "Contacts", "pt-BR": "Contatos" }, "pt-BR")).toBe("Contatos");
    expect(pickLabel({ en: "Contacts", pt: "Contatos" }, "pt-BR")).toBe("Contatos");
    expect(pickLabel({ en: "Contacts" }, "pt-BR")).toBe("Contacts");
    expect(pickLabel({}, "en", "fallback")).toBe("fallback");
  });

  it("formats money in the organization's currency and the UI language", () => {
    const words = { yes: "Sim", no: "Não" };
    const br = formatContext("pt-BR", {
      id: "o",
      name: "o",
      language: "pt-BR",
      timeFormat: "24h",
      timeZone: "America/Sao_Paulo",
      country: "BR",
      limits: { userTypes: 5, freeSeats: 3000, licensePool: 0 },
      version: 1,
    });
    expect(formatFieldValue(field("A", "currency"), "1234.50", br, words)).toBe("R$\u00a01.234,50");
    expect(formatFieldValue(field("A", "boolean"), true, br, words)).toBe("Sim");
    expect(formatFieldValue(field("A", "date"), "2026-01-02", br, words)).toBe("2 de jan. de 2026");
    const us = formatContext("en", undefined);
    expect(formatFieldValue(field("A", "currency"), "1234.5", us, words)).toBe("$1,234.50");
  });
});
