import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useId, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import {
  ATTACHMENT_ACCEPT,
  AttachmentUploadError,
  checkAttachmentFile,
  completeMyAttachment,
  createMyAttachment,
  deleteMyAttachment,
  fetchMyAttachmentLink,
  formatBytes,
  openDownload,
  postUpload,
  useMyAttachments,
} from "../../shared/api/attachments";
import { ApiError, type Attachment } from "../../shared/api/client";
import { customerKeys } from "../api/customer";
import { usePortalContext } from "../layouts/portalContext";
import { formatDateTime, type FormatContext } from "../../shared/lib/format";
import { PortalFailure } from "../pages/PortalFailure";

/**
 * A record's attachments in the portal: the list (size, date, who), a
 * download for each, delete for the user's own, and an upload with a
 * progress bar: the API declares the upload, the browser posts the file to
 * storage, then the API checks it.
 */
export function AttachmentsPanel({
  module,
  recordId,
  readOnly,
}: {
  module: string;
  recordId: string;
  readOnly: boolean;
}) {
  const { t } = useTranslation();
  const attachments = useMyAttachments(module, recordId);
  const { format } = usePortalContext();

  return (
    <section className="card attachments-panel" aria-labelledby="portal-attachments-heading">
      <h2 id="portal-attachments-heading">{t("attachments.heading")}</h2>
      {attachments.error ? (
        <PortalFailure error={attachments.error} />
      ) : !attachments.data ? (
        <p role="status" className="muted">
          {t("attachments.loading")}
        </p>
      ) : attachments.data.length === 0 ? (
        <p className="muted" data-testid="attachments-empty">
          {t("attachments.empty")}
        </p>
      ) : (
        <AttachmentTable
          items={attachments.data}
          format={format}
          download={(item) => fetchMyAttachmentLink(module, recordId, item.id)}
          remove={
            readOnly
              ? undefined
              : async (item) => {
                  await deleteMyAttachment(module, recordId, item.id);
                }
          }
          onRemoved={() =>
            void attachments.refetch()
          }
        />
      )}
      {!readOnly && <UploadForm module={module} recordId={recordId} />}
    </section>
  );
}

interface TableProps {
  items: Attachment[];
  format: FormatContext;
  download: (item: Attachment) => Promise<{ url: string }>;
  /** Deleting the user's own files; undefined where nobody deletes. */
  remove?: ((item: Attachment) => Promise<void>) | undefined;
  onRemoved?: () => void;
}

/** Attachments as a table with Download (and Delete for one's own), in the portal and the console. */
export function AttachmentTable({ items, format, download, remove, onRemoved }: TableProps) {
  const { t } = useTranslation();
  return (
    <div className="table-scroll">
      <table className="records attachment-table" data-testid="attachments">
        <caption className="visually-hidden">{t("attachments.caption")}</caption>
        <thead>
          <tr>
            <th scope="col">{t("attachments.name")}</th>
            <th scope="col" className="numeric">
              {t("attachments.size")}
            </th>
            <th scope="col">{t("attachments.added")}</th>
            <th scope="col">{t("attachments.by")}</th>
            <th scope="col">
              <span className="visually-hidden">{t("attachments.actions")}</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {items.map((item) => (
            <AttachmentRow
              key={item.id}
              item={item}
              format={format}
              download={download}
              remove={item.mine ? remove : undefined}
              onRemoved={onRemoved}
            />
          ))}
        </tbody>
      </table>
    </div>
  );
}

function AttachmentRow({
  item,
  format,
  download,
  remove,
  onRemoved,
}: {
  item: Attachment;
  format: FormatContext;
  download: TableProps["download"];
  remove: TableProps["remove"];
  onRemoved: TableProps["onRemoved"];
}) {
  const { t } = useTranslation();
  const id = useId();
  const [confirming, setConfirming] = useState(false);
  const fetchLink = useMutation({
    mutationFn: () => download(item),
    onSuccess: (link) => {
      openDownload(link.url);
    },
  });
  const deletion = useMutation({
    mutationFn: () => (remove ? remove(item) : Promise.resolve()),
    onSuccess: () => {
      setConfirming(false);
      onRemoved?.();
    },
  });
  const ready = item.status === "ready";

  return (
    <>
      <tr data-testid="attachment">
        <th scope="row" className="attachment-name">
          {item.filename}
          {!ready && <span className="badge badge-warn">{t("attachments.pending")}</span>}
        </th>
        <td className="numeric">{formatBytes(item.size, format.language)}</td>
        <td>{formatDateTime(item.createdAt, format)}</td>
        <td>{item.uploadedBy.name}</td>
        <td className="row-actions">
          <button
            type="button"
            aria-label={t("attachments.download", { name: item.filename })}
            disabled={!ready || fetchLink.isPending}
            onClick={() => {
              fetchLink.mutate();
            }}
          >
            {t("attachments.downloadShort")}
          </button>
          {remove && !confirming && (
            <button
              type="button"
              className="danger"
              aria-label={t("attachments.delete", { name: item.filename })}
              onClick={() => {
                setConfirming(true);
              }}
            >
              {t("attachments.deleteShort")}
            </button>
          )}
        </td>
      </tr>
      {(confirming || fetchLink.error !== null || deletion.error !== null) && (
        <tr>
          <td colSpan={5}>
            {confirming && (
              <div role="alertdialog" aria-labelledby={`${id}-confirm`} className="notice notice-warn">
                <p id={`${id}-confirm`}>{t("attachments.confirmDelete", { name: item.filename })}</p>
                <p className="form-actions">
                  <button
                    type="button"
                    className="danger"
                    disabled={deletion.isPending}
                    onClick={() => {
                      deletion.mutate();
                    }}
                  >
                    {t("attachments.confirmDeleteYes")}
                  </button>
                  <button
                    type="button"
                    onClick={() => {
                      setConfirming(false);
                      deletion.reset();
                    }}
                  >
                    {t("common.cancel")}
                  </button>
                </p>
              </div>
            )}
            {fetchLink.error && <PortalFailure error={fetchLink.error} />}
            {deletion.error && <PortalFailure error={deletion.error} />}
          </td>
        </tr>
      )}
    </>
  );
}

function UploadForm({ module, recordId }: { module: string; recordId: string }) {
  const { t } = useTranslation();
  const id = useId();
  const queryClient = useQueryClient();
  const input = useRef<HTMLInputElement>(null);
  const [file, setFile] = useState<File | undefined>(undefined);
  const [problem, setProblem] = useState<string | undefined>(undefined);
  const [progress, setProgress] = useState<number | undefined>(undefined);
  const [done, setDone] = useState<string | undefined>(undefined);
  const [failure, setFailure] = useState<unknown>(undefined);

  const choose = (chosen: File | undefined) => {
    setFile(chosen);
    setDone(undefined);
    setFailure(undefined);
    if (!chosen) {
      setProblem(undefined);
      return;
    }
    const check = checkAttachmentFile(chosen);
    setProblem(
      "problem" in check
        ? check.problem === "type"
          ? t("attachments.badType")
          : check.problem === "size"
            ? t("attachments.tooBig")
            : t("attachments.empty_file")
        : undefined,
    );
  };

  const upload = async () => {
    if (!file) return;
    const check = checkAttachmentFile(file);
    if ("problem" in check) return;
    setFailure(undefined);
    setDone(undefined);
    setProgress(0);
    try {
      const declared = await createMyAttachment(module, recordId, {
        filename: file.name,
        contentType: check.contentType,
        size: file.size,
      });
      await postUpload(declared.upload, file, setProgress);
      try {
        await completeMyAttachment(module, recordId, declared.attachment.id);
      } finally {
        await queryClient.invalidateQueries({
          queryKey: customerKeys.attachments(module, recordId),
        });
      }
      setDone(t("attachments.uploaded", { name: file.name }));
      setFile(undefined);
      if (input.current) input.current.value = "";
    } catch (error) {
      const fileError =
        error instanceof ApiError && error.status === 422
          ? error.problem?.errors?.find((item) => item.field === "file")
          : undefined;
      if (fileError) setProblem(t("attachments.mismatch", { message: fileError.message }));
      else setFailure(error);
    } finally {
      setProgress(undefined);
    }
  };

  const uploading = progress !== undefined;
  return (
    <form
      className="form upload-form"
      noValidate
      onSubmit={(event) => {
        event.preventDefault();
        void upload();
      }}
    >
      <div className="form-field">
        <label htmlFor={`${id}-file`}>{t("attachments.fileLabel")}</label>
        <input
          ref={input}
          id={`${id}-file`}
          type="file"
          accept={ATTACHMENT_ACCEPT}
          aria-invalid={problem ? true : undefined}
          aria-describedby={problem ? `${id}-error` : `${id}-hint`}
          disabled={uploading}
          onChange={(event) => {
            choose(event.target.files?.[0]);
          }}
        />
        <p id={`${id}-hint`} className="field-hint">
          {t("attachments.hint")}
        </p>
        {problem && (
          <p id={`${id}-error`} className="field-error" role="alert">
            {problem}
          </p>
        )}
      </div>
      {uploading && (
        <progress
          className="upload-progress"
          aria-label={t("attachments.progress")}
          max={100}
          value={Math.round(progress * 100)}
        />
      )}
      {failure !== undefined &&
        (failure instanceof AttachmentUploadError ? (
          <p role="alert" className="notice notice-error">
            {t("attachments.storageFailed")}
          </p>
        ) : (
          <PortalFailure error={failure} />
        ))}
      {done && (
        <p role="status" className="notice notice-good">
          {done}
        </p>
      )}
      <p className="form-actions">
        <button type="submit" className="primary" disabled={!file || Boolean(problem) || uploading}>
          {uploading ? t("attachments.uploading") : t("attachments.upload")}
        </button>
      </p>
    </form>
  );
}
