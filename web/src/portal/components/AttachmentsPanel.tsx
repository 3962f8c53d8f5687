import { useQueryClient } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import {
  completeMyAttachment,
  createMyAttachment,
  deleteMyAttachment,
  fetchMyAttachmentLink,
  uploadAttachment,
  useMyAttachments,
} from "../../shared/api/attachments";
import { AttachmentUploadForm } from "../../shared/components/AttachmentUploadForm";
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
  const queryClient = useQueryClient();
  return (
    <AttachmentUploadForm
      Failure={PortalFailure}
      send={(file, contentType, onProgress) =>
        uploadAttachment(file, onProgress, {
          declare: () => createMyAttachment(module, recordId, { filename: file.name, contentType, size: file.size }),
          complete: (aid) => completeMyAttachment(module, recordId, aid),
          settled: () => queryClient.invalidateQueries({ queryKey: customerKeys.attachments(module, recordId) }),
        })
      }
      doneText={(name) => t("attachments.uploaded", { name })}
    />
  );
}
