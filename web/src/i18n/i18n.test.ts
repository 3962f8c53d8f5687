import { act, renderHook } from "@testing-library/react";
import { createElement, type ReactNode } from "react";
import { I18nextProvider, useTranslation } from "react-i18next";
import { describe, expect, it, vi } from "vitest";
import en from "./locales/en.json";
import ptBR from "./locales/pt-BR.json";
import es from "./locales/es.json";
import {
  createI18n,
  detectLanguage,
  hasTexts,
  LANGUAGE_STORAGE_KEY,
  loadTexts,
  normalizeLanguage,
  resources,
  setLanguage,
  SUPPORTED_LANGUAGES,
} from ".";

function keys(value: unknown, prefix = ""): string[] {
  if (typeof value !== "object" || value === null) return [prefix];
  return Object.entries(value).flatMap(([key, child]) =>
    keys(child, prefix ? `${prefix}.${key}` : key),
  );
}

function lookup(source: unknown, path: string): unknown {
  return path
    .split(".")
    .reduce<unknown>((node, key) => (node as Record<string, unknown>)[key], source);
}

function placeholders(text: string): string[] {
  return [...text.matchAll(/\{\{\s*(\w+)/g)].map((match) => match[1] ?? "").sort();
}

const locales = { en, "pt-BR": ptBR, es } as const;
const translated = [
  ["Portuguese", ptBR],
  ["Spanish", es],
] as const;

describe("translations", () => {
  for (const [name, texts] of translated) {
    it(`have the same keys in English and ${name}`, () => {
      expect(keys(texts).sort()).toEqual(keys(en).sort());
    });

    it(`use the same placeholders in English and ${name}`, () => {
      for (const key of keys(en)) {
        expect(placeholders(String(lookup(texts, key))), key).toEqual(
          placeholders(String(lookup(en, key))),
        );
      }
    });
  }

  it("exist for every supported language, and only for those", () => {
    expect(Object.keys(locales).sort()).toEqual([...SUPPORTED_LANGUAGES].sort());
    expect(Object.keys(resources).sort()).toEqual([...SUPPORTED_LANGUAGES].sort());
  });

  it("name every supported language in the language picker of every language", () => {
    for (const texts of Object.values(locales)) {
      expect(Object.keys(texts.language.options).sort()).toEqual([...SUPPORTED_LANGUAGES].sort());
    }
  });

  it("have only non-empty strings", () => {
    for (const source of Object.values(locales)) {
      for (const key of keys(source)) {
        const value = lookup(source, key);
        expect(typeof value, key).toBe("string");
        expect(String(value).trim(), key).not.toBe("");
      }
    }
  });
});

describe("normalizeLanguage", () => {
  it.each([
    ["pt-BR", "pt-BR"],
    ["pt", "pt-BR"],
    ["pt-PT", "pt-BR"],
    ["PT_br", "pt-BR"],
    ["en", "en"],
    ["en-US", "en"],
    ["en-GB", "en"],
    ["es", "es"],
    ["es-419", "es"],
    ["es-MX", "es"],
    ["ES_es", "es"],
    ["fr-FR", undefined],
    ["", undefined],
    [undefined, undefined],
    [null, undefined],
  ])("maps %s to %s", (tag, expected) => {
    expect(normalizeLanguage(tag)).toBe(expected);
  });
});

describe("detectLanguage", () => {
  const cases: { name: string; stored: string | null; browser: string[]; want: string }[] = [
    { name: "the stored choice first", stored: "pt-BR", browser: ["en-US", "en"], want: "pt-BR" },
    { name: "the browser's first language", stored: null, browser: ["pt-PT", "en"], want: "pt-BR" },
    { name: "a later supported browser language", stored: null, browser: ["fr-FR", "en-GB"], want: "en" },
    { name: "past an unsupported stored value", stored: "fr", browser: ["pt"], want: "pt-BR" },
    { name: "a Spanish browser", stored: null, browser: ["es-AR", "en"], want: "es" },
    { name: "the stored Spanish choice over the browser", stored: "es", browser: ["pt-BR"], want: "es" },
    { name: "English when nothing is supported", stored: null, browser: ["de", "fr"], want: "en" },
    { name: "English with no browser languages", stored: null, browser: [], want: "en" },
  ];
  for (const { name, stored, browser, want } of cases) {
    it(name, () => {
      if (stored !== null) localStorage.setItem(LANGUAGE_STORAGE_KEY, stored);
      vi.spyOn(window.navigator, "languages", "get").mockReturnValue(browser);
      vi.spyOn(window.navigator, "language", "get").mockReturnValue(browser[0] ?? "");
      expect(detectLanguage()).toBe(want);
    });
  }

  it("follows the browser when storage cannot be read", () => {
    vi.spyOn(Storage.prototype, "getItem").mockImplementation(() => {
      throw new DOMException("denied", "SecurityError");
    });
    vi.spyOn(window.navigator, "languages", "get").mockReturnValue(["pt-BR"]);
    expect(detectLanguage()).toBe("pt-BR");
  });
});

describe("setLanguage", () => {
  it("switches the instance the app renders with, given react-i18next's i18n", async () => {
    const instance = createI18n({ lng: "en" });
    await loadTexts(instance, ["shared"]);
    const { result } = renderHook(() => useTranslation(), {
      wrapper: ({ children }: { children: ReactNode }) =>
        createElement(I18nextProvider, { i18n: instance }, children),
    });
    const given = result.current.i18n;
    // useTranslation hands out a wrapper of the instance, not the instance.
    expect(given).not.toBe(instance);

    await act(() => setLanguage(given, "pt-BR"));

    expect(instance.language).toBe("pt-BR");
    expect(hasTexts(instance, "shared", "pt-BR")).toBe(true);
    expect(instance.t("app.title")).toBe("Portal do Cliente");
  });
});
