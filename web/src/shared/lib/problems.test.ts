import { describe, expect, it } from "vitest";
import en from "../../i18n/locales/en.json";
import ptBR from "../../i18n/locales/pt-BR.json";
import es from "../../i18n/locales/es.json";
import { createI18n, resources } from "../../i18n";
import { ApiError, type Problem } from "../api/client";
import { PROBLEM_CODES } from "../problemCodes.gen";
import { fieldProblemText, problemDetailText, problemMessages, problemKey } from "./problems";
import type { ProblemCode } from "../problemCodes.gen";

function lookup(source: unknown, path: string): unknown {
  return path
    .split(".")
    .reduce<unknown>(
      (node, key) =>
        typeof node === "object" && node !== null ? (node as Record<string, unknown>)[key] : undefined,
      source,
    );
}

const codes = Object.keys(PROBLEM_CODES) as ProblemCode[];

describe("problem codes", () => {
  for (const [language, source] of [
    ["en", en],
    ["pt-BR", ptBR],
    ["es", es],
  ] as const) {
    describe(`have a ${language} sentence`, () => {
      for (const code of codes) {
        it(code, () => {
          const text = lookup(source, problemKey(code));
          expect(typeof text, `${language}: ${problemKey(code)}`).toBe("string");
          expect(String(text).trim()).not.toBe("");
          // A sentence names only params the API sends with its code.
          const names = [...String(text).matchAll(/\{\{\s*(\w+)/g)].map((m) => m[1]);
          const params: readonly string[] = PROBLEM_CODES[code];
          for (const name of names) expect(params, `${code} {{${String(name)}}}`).toContain(name);
        });
      }
    });
  }
});

describe("rendering a problem", () => {
  const pt = createI18n({ lng: "pt-BR", resources });
  const english = createI18n({ lng: "en", resources });
  const spanish = createI18n({ lng: "es", resources });
  const common = {
    field: "password",
    message: "password is too common; choose another",
    code: "password.common",
  };

  const cases: {
    name: string;
    language: "en" | "pt-BR" | "es";
    item: { field: string; message: string; code?: string; params?: Record<string, string> };
    want: string;
  }[] = [
    { name: "a known code in pt-BR", language: "pt-BR", item: common, want: "Esta senha é muito comum; escolha outra." },
    { name: "a known code in English", language: "en", item: common, want: "This password is too common; choose another." },
    {
      name: "params are interpolated",
      language: "pt-BR",
      item: { field: "name", message: "must be 1 to 100 characters", code: "length.range", params: { min: "1", max: "100" } },
      want: "Use de 1 a 100 caracteres.",
    },
    {
      name: "no code in pt-BR falls back to a Portuguese sentence",
      language: "pt-BR",
      item: { field: "x", message: "some new English rule" },
      want: "Este valor não é aceito.",
    },
    {
      name: "an unknown code in pt-BR falls back to a Portuguese sentence",
      language: "pt-BR",
      item: { field: "x", message: "some new English rule", code: "not.a_code" },
      want: "Este valor não é aceito.",
    },
    { name: "a known code in Spanish", language: "es", item: common, want: "Esta contraseña es demasiado común; elija otra." },
    {
      name: "params are interpolated in Spanish",
      language: "es",
      item: { field: "name", message: "must be 1 to 100 characters", code: "length.range", params: { min: "1", max: "100" } },
      want: "Use de 1 a 100 caracteres.",
    },
    {
      name: "no code in Spanish falls back to a Spanish sentence",
      language: "es",
      item: { field: "x", message: "some new English rule" },
      want: "Este valor no se acepta.",
    },
    {
      name: "no code in English shows the API's message",
      language: "en",
      item: { field: "x", message: "some new English rule" },
      want: "some new English rule",
    },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const i18n = { en: english, "pt-BR": pt, es: spanish }[c.language];
      expect(fieldProblemText(i18n.t, c.language, c.item)).toBe(c.want);
    });
  }

  it("shows a conflict's detail by its code, and a general sentence without one", () => {
    const known: Problem = {
      type: "/problems/conflict",
      title: "Conflict",
      status: 409,
      detail: "this person is already an active portal user",
      code: "invite.already_active",
    };
    expect(problemDetailText(pt.t, "pt-BR", known, 409)).toBe("Esta pessoa já é um usuário ativo do portal.");
    const unknown: Problem = { type: "/problems/conflict", title: "Conflict", status: 409, detail: "an English detail" };
    expect(problemDetailText(pt.t, "pt-BR", unknown, 409)).toBe(
      "Isto conflita com o estado atual; recarregue e tente novamente.",
    );
    expect(problemDetailText(english.t, "en", unknown, 409)).toBe("an English detail");
    expect(problemDetailText(pt.t, "pt-BR", undefined, 500)).toBe(
      "O serviço respondeu com um erro inesperado (HTTP 500). Tente novamente em instantes.",
    );
    expect(problemDetailText(pt.t, "pt-BR", undefined, 418)).toBe("O serviço recusou a solicitação (HTTP 418).");
  });

  it("lists field errors with the page's labels and never the English message in pt-BR", () => {
    const error = new ApiError(422, {
      type: "/problems/validation",
      title: "Validation failed",
      status: 422,
      detail: "one or more fields are invalid",
      code: "fields.invalid",
      errors: [
        { field: "tabs[2].display.columns[3]", message: "is hidden for this user type", code: "field.hidden_for_type" },
        { field: "password", message: "password must not be your email address", code: "password.email" },
      ],
    });
    const got = problemMessages(pt.t, "pt-BR", error, (field) => (field === "password" ? "Senha" : undefined));
    expect(got).toEqual([
      "está oculto para este tipo de usuário; mostre o campo ou remova-o daqui.",
      "Senha: A senha não pode ser o seu endereço de e-mail.",
    ]);
    for (const line of got) {
      expect(line).not.toContain("hidden for this user type");
      expect(line).not.toContain("email address");
    }
  });
});
