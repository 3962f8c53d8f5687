import type { TFunction } from "i18next";
import * as z from "zod/mini";

/** Languages of the welcome text the console edits. */
export const WELCOME_LANGUAGES = ["pt-BR", "en", "es"] as const;

export type WelcomeLanguage = (typeof WELCOME_LANGUAGES)[number];

/** The colour input shows this until the portal has one. */
export const DEFAULT_COLOR = "#1d4ed8";

export const NAME_MAX = 100;

/** A portal address (the part after /p/), as the API checks it. */
export const SLUG_PATTERN = /^[a-z0-9](?:-?[a-z0-9])+$/;

export const SLUG_MAX = 63;

export const WELCOME_MAX = 2000;

export interface Notice {
  kind: "created" | "saved" | "renamed" | "logo";
  url: string;
}

export interface NameValues {
  name: string;
}

export function nameSchema(t: TFunction) {
  // Plain strings, from i18next's own TFunction type: inferring through
  // ReturnType<typeof useTranslation> goes too deep for tsc with all the texts.
  const required = t("validation.required");
  const tooLong = t("validation.maxLength", { max: NAME_MAX });
  return z
    .string()
    .check(
      z.trim(),
      z.minLength(1, required),
      z.maxLength(NAME_MAX, tooLong),
    );
}
