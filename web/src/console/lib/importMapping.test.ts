import { describe, expect, it } from "vitest";
import type { Field } from "../../shared/api/client";
import { parseCsvHeader } from "./csv";
import { autoMapping, guessExternalId } from "./importMapping";

const field = (apiName: string, type: Field["type"], extra: Partial<Field> = {}): Field => ({
  apiName,
  labels: { en: apiName.replaceAll("_", " ") },
  type,
  required: false,
  system: false,
  custom: false,
  ...extra,
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
