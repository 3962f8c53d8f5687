import { useQueryClient } from "@tanstack/react-query";
import { useId, useState, type ChangeEvent } from "react";
import { useTranslation } from "react-i18next";
import { useProblems } from "../../../shared/lib/problems";
import { adminKeys, UploadError } from "../../api/admin";
import { ApiError, type Portal } from "../../../shared/api/client";
import { createLogoUpload, isLogoType, updatePortal, uploadLogoFile } from "../../api/portalSetup";
import { LOGO_MAX_BYTES, LOGO_TYPES } from "../../../shared/limits.gen";
import "./portalSetup.css";

type Failure =
  | { kind: "type" }
  | { kind: "size" }
  | { kind: "refused"; messages: string[] }
  | { kind: "upload" }
  | { kind: "conflict" }
  | { kind: "other"; status: number };

function failureOf(error: unknown, problems: ReturnType<typeof useProblems>): Failure {
  if (error instanceof UploadError) return { kind: "upload" };
  if (error instanceof ApiError && error.status === 412) return { kind: "conflict" };
  if (error instanceof ApiError && (error.status === 422 || error.status === 413)) {
    const messages = (error.problem?.errors ?? []).map((item) => problems.field(item));
    if (messages.length === 0 && error.problem?.detail)
      messages.push(problems.detail(error.problem, error.status));
    return { kind: "refused", messages };
  }
  return { kind: "other", status: error instanceof ApiError ? error.status : 0 };
}

/**
 * The portal's logo: shown from `logoUrl`; an admin picks a PNG, JPEG or WebP
 * file of at most 512 KB, which goes to the storage's presigned form, and
 * then becomes the branding's `logoKey`.
 */
export function LogoUpload({
  portal,
  readOnly,
  onSaved,
}: {
  portal: Portal;
  readOnly: boolean;
  onSaved: () => void;
}) {
  const { t } = useTranslation();
  const problems = useProblems();
  const id = useId();
  const queryClient = useQueryClient();
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<Failure | undefined>(undefined);

  const onChange = async (event: ChangeEvent<HTMLInputElement>) => {
    const input = event.currentTarget;
    const file = input.files?.[0];
    if (!file) return;
    setFailure(undefined);
    if (!isLogoType(file.type)) {
      setFailure({ kind: "type" });
      input.value = "";
      return;
    }
    if (file.size > LOGO_MAX_BYTES) {
      setFailure({ kind: "size" });
      input.value = "";
      return;
    }
    setBusy(true);
    try {
      const upload = await createLogoUpload(file.type);
      if (file.size > upload.maxBytes) {
        setFailure({ kind: "size" });
        return;
      }
      await uploadLogoFile(upload, file);
      const updated = await updatePortal(portal.version, {
        branding: { ...portal.branding, logoKey: upload.key },
      });
      queryClient.setQueryData(adminKeys.portal, updated);
      onSaved();
    } catch (error) {
      setFailure(failureOf(error, problems));
    } finally {
      setBusy(false);
      input.value = "";
    }
  };

  const message = (() => {
    switch (failure?.kind) {
      case undefined:
        return undefined;
      case "type":
        return t("portalSetup.logoWrongType");
      case "size":
        return t("portalSetup.logoTooLarge");
      case "refused":
        return failure.messages.length > 0
          ? t("portalSetup.logoRefusedReason", { reason: failure.messages.join("; ") })
          : t("portalSetup.logoRefused");
      case "upload":
        return t("portalSetup.logoUploadFailed");
      case "conflict":
        return t("portalSetup.conflict");
      case "other":
        return t("portalSetup.logoFailed");
    }
  })();

  return (
    <section className="card" aria-labelledby={`${id}-heading`} data-testid="portal-logo">
      <h2 id={`${id}-heading`}>{t("portalSetup.logoHeading")}</h2>
      {portal.logoUrl ? (
        <p>
          <img
            className="portal-logo-preview"
            src={portal.logoUrl}
            alt={t("portalSetup.logoAlt", { name: portal.name })}
          />
        </p>
      ) : (
        <p className="muted">{t("portalSetup.logoNone")}</p>
      )}
      {!readOnly && (
        <div className="form-field">
          <label htmlFor={`${id}-file`}>
            {portal.logoUrl ? t("portalSetup.logoReplace") : t("portalSetup.logoChoose")}
          </label>
          <input
            id={`${id}-file`}
            type="file"
            accept={LOGO_TYPES.join(",")}
            disabled={busy}
            aria-invalid={message ? true : undefined}
            aria-describedby={`${id}-hint${message ? ` ${id}-error` : ""}`}
            onChange={(event) => void onChange(event)}
          />
          <p id={`${id}-hint`} className="field-hint">
            {t("portalSetup.logoHint")}
          </p>
          {busy && (
            <p role="status" className="muted">
              {t("portalSetup.logoUploading")}
            </p>
          )}
          {message && (
            <p id={`${id}-error`} role="alert" className="field-error">
              {message}
            </p>
          )}
        </div>
      )}
    </section>
  );
}
