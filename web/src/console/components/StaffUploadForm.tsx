import { useQueryClient } from "@tanstack/react-query";
import { useId, useState } from "react";
import { useTranslation } from "react-i18next";
import { completeAttachment, createAttachment, uploadAttachment } from "../../shared/api/attachments";
import { staffNoteKeys } from "../../shared/api/notes";
import { AttachmentUploadForm } from "../../shared/components/AttachmentUploadForm";
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
  const id = useId();
  const queryClient = useQueryClient();
  const [shared, setShared] = useState(false);

  return (
    <AttachmentUploadForm
      testId="staff-upload"
      Failure={ProblemNotice}
      send={(file, contentType, onProgress) =>
        uploadAttachment(file, onProgress, {
          declare: () =>
            createAttachment(module, recordId, { filename: file.name, contentType, size: file.size, shared }),
          complete: (aid) => completeAttachment(module, recordId, aid),
          settled: () => queryClient.invalidateQueries({ queryKey: staffNoteKeys.attachments(module, recordId) }),
        })
      }
      doneText={(name) =>
        t(shared ? "attachments.uploadedShared" : "attachments.uploadedInternal", { name })
      }
      onUploaded={() => {
        setShared(false);
      }}
    >
      {(uploading) => (
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
      )}
    </AttachmentUploadForm>
  );
}
