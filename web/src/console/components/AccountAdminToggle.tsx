import { useState } from "react";
import { useTranslation } from "react-i18next";
import type { PortalUser } from "../../shared/api/client";
import { RoleBadge } from "../../shared/components/RoleBadge";
import { setAccountAdmin } from "../api/portalUsers";
import { useProblemText } from "../problemText";

/** The "Account admin" mark next to a portal user's name. */
export function AccountAdminBadge({ user }: { user: Pick<PortalUser, "accountAdmin"> }) {
  const { t } = useTranslation();
  if (!user.accountAdmin) return null;
  return <RoleBadge>{t("portalUsers.accountAdmin.badge")}</RoleBadge>;
}

/**
 * A staff admin's "Make account admin" / "Remove account admin" for the user of a Contact:
 * an account admin manages the portal users of their Account in the portal, within the
 * user types marked delegable. The server refuses a Contact without an Account (the reason
 * is shown through onDone's error text).
 */
export function AccountAdminToggle({
  user,
  disabled,
  onDone,
}: {
  user: PortalUser;
  disabled: boolean;
  onDone: (notice: { tone: "good" | "error"; text: string }) => void;
}) {
  const { t } = useTranslation();
  const problemText = useProblemText();
  const [busy, setBusy] = useState(false);
  if (user.recordModule !== "Contacts") return null;
  const on = user.accountAdmin === true;
  const toggle = async () => {
    setBusy(true);
    try {
      await setAccountAdmin(user.id, !on);
      onDone({
        tone: "good",
        text: t(on ? "portalUsers.accountAdmin.doneOff" : "portalUsers.accountAdmin.doneOn", { email: user.email }),
      });
    } catch (error) {
      onDone({
        tone: "error",
        text: t("portalUsers.actionFailed", { email: user.email, reason: problemText(error) }),
      });
    } finally {
      setBusy(false);
    }
  };
  return (
    <button type="button" aria-pressed={on} disabled={disabled || busy} onClick={() => void toggle()}>
      {on ? t("portalUsers.accountAdmin.unmake") : t("portalUsers.accountAdmin.make")}
    </button>
  );
}
