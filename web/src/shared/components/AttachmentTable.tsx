import { useMutation } from "@tanstack/react-query";
import { useState, type ComponentType } from "react";
import { useTranslation } from "react-i18next";
import { formatBytes, openDownload } from "../api/attachments";
import type { Attachment } from "../api/client";
import { formatDateTime, type FormatContext } from "../lib/format";
import { ConfirmDialog } from "./ConfirmDialog";
import "./AttachmentTable.css";

interface TableProps {
  items: Attachment[];
  format: FormatContext;
  download: (item: Attachment) => Promise<{ url: string }>;
  /** Deleting the user's own files; undefined where nobody deletes. */
  remove?: ((item: Attachment) => Promise<void>) | undefined;
  onRemoved?: () => void;
  /** How a refused download or delete is told: each feature words its refusals. */
  Failure: ComponentType<{ error: unknown }>;
  /** Marks each file shared with the customer or internal (staff see both kinds). */
  sharing?: boolean;
}

/** Attachments as a table with Download (and Delete for one's own), in the portal and the console. */
export function AttachmentTable({
  items,
  format,
  download,
  remove,
  onRemoved,
  Failure,
  sharing = false,
}: TableProps) {
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
              Failure={Failure}
              sharing={sharing}
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
  Failure,
  sharing,
}: {
  item: Attachment;
  format: FormatContext;
  download: TableProps["download"];
  remove: TableProps["remove"];
  onRemoved: TableProps["onRemoved"];
  Failure: TableProps["Failure"];
  sharing: boolean;
}) {
  const { t } = useTranslation();
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
          {sharing &&
            (item.shared ? (
              <span className="badge badge-good" data-testid="attachment-shared">
                {t("attachments.sharedBadge")}
              </span>
            ) : (
              <span className="badge" data-testid="attachment-internal">
                {t("attachments.internalBadge")}
              </span>
            ))}
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
          {remove && (
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
          {confirming && (
            <ConfirmDialog
              title={t("attachments.confirmDelete", { name: item.filename })}
              confirmLabel={t("attachments.confirmDeleteYes")}
              busy={deletion.isPending}
              onConfirm={() => {
                deletion.mutate();
              }}
              onCancel={() => {
                setConfirming(false);
                deletion.reset();
              }}
            >
              {deletion.error && <Failure error={deletion.error} />}
            </ConfirmDialog>
          )}
        </td>
      </tr>
      {fetchLink.error !== null && (
        <tr>
          <td colSpan={5}>
            <Failure error={fetchLink.error} />
          </td>
        </tr>
      )}
    </>
  );
}
