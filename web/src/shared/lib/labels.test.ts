import { describe, expect, it } from "vitest";
import { distinctChoices, optionLabel, type HasOptions } from "./labels";

const status: HasOptions = {
  options: [
    { value: "Created", labels: { en: "Issued", "pt-BR": "Emitida" } },
    { value: "Approved", labels: { en: "Issued", "pt-BR": "Emitida" } },
    { value: "Paid", labels: { en: "Paid", "pt-BR": "Paga" } },
    { value: "Overdue", labels: { en: "Overdue", "pt-BR": "" } },
    { value: "Gold" },
    { value: "Custom", labels: { "pt-BR": "Sob medida" } },
  ],
};

describe("optionLabel", () => {
  it.each([
    ["label in the language", "Paid", "pt-BR", "Paga"],
    ["label in English", "Paid", "en", "Paid"],
    ["customer-facing label", "Created", "pt-BR", "Emitida"],
    ["primary language of the tag", "Paid", "pt", "Paga"],
    ["blank label falls back to English", "Overdue", "pt-BR", "Overdue"],
    ["no labels: the value", "Gold", "pt-BR", "Gold"],
    ["only another language: that label", "Custom", "es", "Sob medida"],
    ["not an option: as answered", "Emitida", "pt-BR", "Emitida"],
  ])("%s", (_name, value, language, want) => {
    const got = optionLabel(status, value, language);
    expect(got).toBe(want);
  });

  it("is never blank for a value", () => {
    const blank: HasOptions = { options: [{ value: "X", labels: { en: "", "pt-BR": "" } }] };
    expect(optionLabel(blank, "X", "pt-BR")).toBe("X");
  });
});

describe("distinctChoices", () => {
  it("lists a shared label once, matching all its values", () => {
    const got = distinctChoices(status, "pt-BR");
    expect(got.map((choice) => choice.label)).toEqual([
      "Emitida",
      "Paga",
      "Overdue",
      "Gold",
      "Sob medida",
    ]);
    expect(got[0]).toEqual({ value: "Created", values: ["Created", "Approved"], label: "Emitida" });
  });

  it("keeps one choice per option when labels differ", () => {
    const got = distinctChoices(
      { options: [{ value: "High", labels: { en: "High", "pt-BR": "Alta" } }, { value: "Low" }] },
      "pt-BR",
    );
    expect(got).toEqual([
      { value: "High", values: ["High"], label: "Alta" },
      { value: "Low", values: ["Low"], label: "Low" },
    ]);
  });
});
