import type { TFunction } from "i18next";
import { useTranslation } from "react-i18next";
import { currentLanguage } from "../../i18n";
import { ApiError, type Problem } from "../api/client";
import { PROBLEM_CODES, type ProblemCode } from "../problemCodes.gen";

/** One refused field of a problem answer: its English rule, and its code for translating it. */
export interface FieldProblem {
  field: string;
  message: string;
  code?: string;
  params?: Record<string, string>;
}

/** Whether the page speaks English, where the API's English sentences may be shown as they are. */
export function isEnglish(language: string): boolean {
  return language === "en" || language.startsWith("en-");
}

/** Whether code is one the web app has translations for (problemCodes.gen.ts). */
export function isProblemCode(code: string | undefined): code is ProblemCode {
  return code !== undefined && Object.hasOwn(PROBLEM_CODES, code);
}

/** The i18n key of a code's sentence, under the locale's "problems" object. */
export function problemKey(code: ProblemCode): string {
  return `problems.${code}`;
}

function translate(t: TFunction, key: string, params?: Record<string, unknown>): string {
  // The keys come from the generated list of codes, which a test checks against the locales.
  return (t as unknown as (key: string, options?: Record<string, unknown>) => string)(key, params);
}

/**
 * A field error's rule in the page's language: its code's sentence with its params; without
 * a known code, the API's English message on an English page and a general sentence on any
 * other, so no English server text reaches a Portuguese page.
 */
export function fieldProblemText(t: TFunction, language: string, item: FieldProblem): string {
  if (isProblemCode(item.code)) return translate(t, problemKey(item.code), item.params);
  if (isEnglish(language) && item.message) return item.message;
  return translate(t, "problems.generic.field");
}

const GENERIC_STATUSES = new Set([400, 401, 403, 404, 409, 410, 412, 413, 422, 429, 503]);

/** A general sentence for a refusal with the given status, in the page's language. */
export function statusProblemText(t: TFunction, status: number): string {
  if (GENERIC_STATUSES.has(status)) return translate(t, `problems.generic.${String(status)}`);
  // A failure of the service is not a refusal of the request: say so, and that a retry may do.
  if (status >= 500) return translate(t, "problem.server", { status });
  return translate(t, "problems.generic.other", { status });
}

/**
 * A problem's detail in the page's language: its code's sentence; without a known code, the
 * English detail on an English page and the general sentence for the status on any other.
 */
export function problemDetailText(
  t: TFunction,
  language: string,
  problem: Problem | undefined,
  status: number,
): string {
  if (isProblemCode(problem?.code)) return translate(t, problemKey(problem.code), problem.params);
  if (isEnglish(language) && problem?.detail) return problem.detail;
  return statusProblemText(t, status);
}

/**
 * The lines that explain a refused call in the page's language: one per field error
 * ("label: rule" when label names the field, the rule alone otherwise), else the detail.
 */
export function problemMessages(
  t: TFunction,
  language: string,
  error: unknown,
  label?: (field: string) => string | undefined,
): string[] {
  if (!(error instanceof ApiError)) return [translate(t, "problem.network")];
  const items = error.problem?.errors ?? [];
  if (items.length > 0) {
    return items.map((item) => {
      const text = fieldProblemText(t, language, item);
      const name = label?.(item.field);
      return name ? `${name}: ${text}` : text;
    });
  }
  return [problemDetailText(t, language, error.problem, error.status)];
}

/** The problem renderers bound to the page's language (see the functions above). */
export function useProblems() {
  const { t, i18n } = useTranslation();
  const language = currentLanguage(i18n);
  return {
    language,
    field: (item: FieldProblem) => fieldProblemText(t, language, item),
    detail: (problem: Problem | undefined, status: number) =>
      problemDetailText(t, language, problem, status),
    messages: (error: unknown, label?: (field: string) => string | undefined) =>
      problemMessages(t, language, error, label),
  };
}
