import { describe, expect, it } from "vitest";
import { inSentence, labelContext, portugueseGender, spanishGender } from "./portalWording";

describe("inSentence", () => {
  it.each([
    ["one capitalised word", "Caso", "caso"],
    ["two capitalised words", "Sales Order", "sales order"],
    ["Portuguese with lower words", "Pedido de venda", "pedido de venda"],
    ["accented", "Cotação", "cotação"],
    ["acronym kept", "SAC", "SAC"],
    ["hyphenated acronym kept", "NF-e", "NF-e"],
    ["mixed case kept", "iPhone", "iPhone"],
    ["empty", "", ""],
  ])("%s", (_name, label, want) => {
    const got = inSentence(label);
    expect(got).toBe(want);
  });
});

describe("portugueseGender", () => {
  it.each([
    ["Fatura", "female"],
    ["Cotação", "female"],
    ["Solução", "female"],
    ["Conta", "female"],
    ["Oportunidade", "female"],
    ["Ordem de serviço", "female"],
    ["Caso", "male"],
    ["Contato", "male"],
    ["Produto", "male"],
    ["Lead", "male"],
    ["Pedido de venda", "male"],
    ["Problema", "male"],
    ["", "male"],
  ])("%s", (label, want) => {
    const got = portugueseGender(label);
    expect(got).toBe(want);
  });
});

describe("spanishGender", () => {
  it.each([
    ["Factura", "female"],
    ["Cotización", "female"],
    ["Solución", "female"],
    ["Cuenta", "female"],
    ["Oportunidad", "female"],
    ["Orden de compra", "female"],
    ["Caso", "male"],
    ["Contacto", "male"],
    ["Producto", "male"],
    ["Cliente potencial", "male"],
    ["Pedido de venta", "male"],
    ["Problema", "male"],
    ["", "male"],
  ])("%s", (label, want) => {
    const got = spanishGender(label);
    expect(got).toBe(want);
  });
});

describe("labelContext", () => {
  it.each([
    ["Portuguese feminine", "Fatura", "pt-BR", { context: "female" }],
    ["Portuguese masculine", "Caso", "pt-BR", { context: "male" }],
    ["Spanish feminine", "Factura", "es", { context: "female" }],
    ["Spanish masculine", "Caso", "es", { context: "male" }],
    ["English has none", "Invoice", "en", {}],
  ])("%s", (_name, label, language, want) => {
    const got = labelContext(label, language);
    expect(got).toEqual(want);
  });
});
