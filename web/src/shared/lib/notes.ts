import type { Note } from "../api/client";
import { NOTE_MAX } from "../limits.gen";

/** The reason a note body cannot be sent, or undefined. */
export function noteProblem(body: string): "required" | "tooLong" | undefined {
  if (body.trim() === "") return "required";
  if (body.length > NOTE_MAX) return "tooLong";
  return undefined;
}

/** Oldest first, whatever order the pages came in. */
export function oldestFirst(notes: Note[]): Note[] {
  return [...notes].sort((a, b) => a.createdAt.localeCompare(b.createdAt));
}
