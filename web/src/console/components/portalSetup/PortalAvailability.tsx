import { useQueryClient } from "@tanstack/react-query";
import { useId, useState } from "react";
import { useTranslation } from "react-i18next";
import { adminKeys } from "../../api/admin";
import { ApiError, type Portal } from "../../../shared/api/client";
import { updatePortal, useUserTypes } from "../../api/portalSetup";
import { ConflictNotice } from "../ConflictNotice";
import { Dialog } from "../../../shared/components/Dialog";
import { PreviewControl } from "./PreviewControl";
import { ProblemNotice } from "../ProblemNotice";

/** "Preview" of the portal as one of its user types, once there are any. */
export function PortalPreview() {
  const userTypes = useUserTypes();
  const items = userTypes.data?.items ?? [];
  return items.length > 0 ? <PreviewControl userTypes={items} /> : null;
}

/** "Deactivate portal" (no logins, no invitations) and "Reactivate portal", each confirmed. */
export function PortalAvailability({ portal, readOnly }: { portal: Portal; readOnly: boolean }) {
  const { t } = useTranslation();
  const id = useId();
  const queryClient = useQueryClient();
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<unknown>(undefined);
  const disabled = portal.disabled === true;

  const apply = async () => {
    setBusy(true);
    setFailure(undefined);
    try {
      const updated = await updatePortal(portal.version, { disabled: !disabled });
      setConfirming(false);
      queryClient.setQueryData(adminKeys.portal, updated);
    } catch (error) {
      setConfirming(false);
      setFailure(error);
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="card" aria-labelledby={`${id}-heading`} data-testid="portal-availability">
      <h2 id={`${id}-heading`}>{t("portalSetup.availabilityHeading")}</h2>
      <p role="status" className={`notice ${disabled ? "notice-warn" : "notice-good"}`}>
        {disabled ? t("portalSetup.isDisabled") : t("portalSetup.isEnabled")}
      </p>
      {failure instanceof ApiError && failure.status === 412 ? (
        <ConflictNotice
          message={t("portalSetup.conflict")}
          onReload={() => void queryClient.invalidateQueries({ queryKey: adminKeys.portal })}
        />
      ) : (
        failure !== undefined && <ProblemNotice error={failure} />
      )}
      {!readOnly && (
        <p className="form-actions">
          <button
            type="button"
            className={disabled ? "primary" : "danger"}
            onClick={() => {
              setConfirming(true);
            }}
          >
            {disabled ? t("portalSetup.reactivate") : t("portalSetup.deactivate")}
          </button>
        </p>
      )}
      {confirming && (
        <Dialog
          role="alertdialog"
          title={disabled ? t("portalSetup.reactivateTitle") : t("portalSetup.deactivateTitle")}
          onClose={() => {
            setConfirming(false);
          }}
        >
          <p>{disabled ? t("portalSetup.reactivateBody") : t("portalSetup.deactivateBody")}</p>
          <p className="form-actions">
            <button
              type="button"
              className={disabled ? "primary" : "danger"}
              disabled={busy}
              onClick={() => void apply()}
            >
              {disabled ? t("portalSetup.reactivateConfirm") : t("portalSetup.deactivateConfirm")}
            </button>
            <button
              type="button"
              onClick={() => {
                setConfirming(false);
              }}
            >
              {t("common.cancel")}
            </button>
          </p>
        </Dialog>
      )}
    </section>
  );
}
