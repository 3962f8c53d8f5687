import { useTranslation } from "react-i18next";

/** A 412 answer on a portal page: what changed since it was opened, and a reload button. */
export function PortalConflict({ message, onReload }: { message: string; onReload: () => void }) {
  const { t } = useTranslation();
  return (
    <div role="alert" className="notice notice-error" data-testid="conflict">
      <p>{message}</p>
      <p>
        <button type="button" onClick={onReload}>
          {t("common.reload")}
        </button>
      </p>
    </div>
  );
}
