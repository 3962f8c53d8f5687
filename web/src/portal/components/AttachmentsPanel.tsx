import { useQueryClient } from "@tanstack/react-query";
import { useId, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { useProblems } from "../../shared/lib/problems";
import {
  ATTACHMENT_ACCEPT,
  AttachmentUploadError,
  checkAttachmentFile,
  completeMyAttachment,
  createMyAttachment,
  deleteMyAttachment,
  fetchMyAttachmentLink,
  postUpload,
  useMyAttachments,
} from "../../shared/api/attachments";
import { ApiError } from "../../shared/api/client";
import { customerKeys } from "../api/customer";
import { usePortalContext } from "../layouts/portalContext";
import { PortalFailure } from "../pages/PortalFailure";
import { AttachmentTable } from "../../shared/components/AttachmentTable";

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
          Failure={PortalFailure}
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

function UploadForm({ module, recordId }: { module: string; recordId: string }) {
  const { t } = useTranslation();
  const problems = useProblems();
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
      if (fileError) setProblem(t("attachments.mismatch", { message: problems.field(fileError) }));
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
