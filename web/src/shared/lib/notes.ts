import type { TFunction } from "i18next";
import type { Note } from "../api/client";
import { NOTE_MAX } from "../limits.gen";

/** The reason a note body cannot be sent, or undefined. */
export function noteProblem(body: string): "required" | "tooLong" | undefined {
  if (body.trim() === "") return "required";
  if (body.length > NOTE_MAX) return "tooLong";
  return undefined;
}

/** What is wrong with a note body, in the UI language, or undefined when it can be sent. */
export function noteProblemText(body: string, t: TFunction): string | undefined {
  const reason = noteProblem(body);
  if (!reason) return undefined;
  return reason === "required" ? t("notes.required") : t("notes.tooLong", { max: NOTE_MAX });
}

/** Oldest first, whatever order the pages came in. */
export function oldestFirst(notes: Note[]): Note[] {
  return [...notes].sort((a, b) => a.createdAt.localeCompare(b.createdAt));
}
