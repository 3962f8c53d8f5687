import { useQueryClient } from "@tanstack/react-query";
import { useId, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import {
  ATTACHMENT_ACCEPT,
  AttachmentUploadError,
  checkAttachmentFile,
  completeAttachment,
  createAttachment,
  postUpload,
} from "../../shared/api/attachments";
import { ApiError } from "../../shared/api/client";
import { staffNoteKeys } from "../../shared/api/notes";
import { useProblems } from "../../shared/lib/problems";
import { ProblemNotice } from "./ProblemNotice";

/**
 * Staff attach a file to a record: checked in the browser with the API's
 * rules, declared to the API (shared with the customer or internal, which
 * is the default), posted to storage with a progress bar, then checked by
 * the API. A shared file reaches the customers who may see the record and
 * notifies them; an internal one stays with the staff.
 */
export function StaffUploadForm({ module, recordId }: { module: string; recordId: string }) {
  const { t } = useTranslation();
  const problems = useProblems();
  const id = useId();
  const queryClient = useQueryClient();
  const input = useRef<HTMLInputElement>(null);
  const [file, setFile] = useState<File | undefined>(undefined);
  const [shared, setShared] = useState(false);
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
      const declared = await createAttachment(module, recordId, {
        filename: file.name,
        contentType: check.contentType,
        size: file.size,
        shared,
      });
      await postUpload(declared.upload, file, setProgress);
      try {
        await completeAttachment(module, recordId, declared.attachment.id);
      } finally {
        await queryClient.invalidateQueries({
          queryKey: staffNoteKeys.attachments(module, recordId),
        });
      }
      setDone(
        t(shared ? "attachments.uploadedShared" : "attachments.uploadedInternal", {
          name: file.name,
        }),
      );
      setFile(undefined);
      setShared(false);
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
      data-testid="staff-upload"
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
      <div className="form-field form-field-check">
        <input
          id={`${id}-shared`}
          type="checkbox"
          checked={shared}
          disabled={uploading}
          aria-describedby={`${id}-shared-hint`}
          onChange={(event) => {
            setShared(event.target.checked);
          }}
        />
        <label htmlFor={`${id}-shared`}>{t("attachments.shareLabel")}</label>
        <p id={`${id}-shared-hint`} className="field-hint">
          {t("attachments.shareHint")}
        </p>
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
          <ProblemNotice error={failure} />
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
