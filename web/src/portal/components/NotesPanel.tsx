import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useId, useState, type SyntheticEvent } from "react";
import { useTranslation } from "react-i18next";
import { useProblems } from "../../shared/lib/problems";
import { ApiError, type Note } from "../../shared/api/client";
import { customerKeys } from "../api/customer";
import { createMyNote, deleteMyNote, updateMyNote, useMyNotes } from "../../shared/api/notes";
import { usePortalContext } from "../layouts/portalContext";
import { formatDateTime } from "../../shared/lib/format";
import { noteProblemText, oldestFirst } from "../../shared/lib/notes";
import { ConfirmDialog } from "../../shared/components/ConfirmDialog";
import { PortalFailure } from "../pages/PortalFailure";
import { PortalConflict } from "./PortalConflict";
import "../../shared/styles/notes.css";

/**
 * A record's notes in the portal: every note the user may see, oldest
 * first, with its author and date; the user adds notes and edits or deletes
 * their own.
 */
export function NotesPanel({
  module,
  recordId,
  readOnly,
}: {
  module: string;
  recordId: string;
  readOnly: boolean;
}) {
  const { t } = useTranslation();
  const notes = useMyNotes(module, recordId);

  return (
    <section className="card notes-panel" aria-labelledby="portal-notes-heading">
      <h2 id="portal-notes-heading">{t("notes.heading")}</h2>
      {notes.error ? (
        <PortalFailure error={notes.error} />
      ) : !notes.data ? (
        <p role="status" className="muted">
          {t("notes.loading")}
        </p>
      ) : notes.data.length === 0 ? (
        <p className="muted" data-testid="notes-empty">
          {t("notes.empty")}
        </p>
      ) : (
        <ol className="note-list" aria-label={t("notes.listLabel")}>
          {oldestFirst(notes.data).map((note) => (
            <NoteItem
              key={note.id}
              note={note}
              module={module}
              recordId={recordId}
              readOnly={readOnly}
            />
          ))}
        </ol>
      )}
      {!readOnly && <AddNote module={module} recordId={recordId} />}
    </section>
  );
}

function NoteMeta({ note }: { note: Note }) {
  const { t } = useTranslation();
  const { format } = usePortalContext();
  const edited = note.modifiedAt !== note.createdAt;
  return (
    <p className="note-meta">
      <span className="note-author">{note.mine ? t("notes.you") : note.author.name}</span>
      {" · "}
      <time dateTime={note.createdAt}>{formatDateTime(note.createdAt, format)}</time>
      {edited && <span className="muted"> ({t("notes.edited")})</span>}
    </p>
  );
}

function NoteItem({
  note,
  module,
  recordId,
  readOnly,
}: {
  note: Note;
  module: string;
  recordId: string;
  readOnly: boolean;
}) {
  const { t } = useTranslation();
  const problems = useProblems();
  const id = useId();
  const queryClient = useQueryClient();
  const [editing, setEditing] = useState(false);
  const [confirming, setConfirming] = useState(false);
  const [body, setBody] = useState(note.body);
  const [problem, setProblem] = useState<string | undefined>(undefined);
  const refresh = () => queryClient.invalidateQueries({ queryKey: customerKeys.notes(module, recordId) });

  const save = useMutation({
    mutationFn: () => updateMyNote(module, recordId, note, body),
    onSuccess: async () => {
      setEditing(false);
      await refresh();
    },
  });
  const remove = useMutation({
    mutationFn: () => deleteMyNote(module, recordId, note.id),
    onSuccess: refresh,
  });

  const submit = (event: SyntheticEvent) => {
    event.preventDefault();
    const text = noteProblemText(body, t);
    if (text) {
      setProblem(text);
      return;
    }
    setProblem(undefined);
    save.mutate();
  };
  const conflict = save.error instanceof ApiError && save.error.status === 412;
  const serverMessage =
    save.error instanceof ApiError && save.error.status === 422
      ? save.error.problem?.errors
          ?.filter((item) => item.field === "body")
          .map((item) => problems.field(item))[0]
      : undefined;
  const message = problem ?? serverMessage;

  return (
    <li className="note" data-testid="note">
      <NoteMeta note={note} />
      {editing ? (
        <form className="form note-form" onSubmit={submit} noValidate>
          <div className="form-field">
            <label htmlFor={`${id}-body`}>{t("notes.editLabel")}</label>
            <textarea
              id={`${id}-body`}
              rows={3}
              value={body}
              aria-invalid={message ? true : undefined}
              aria-describedby={message ? `${id}-error` : undefined}
              onChange={(event) => {
                setBody(event.target.value);
              }}
            />
            {message && (
              <p id={`${id}-error`} className="field-error">
                {message}
              </p>
            )}
          </div>
          {conflict && (
            <PortalConflict
              message={t("notes.conflict")}
              onReload={() => {
                save.reset();
                setEditing(false);
                void refresh();
              }}
            />
          )}
          {save.error && !conflict && !serverMessage && <PortalFailure error={save.error} />}
          <p className="form-actions">
            <button type="submit" className="primary" disabled={save.isPending}>
              {save.isPending ? t("common.saving") : t("notes.save")}
            </button>
            <button
              type="button"
              onClick={() => {
                setEditing(false);
                setBody(note.body);
                setProblem(undefined);
                save.reset();
              }}
            >
              {t("common.cancel")}
            </button>
          </p>
        </form>
      ) : (
        <p className="note-body">{note.body}</p>
      )}
      {note.mine && !readOnly && !editing && (
        <p className="note-actions">
          <button
            type="button"
            className="link-button"
            onClick={() => {
              setEditing(true);
              setConfirming(false);
            }}
          >
            {t("notes.edit")}
          </button>
          <button
            type="button"
            className="link-button danger-text"
            onClick={() => {
              setConfirming(true);
            }}
          >
            {t("notes.delete")}
          </button>
        </p>
      )}
      {confirming && (
        <ConfirmDialog
          title={t("notes.confirmDelete")}
          confirmLabel={t("notes.confirmDeleteYes")}
          busy={remove.isPending}
          onConfirm={() => {
            remove.mutate();
          }}
          onCancel={() => {
            setConfirming(false);
            remove.reset();
          }}
        >
          {remove.error && <PortalFailure error={remove.error} />}
        </ConfirmDialog>
      )}
    </li>
  );
}

function AddNote({ module, recordId }: { module: string; recordId: string }) {
  const { t } = useTranslation();
  const problems = useProblems();
  const id = useId();
  const queryClient = useQueryClient();
  const [body, setBody] = useState("");
  const [problem, setProblem] = useState<string | undefined>(undefined);
  const add = useMutation({
    mutationFn: () => createMyNote(module, recordId, body),
    onSuccess: async () => {
      setBody("");
      await queryClient.invalidateQueries({ queryKey: customerKeys.notes(module, recordId) });
    },
  });
  const serverMessage =
    add.error instanceof ApiError && add.error.status === 422
      ? add.error.problem?.errors
          ?.filter((item) => item.field === "body")
          .map((item) => problems.field(item))[0]
      : undefined;
  const message = problem ?? serverMessage;

  return (
    <form
      className="form note-form"
      noValidate
      onSubmit={(event) => {
        event.preventDefault();
        const text = noteProblemText(body, t);
        if (text) {
          setProblem(text);
          return;
        }
        setProblem(undefined);
        add.mutate();
      }}
    >
      <div className="form-field">
        <label htmlFor={`${id}-body`}>{t("notes.addLabel")}</label>
        <textarea
          id={`${id}-body`}
          rows={3}
          value={body}
          aria-invalid={message ? true : undefined}
          aria-describedby={message ? `${id}-error` : undefined}
          onChange={(event) => {
            setBody(event.target.value);
          }}
        />
        {message && (
          <p id={`${id}-error`} className="field-error">
            {message}
          </p>
        )}
      </div>
      {add.error && !serverMessage && <PortalFailure error={add.error} />}
      <p className="form-actions">
        <button type="submit" className="primary" disabled={add.isPending}>
          {add.isPending ? t("notes.adding") : t("notes.add")}
        </button>
      </p>
    </form>
  );
}
