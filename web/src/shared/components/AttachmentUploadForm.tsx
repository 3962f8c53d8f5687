import { useId, useRef, useState, type ComponentType, type ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { ATTACHMENT_ACCEPT, AttachmentUploadError, checkAttachmentFile } from "../api/attachments";
import { ApiError } from "../api/client";
import { useProblems } from "../lib/problems";

/**
 * The upload form of a record's attachments, for either side: a file checked
 * in the browser with the API's rules, a progress bar while `send` posts it,
 * then what the API said. A 422 naming the file (its bytes are not what its
 * name says) shows at the field; any other failure through `Failure`, the
 * side's own problem notice. `children` adds fields of the side's own (the
 * staff's "share with the customer"), given whether an upload is running.
 */
export function AttachmentUploadForm({
  send,
  doneText,
  onUploaded,
  Failure,
  children,
  testId,
}: {
  send: (file: File, contentType: string, onProgress: (fraction: number) => void) => Promise<void>;
  doneText: (name: string) => string;
  onUploaded?: () => void;
  Failure: ComponentType<{ error: unknown }>;
  children?: (uploading: boolean) => ReactNode;
  testId?: string;
}) {
  const { t } = useTranslation();
  const problems = useProblems();
  const id = useId();
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
      await send(file, check.contentType, setProgress);
      setDone(doneText(file.name));
      setFile(undefined);
      onUploaded?.();
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
      data-testid={testId}
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
      {children?.(uploading)}
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
          <Failure error={failure} />
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
