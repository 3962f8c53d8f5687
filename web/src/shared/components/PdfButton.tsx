import { useMutation } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import type { DownloadLink } from "../api/client";
import { openDownload } from "../api/attachments";

/**
 * "Download PDF": asks the API for a short-lived link to the record's PDF and
 * follows it (the file is saved; the page stays). While the link is prepared the
 * button is busy; a failure is announced next to it.
 */
export function PdfButton({ fetchLink }: { fetchLink: () => Promise<DownloadLink> }) {
  const { t } = useTranslation();
  const pdf = useMutation({
    mutationFn: fetchLink,
    onSuccess: (link) => {
      openDownload(link.url);
    },
  });
  return (
    <>
      <button
        type="button"
        onClick={() => {
          pdf.mutate();
        }}
        disabled={pdf.isPending}
        aria-busy={pdf.isPending}
        data-testid="record-pdf"
      >
        {pdf.isPending ? t("documents.preparing") : t("documents.downloadPdf")}
      </button>
      {pdf.isError && (
        <span role="alert" className="notice notice-error">
          {t("documents.failed")}
        </span>
      )}
    </>
  );
}
