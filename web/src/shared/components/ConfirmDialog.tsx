import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { Dialog } from "./Dialog";

/**
 * A confirmation before an action that cannot be undone, as a modal alert
 * dialog: the question as its title, what the caller puts inside (an
 * explanation, the refusal of a first attempt), the action and Cancel.
 *
 * Focus starts on Cancel, so an Enter pressed by reflex destroys nothing;
 * Escape and Cancel both call onCancel. While busy the action is disabled and
 * says so with busyLabel.
 */
export function ConfirmDialog({
  title,
  confirmLabel,
  busyLabel,
  busy,
  tone = "danger",
  onConfirm,
  onCancel,
  children,
}: {
  title: string;
  confirmLabel: string;
  busyLabel?: string | undefined;
  busy: boolean;
  tone?: "danger" | "primary";
  onConfirm: () => void;
  onCancel: () => void;
  children?: ReactNode;
}) {
  const { t } = useTranslation();
  return (
    <Dialog role="alertdialog" title={title} onClose={onCancel}>
      {children}
      <p className="form-actions">
        <button type="button" className={tone} disabled={busy} onClick={onConfirm}>
          {busy && busyLabel ? busyLabel : confirmLabel}
        </button>
        <button type="button" data-autofocus onClick={onCancel}>
          {t("common.cancel")}
        </button>
      </p>
    </Dialog>
  );
}
