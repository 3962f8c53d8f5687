import { useTranslation } from "react-i18next";

/** A 412 answer: the record (or `message`'s subject) changed since it was read. */
export function ConflictNotice({ onReload, message }: { onReload: () => void; message?: string }) {
  const { t } = useTranslation();
  return (
    <div role="alert" className="notice notice-error" data-testid="conflict">
      <p>{message ?? t("records.conflict")}</p>
      <p>
        <button type="button" onClick={onReload}>
          {t("common.reload")}
        </button>
      </p>
    </div>
  );
}
