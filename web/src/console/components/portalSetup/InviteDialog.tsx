import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { adminKeys } from "../../api/admin";
import { sendInvitation } from "../../api/portalUsers";
import { Dialog } from "../../../shared/components/Dialog";
import { ProblemNotice } from "../ProblemNotice";
import { UserTypeSelect } from "./UserTypeSelect";

/** "Send portal invitation" for one Contacts or Leads record. */
export function InviteDialog({
  module,
  recordId,
  onClose,
}: {
  module: string;
  recordId: string;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [typeId, setTypeId] = useState("");
  const send = useMutation({
    mutationFn: () => sendInvitation(module, recordId, typeId),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: adminKeys.userTypes });
      await queryClient.invalidateQueries({ queryKey: adminKeys.portalUsers });
    },
  });
  const user = send.data;

  return (
    <Dialog title={t("invite.dialogTitle")} onClose={onClose}>
      <p className="muted">{t("invite.dialogIntro")}</p>
      {user?.delivery?.state === "send_failed" ? (
        <div role="alert" className="notice notice-warn" data-testid="invite-outcome">
          <p className="notice-title">{t("invite.sendFailed", { email: user.email })}</p>
          {user.delivery.reason && <p>{user.delivery.reason}</p>}
          <p>
            <Link to="/admin/portal/users">{t("invite.toPortalUsers")}</Link>
          </p>
        </div>
      ) : user ? (
        <p role="status" className="notice notice-good" data-testid="invite-outcome">
          {t("invite.sent", { email: user.email })}
        </p>
      ) : (
        <>
          {send.error && <ProblemNotice error={send.error} />}
          <form
            className="form"
            onSubmit={(event) => {
              event.preventDefault();
              if (typeId) send.mutate();
            }}
          >
            <UserTypeSelect
              module={module}
              value={typeId}
              onChange={(id) => {
                send.reset();
                setTypeId(id);
              }}
              label={t("invite.userType")}
              disabled={send.isPending}
            />
            <div className="form-actions">
              <button type="submit" className="primary" disabled={!typeId || send.isPending}>
                {send.isPending ? t("invite.sending") : t("invite.send")}
              </button>
              <button type="button" onClick={onClose}>
                {t("common.cancel")}
              </button>
            </div>
          </form>
        </>
      )}
      {user && (
        <p className="form-actions">
          <button type="button" onClick={onClose}>
            {t("common.close")}
          </button>
        </p>
      )}
    </Dialog>
  );
}
