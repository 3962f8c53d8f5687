import { describe, expect, it } from "vitest";
import type { Field } from "../api/client";
import { parseCsvHeader } from "../../console/lib/csv";
import { formatContext, formatFieldValue } from "./format";
import { autoMapping, guessExternalId } from "../../console/lib/importMapping";
import { pickLabel } from "./labels";
import { loginPath, safeNext } from "../../console/lib/next";
import { formPath, toApiValue, toFormValue } from "./recordForm";

const field = (apiName: string, type: Field["type"], extra: Partial<Field> = {}): Field => ({
  apiName,
  labels: { en: apiName.replaceAll("_", " ") },
  type,
  required: false,
  system: false,
  custom: false,
  ...extra,
});

describe("safeNext", () => {
  it.each([
    [null, "/admin"],
    ["/admin/records/Contacts?sort=Last_Name", "/admin/records/Contacts?sort=Last_Name"],
    ["/admin", "/admin"],
    ["https://evil.example/admin", "/admin"],
    ["//evil.example/admin", "/admin"],
    ["/administrator", "/admin"],
    ["/admin/login?next=/admin", "/admin"],
    ["/admin/reset/abc", "/admin"],
    ["/admin\\..\\evil", "/admin"],
    ["/p/acme", "/admin"],
  ])("keeps %s as %s", (next, expected) => {
    expect(safeNext(next)).toBe(expected);
  });

  it("builds the sign-in address", () => {
    expect(loginPath("/admin")).toBe("/admin/login");
    expect(loginPath("/admin/records/Contacts?x=1")).toBe(
      "/admin/login?next=%2Fadmin%2Frecords%2FContacts%3Fx%3D1",
    );
  });
});

describe("CSV header", () => {
  it("reads quoted, comma-containing and BOM-prefixed headers", () => {
    expect(parseCsvHeader('\uFEFFFirst Name,"Last, Name","Say ""hi""",Email\r\nA,B,C,D')).toEqual([
      "First Name",
      "Last, Name",
      'Say "hi"',
      "Email",
    ]);
    expect(parseCsvHeader("")).toEqual([]);
    expect(parseCsvHeader("One")).toEqual(["One"]);
  });

  it("matches columns to fields by name or label, once each", () => {
    const fields = [
      field("First_Name", "text", { labels: { en: "First Name", "pt-BR": "Nome" } }),
      field("Last_Name", "text", { labels: { en: "Last Name", "pt-BR": "Sobrenome" } }),
      field("Email", "email", { labels: { en: "Email", "pt-BR": "E-mail" } }),
    ];
    expect(autoMapping(["nome", "SOBRENOME", "e-mail", "Email", "Other"], fields)).toEqual({
      nome: "First_Name",
      SOBRENOME: "Last_Name",
      "e-mail": "Email",
      Email: "",
      Other: "",
    });
    expect(guessExternalId(["Email", "External Id"])).toBe("External Id");
    expect(guessExternalId(["ID Externo"])).toBe("ID Externo");
    expect(guessExternalId(["Email"])).toBe("");
  });
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
      ]),
    ).toEqual([{ Product: "p1", Quantity: 2, Unit_Price: "10.00" }]);
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
      ]),
    ).toEqual([{ product: { id: "p1", name: "W" }, quantity: "2", unitPrice: "10.00" }]);
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
