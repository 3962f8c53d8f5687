import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useId, useState } from "react";
import { useTranslation } from "react-i18next";
import { fetchAttachmentLink, useAttachments } from "../../shared/api/attachments";
import { createNote, staffNoteKeys, useNotes } from "../../shared/api/notes";
import { useFormatContext } from "../session";
import { formatDateTime } from "../../shared/lib/format";
import { noteProblemText, oldestFirst } from "../../shared/lib/notes";
import { AttachmentTable } from "../../shared/components/AttachmentTable";
import { Loading, ProblemNotice } from "./ProblemNotice";
import { StaffUploadForm } from "./StaffUploadForm";
import "../../shared/styles/notes.css";

/**
 * A record's notes in the console: all of them, internal ones and the
 * portal users' marked, oldest first, and a form to add one, internal or
 * not.
 */
export function RecordNotes({ module, recordId }: { module: string; recordId: string }) {
  const { t } = useTranslation();
  const id = useId();
  const format = useFormatContext();
  const queryClient = useQueryClient();
  const notes = useNotes(module, recordId);
  const [body, setBody] = useState("");
  const [internal, setInternal] = useState(false);
  const [problem, setProblem] = useState<string | undefined>(undefined);
  const add = useMutation({
    mutationFn: () => createNote(module, recordId, body, internal),
    onSuccess: async () => {
      setBody("");
      setInternal(false);
      await queryClient.invalidateQueries({ queryKey: staffNoteKeys.notes(module, recordId) });
    },
  });

  return (
    <section className="card notes-panel" aria-labelledby={`${id}-heading`}>
      <h2 id={`${id}-heading`}>{t("notes.heading")}</h2>
      {notes.error ? (
        <ProblemNotice error={notes.error} onRetry={() => void notes.refetch()} />
      ) : !notes.data ? (
        <Loading label={t("notes.loading")} />
      ) : notes.data.length === 0 ? (
        <p className="muted" data-testid="notes-empty">
          {t("notes.empty")}
        </p>
      ) : (
        <ol className="note-list" aria-label={t("notes.listLabel")}>
          {oldestFirst(notes.data).map((note) => (
            <li
              key={note.id}
              className={`note${note.internal ? " note-internal" : ""}`}
              data-testid="note"
            >
              <p className="note-meta">
                <span className="note-author">{note.author.name}</span>
                {note.author.kind === "portal" && (
                  <span className="badge badge-warn">{t("notes.portalUser")}</span>
                )}
                {note.internal && <span className="badge">{t("notes.internal")}</span>}
                <time dateTime={note.createdAt}>{formatDateTime(note.createdAt, format)}</time>
                {note.modifiedAt !== note.createdAt && (
                  <span className="muted">({t("notes.edited")})</span>
                )}
              </p>
              <p className="note-body">{note.body}</p>
            </li>
          ))}
        </ol>
      )}
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
            aria-invalid={problem ? true : undefined}
            aria-describedby={problem ? `${id}-error` : undefined}
            onChange={(event) => {
              setBody(event.target.value);
            }}
          />
          {problem && (
            <p id={`${id}-error`} className="field-error">
              {problem}
            </p>
          )}
        </div>
        <div className="form-field form-field-check">
          <input
            id={`${id}-internal`}
            type="checkbox"
            checked={internal}
            onChange={(event) => {
              setInternal(event.target.checked);
            }}
          />
          <label htmlFor={`${id}-internal`}>{t("notes.internalLabel")}</label>
        </div>
        {add.error && <ProblemNotice error={add.error} />}
        <p className="form-actions">
          <button type="submit" className="primary" disabled={add.isPending}>
            {add.isPending ? t("notes.adding") : t("notes.add")}
          </button>
        </p>
      </form>
    </section>
  );
}

/**
 * A record's attachments in the console: the list with a download for each,
 * each marked shared with the customer or internal, and an upload.
 */
export function RecordAttachments({ module, recordId }: { module: string; recordId: string }) {
  const { t } = useTranslation();
  const id = useId();
  const format = useFormatContext();
  const attachments = useAttachments(module, recordId);
  return (
    <section className="card attachments-panel" aria-labelledby={`${id}-heading`}>
      <h2 id={`${id}-heading`}>{t("attachments.heading")}</h2>
      {attachments.error ? (
        <ProblemNotice error={attachments.error} onRetry={() => void attachments.refetch()} />
      ) : !attachments.data ? (
        <Loading label={t("attachments.loading")} />
      ) : attachments.data.length === 0 ? (
        <p className="muted" data-testid="attachments-empty">
          {t("attachments.empty")}
        </p>
      ) : (
        <AttachmentTable
          items={attachments.data}
          format={format}
          download={(item) => fetchAttachmentLink(module, recordId, item.id)}
          Failure={ProblemNotice}
          sharing
        />
      )}
      <StaffUploadForm module={module} recordId={recordId} />
    </section>
  );
}
