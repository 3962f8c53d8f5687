import { useTranslation } from "react-i18next";

/** A 412 answer: the record changed since it was read. */
export function ConflictNotice({ onReload }: { onReload: () => void }) {
  const { t } = useTranslation();
  return (
    <div role="alert" className="notice notice-error" data-testid="conflict">
      <p>{t("records.conflict")}</p>
      <p>
        <button type="button" onClick={onReload}>
          {t("common.reload")}
        </button>
      </p>
    </div>
  );
}
