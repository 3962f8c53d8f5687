import { useQuery } from "@tanstack/react-query";
import { api, ifMatch, ok, REQUESTED_WITH, signalOption, type Note } from "./client";
import { customerNotesKey, staffRecordKey } from "./keys";
import { MAX_PAGE } from "../limits.gen";

/** Notes one request asks for; the panels read every page. */
const NOTES_PAGE = MAX_PAGE;
/** A safety stop for the page loop. */
const MAX_NOTE_PAGES = 20;

async function allPages(
  page: (cursor: string | undefined) => Promise<{ items: Note[]; nextCursor?: string }>,
): Promise<Note[]> {
  const items: Note[] = [];
  let cursor: string | undefined;
  for (let index = 0; index < MAX_NOTE_PAGES; index++) {
    const answer = await page(cursor);
    items.push(...answer.items);
    cursor = answer.nextCursor;
    if (!cursor) break;
  }
  return items;
}

// ---------------------------------------------------------------- portal

/** A record's notes as the portal user sees them (never internal ones), oldest first. */
export async function fetchMyNotes(module: string, id: string, signal?: AbortSignal) {
  return allPages(async (cursor) =>
    ok(
      await api.GET("/api/records/{module}/{id}/notes", {
        params: { path: { module, id }, query: { limit: NOTES_PAGE, ...(cursor ? { cursor } : {}) } },
        ...signalOption(signal),
      }),
    ),
  );
}

export function useMyNotes(module: string, id: string) {
  return useQuery({
    queryKey: customerNotesKey(module, id),
    queryFn: ({ signal }) => fetchMyNotes(module, id, signal),
    retry: false,
  });
}

export async function createMyNote(module: string, id: string, body: string): Promise<Note> {
  return ok(
    await api.POST("/api/records/{module}/{id}/notes", {
      params: { path: { module, id }, header: REQUESTED_WITH },
      body: { body },
    }),
  );
}

/** Changes one of the user's own notes at `version`; 412 when it changed since. */
export async function updateMyNote(
  module: string,
  id: string,
  note: Pick<Note, "id" | "version">,
  body: string,
): Promise<Note> {
  return ok(
    await api.PATCH("/api/records/{module}/{id}/notes/{noteId}", {
      params: {
        path: { module, id, noteId: note.id },
        header: { ...REQUESTED_WITH, "If-Match": ifMatch(note.version) },
      },
      body: { body },
    }),
  );
}

export async function deleteMyNote(module: string, id: string, noteId: string): Promise<void> {
  ok(
    await api.DELETE("/api/records/{module}/{id}/notes/{noteId}", {
      params: { path: { module, id, noteId }, header: REQUESTED_WITH },
    }),
  );
}

// ----------------------------------------------------------------- staff

export const staffNoteKeys = {
  notes: (module: string, id: string) => [...staffRecordKey(module, id), "notes"] as const,
  attachments: (module: string, id: string) =>
    [...staffRecordKey(module, id), "attachments"] as const,
};

/** Every note of a record, internal ones included (staff). */
export async function fetchNotes(module: string, id: string, signal?: AbortSignal) {
  return allPages(async (cursor) =>
    ok(
      await api.GET("/api/admin/records/{module}/{id}/notes", {
        params: { path: { module, id }, query: { limit: NOTES_PAGE, ...(cursor ? { cursor } : {}) } },
        ...signalOption(signal),
      }),
    ),
  );
}

export function useNotes(module: string, id: string) {
  return useQuery({
    queryKey: staffNoteKeys.notes(module, id),
    queryFn: ({ signal }) => fetchNotes(module, id, signal),
  });
}

/** Adds a staff note; an internal one never reaches the portal. */
export async function createNote(
  module: string,
  id: string,
  body: string,
  internal: boolean,
): Promise<Note> {
  return ok(
    await api.POST("/api/admin/records/{module}/{id}/notes", {
      params: { path: { module, id }, header: REQUESTED_WITH },
      body: { body, internal },
    }),
  );
}
