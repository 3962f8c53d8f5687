import type { TFunction } from "i18next";
import { describe, expect, it } from "vitest";
import { NOTE_MAX } from "../limits.gen";
import { noteProblemText } from "./notes";

describe("noteProblemText", () => {
  const t = ((key: string, options?: { max?: number }) =>
    options?.max === undefined ? key : `${key}:${String(options.max)}`) as unknown as TFunction;
  const cases = [
    { name: "blank", body: "  \n", want: "notes.required" },
    { name: "too long", body: "x".repeat(NOTE_MAX + 1), want: `notes.tooLong:${String(NOTE_MAX)}` },
    { name: "at the limit", body: "x".repeat(NOTE_MAX), want: undefined },
    { name: "fine", body: "Thanks!", want: undefined },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const got = noteProblemText(c.body, t);
      expect(got).toBe(c.want);
    });
  }
});
