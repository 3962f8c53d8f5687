import { useState } from "react";
import { createPortal } from "react-dom";
import { useTranslation } from "react-i18next";
import { ConfirmDialog } from "../../shared/components/ConfirmDialog";
import { StatusBadge } from "../../shared/components/StatusBadge";
import type { MfaMethod } from "../../shared/secondFactor/types";
import { ProblemNotice } from "../components/ProblemNotice";

/**
 * A person's enrolled second factors in the console's lists: a "2FA" badge naming them (for
 * screen readers and on hover), or a muted "None".
 */
export function MfaBadge({ methods }: { methods: readonly MfaMethod[] | undefined }) {
  const { t } = useTranslation();
  if (!methods || methods.length === 0) {
    return <span className="muted">{t("secondFactor.none")}</span>;
  }
  const names = methods.map((method) => t(`secondFactor.methods.${method}`)).join(", ");
  return (
    <span title={names} data-testid="mfa-badge">
      <StatusBadge tone="good">{t("secondFactor.badge")}</StatusBadge>
      <span className="visually-hidden"> ({names})</span>
    </span>
  );
}

/**
 * "Reset second factor" for an admin: asks first (what the reset does), then calls `reset`;
 * a refusal stays in the dialog, a success closes it and tells the list (`onDone`). The dialog
 * is rendered at the end of the body: a table cell's styles (no wrapping) would reach it there.
 */
export function MfaResetButton({
  name,
  disabled = false,
  reset,
  onDone,
}: {
  /** Who is reset, as the list names them (name or email). */
  name: string;
  disabled?: boolean;
  reset: () => Promise<void>;
  onDone: (message: string) => void;
}) {
  const { t } = useTranslation();
  const [asking, setAsking] = useState(false);
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<unknown>(undefined);
  const confirm = async () => {
    setBusy(true);
    setFailure(undefined);
    try {
      await reset();
      setAsking(false);
      onDone(t("secondFactor.resetDone", { name }));
    } catch (error) {
      setFailure(error);
    } finally {
      setBusy(false);
    }
  };
  return (
    <>
      <button
        type="button"
        disabled={disabled}
        onClick={() => {
          setFailure(undefined);
          setAsking(true);
        }}
      >
        {t("secondFactor.reset")}
      </button>
      {asking &&
        createPortal(
          <ConfirmDialog
            title={t("secondFactor.resetTitle", { name })}
            confirmLabel={t("secondFactor.reset")}
            busyLabel={t("secondFactor.resetting")}
            busy={busy}
            onConfirm={() => void confirm()}
            onCancel={() => {
              setAsking(false);
            }}
          >
            <p>{t("secondFactor.resetBody")}</p>
            {failure !== undefined && <ProblemNotice error={failure} />}
          </ConfirmDialog>,
          document.body,
        )}
    </>
  );
}
