import i18next, { type i18n as I18n } from "i18next";
import LanguageDetector from "i18next-browser-languagedetector";
import { initReactI18next } from "react-i18next";
import en from "./locales/en.json";
import ptBR from "./locales/pt-BR.json";

export const SUPPORTED_LANGUAGES = ["en", "pt-BR"] as const;
export type Language = (typeof SUPPORTED_LANGUAGES)[number];
export const DEFAULT_LANGUAGE: Language = "en";

/** localStorage key that keeps the language the user picked explicitly. */
export const LANGUAGE_STORAGE_KEY = "portal.language";

export const resources = {
  en: { translation: en },
  "pt-BR": { translation: ptBR },
} as const;

/**
 * Maps a BCP 47 tag from the browser or from storage onto a supported
 * language: any Portuguese variant becomes pt-BR, any English variant en.
 */
export function normalizeLanguage(tag: string | null | undefined): Language | undefined {
  if (!tag) return undefined;
  const primary = tag.trim().toLowerCase().split(/[-_]/)[0];
  if (primary === "pt") return "pt-BR";
  if (primary === "en") return "en";
  return undefined;
}

export interface CreateI18nOptions {
  /** Fixed language (tests); when absent the language is detected. */
  lng?: Language;
}

/**
 * Creates an initialised i18next instance. The language comes from the
 * user's stored choice, then from the browser's preferred languages, and
 * falls back to English.
 */
export function createI18n(options: CreateI18nOptions = {}): I18n {
  const instance = i18next.createInstance();
  if (!options.lng) instance.use(LanguageDetector);
  instance.use(initReactI18next);
  void instance.init({
    resources,
    ...(options.lng ? { lng: options.lng } : {}),
    fallbackLng: DEFAULT_LANGUAGE,
    supportedLngs: [...SUPPORTED_LANGUAGES],
    load: "currentOnly",
    initAsync: false,
    interpolation: { escapeValue: false },
    detection: {
      order: ["localStorage", "navigator"],
      lookupLocalStorage: LANGUAGE_STORAGE_KEY,
      // Only an explicit choice is stored (see setLanguage), so a visitor
      // who never picks one keeps following the browser's setting.
      caches: [],
      convertDetectedLanguage: (tag: string) => normalizeLanguage(tag) ?? tag,
    },
  });
  return instance;
}

/** The supported language an i18next instance currently shows. */
export function currentLanguage(instance: I18n): Language {
  return normalizeLanguage(instance.resolvedLanguage ?? instance.language) ?? DEFAULT_LANGUAGE;
}

/** Switches the language and remembers the choice for the next visit. */
export async function setLanguage(instance: I18n, language: Language): Promise<void> {
  try {
    localStorage.setItem(LANGUAGE_STORAGE_KEY, language);
  } catch {
    // Storage can be unavailable (private mode, disabled cookies); the
    // switch still applies to the current page.
  }
  await instance.changeLanguage(language);
}
