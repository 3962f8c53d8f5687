import i18next, { type i18n as I18n } from "i18next";
import { initReactI18next } from "react-i18next";
import en from "./locales/en.json";
import ptBR from "./locales/pt-BR.json";
import es from "./locales/es.json";

export const SUPPORTED_LANGUAGES = ["en", "pt-BR", "es"] as const;
export type Language = (typeof SUPPORTED_LANGUAGES)[number];
export const DEFAULT_LANGUAGE: Language = "en";

/** localStorage key that keeps the language the user picked explicitly. */
export const LANGUAGE_STORAGE_KEY = "portal.language";

/**
 * Every text of every language at once, for tests. The app never bundles it: it loads the
 * active language's texts of the sets a page needs (loadTexts).
 */
export const resources = {
  en: { translation: en },
  "pt-BR": { translation: ptBR },
  es: { translation: es },
} as const;

/**
 * The texts are split by language and by set (build/textSets.ts; src/i18n/textSets.json lists
 * each set's sections): "shared" is on every page; "portal" and "console" on their side's
 * pages, with its frame; a page's own sets (lazyPage) load with its code; "problems" (the
 * sentences of the API's problem codes) once the API has refused a request.
 */
export type TextSet =
  | "shared"
  | "portal"
  | "console"
  | "consoleAdmin"
  | "consoleRecords"
  | "consoleSetup"
  | "records"
  | "portalAuth"
  | "portalRecords"
  | "preferences"
  | "myData"
  | "secondFactor"
  | "colleagues"
  | "home"
  | "landing"
  | "validation"
  | "problems";

type TextModule = Promise<{ default: Record<string, unknown> }>;

const textLoaders: Record<Language, Record<TextSet, () => TextModule>> = {
  en: {
    shared: () => import("virtual:texts/en/shared"),
    portal: () => import("virtual:texts/en/portal"),
    console: () => import("virtual:texts/en/console"),
    consoleAdmin: () => import("virtual:texts/en/consoleAdmin"),
    consoleRecords: () => import("virtual:texts/en/consoleRecords"),
    consoleSetup: () => import("virtual:texts/en/consoleSetup"),
    records: () => import("virtual:texts/en/records"),
    portalAuth: () => import("virtual:texts/en/portalAuth"),
    portalRecords: () => import("virtual:texts/en/portalRecords"),
    preferences: () => import("virtual:texts/en/preferences"),
    myData: () => import("virtual:texts/en/myData"),
    secondFactor: () => import("virtual:texts/en/secondFactor"),
    colleagues: () => import("virtual:texts/en/colleagues"),
    home: () => import("virtual:texts/en/home"),
    landing: () => import("virtual:texts/en/landing"),
    validation: () => import("virtual:texts/en/validation"),
    problems: () => import("virtual:texts/en/problems"),
  },
  "pt-BR": {
    shared: () => import("virtual:texts/pt-BR/shared"),
    portal: () => import("virtual:texts/pt-BR/portal"),
    console: () => import("virtual:texts/pt-BR/console"),
    consoleAdmin: () => import("virtual:texts/pt-BR/consoleAdmin"),
    consoleRecords: () => import("virtual:texts/pt-BR/consoleRecords"),
    consoleSetup: () => import("virtual:texts/pt-BR/consoleSetup"),
    records: () => import("virtual:texts/pt-BR/records"),
    portalAuth: () => import("virtual:texts/pt-BR/portalAuth"),
    portalRecords: () => import("virtual:texts/pt-BR/portalRecords"),
    preferences: () => import("virtual:texts/pt-BR/preferences"),
    myData: () => import("virtual:texts/pt-BR/myData"),
    secondFactor: () => import("virtual:texts/pt-BR/secondFactor"),
    colleagues: () => import("virtual:texts/pt-BR/colleagues"),
    home: () => import("virtual:texts/pt-BR/home"),
    landing: () => import("virtual:texts/pt-BR/landing"),
    validation: () => import("virtual:texts/pt-BR/validation"),
    problems: () => import("virtual:texts/pt-BR/problems"),
  },
  es: {
    shared: () => import("virtual:texts/es/shared"),
    portal: () => import("virtual:texts/es/portal"),
    console: () => import("virtual:texts/es/console"),
    consoleAdmin: () => import("virtual:texts/es/consoleAdmin"),
    consoleRecords: () => import("virtual:texts/es/consoleRecords"),
    consoleSetup: () => import("virtual:texts/es/consoleSetup"),
    records: () => import("virtual:texts/es/records"),
    portalAuth: () => import("virtual:texts/es/portalAuth"),
    portalRecords: () => import("virtual:texts/es/portalRecords"),
    preferences: () => import("virtual:texts/es/preferences"),
    myData: () => import("virtual:texts/es/myData"),
    secondFactor: () => import("virtual:texts/es/secondFactor"),
    colleagues: () => import("virtual:texts/es/colleagues"),
    home: () => import("virtual:texts/es/home"),
    landing: () => import("virtual:texts/es/landing"),
    validation: () => import("virtual:texts/es/validation"),
    problems: () => import("virtual:texts/es/problems"),
  },
};

interface TextState {
  /** Every text was given at creation (tests): nothing to load. */
  complete: boolean;
  /** The sets the app has needed so far: a language switch loads them in the new language. */
  wanted: Set<TextSet>;
  /** Loads by "language/set", kept so each happens once and Suspense sees one promise. */
  loads: Map<string, Promise<void>>;
  loaded: Set<string>;
}

const textStates = new WeakMap<I18n, TextState>();

/**
 * The i18next instance itself. react-i18next's useTranslation hands out a wrapper of it (a copy
 * of its properties, the instance under `__original`): a text load or a language switch made
 * on the wrapper would miss the instance the app renders with.
 */
function underlying(instance: I18n): I18n {
  return (instance as I18n & { __original?: I18n }).__original ?? instance;
}

function textState(given: I18n): TextState {
  const instance = underlying(given);
  let state = textStates.get(instance);
  if (!state) {
    state = { complete: false, wanted: new Set(), loads: new Map(), loaded: new Set() };
    textStates.set(instance, state);
  }
  return state;
}

/** Whether the texts of a set are in the instance for a language (no load needed). */
export function hasTexts(instance: I18n, set: TextSet, language: Language): boolean {
  const state = textState(instance);
  return state.complete || state.loaded.has(`${language}/${set}`);
}

/**
 * Loads the texts of the sets in a language (the shown one by default) into the instance,
 * each once; the same promise while a load is under way. A failed load is forgotten, so the
 * next call tries again.
 */
export function loadTexts(
  given: I18n,
  sets: readonly TextSet[],
  language: Language = currentLanguage(given),
): Promise<void> {
  const instance = underlying(given);
  const state = textState(instance);
  for (const set of sets) state.wanted.add(set);
  if (state.complete) return Promise.resolve();
  return Promise.all(
    sets.map((set) => {
      const key = `${language}/${set}`;
      let load = state.loads.get(key);
      if (!load) {
        load = textLoaders[language][set]().then(
          (module) => {
            instance.addResourceBundle(language, "translation", module.default, true, true);
            state.loaded.add(key);
          },
          (error: unknown) => {
            state.loads.delete(key);
            throw error;
          },
        );
        state.loads.set(key, load);
      }
      return load;
    }),
  ).then(() => undefined);
}

/**
 * Maps a BCP 47 tag from the browser or from storage onto a supported
 * language: any Portuguese variant becomes pt-BR, any Spanish variant es (es-419, es-MX, es-ES…),
 * any English variant en.
 */
export function normalizeLanguage(tag: string | null | undefined): Language | undefined {
  if (!tag) return undefined;
  const primary = tag.trim().toLowerCase().split(/[-_]/)[0];
  if (primary === "pt") return "pt-BR";
  if (primary === "en") return "en";
  if (primary === "es") return "es";
  return undefined;
}

/**
 * The language to show: the user's stored choice, then the browser's preferred languages in
 * order, the first that is supported (after normalizeLanguage), else English. A stored value
 * that is not supported is passed over, as is storage that cannot be read. It stores nothing:
 * only an explicit choice is kept (setLanguage), so a visitor who never picks one keeps
 * following the browser's setting.
 */
export function detectLanguage(): Language {
  const tags: (string | null)[] = [];
  try {
    tags.push(localStorage.getItem(LANGUAGE_STORAGE_KEY));
  } catch {
    // Storage can be unavailable (private mode, disabled cookies): the browser's setting decides.
  }
  tags.push(...navigator.languages, navigator.language);
  for (const tag of tags) {
    const language = normalizeLanguage(tag);
    if (language) return language;
  }
  return DEFAULT_LANGUAGE;
}

export interface CreateI18nOptions {
  /** Fixed language (tests); when absent the language is detected. */
  lng?: Language;
  /** Every text up front (tests pass `resources`); when absent loadTexts loads them. */
  resources?: typeof resources;
}

/**
 * Creates an initialised i18next instance. The language comes from the
 * user's stored choice, then from the browser's preferred languages, and
 * falls back to English. Without `resources` it holds no texts until
 * loadTexts loads them.
 */
export function createI18n(options: CreateI18nOptions = {}): I18n {
  const instance = i18next.createInstance();
  instance.use(initReactI18next);
  if (options.resources) textState(instance).complete = true;
  void instance.init({
    resources: options.resources ?? {},
    lng: options.lng ?? detectLanguage(),
    fallbackLng: DEFAULT_LANGUAGE,
    supportedLngs: [...SUPPORTED_LANGUAGES],
    load: "currentOnly",
    initAsync: false,
    interpolation: { escapeValue: false },
  });
  return instance;
}

/** The supported language an i18next instance currently shows. */
export function currentLanguage(given: I18n): Language {
  const instance = underlying(given);
  return normalizeLanguage(instance.resolvedLanguage ?? instance.language) ?? DEFAULT_LANGUAGE;
}

/**
 * Switches the language, once the texts the app has needed so far are loaded in it, and
 * remembers the choice for the next visit.
 */
export async function setLanguage(given: I18n, language: Language): Promise<void> {
  const instance = underlying(given);
  await loadTexts(instance, [...textState(instance).wanted], language);
  try {
    localStorage.setItem(LANGUAGE_STORAGE_KEY, language);
  } catch {
    // Storage can be unavailable (private mode, disabled cookies); the
    // switch still applies to the current page.
  }
  await instance.changeLanguage(language);
}
