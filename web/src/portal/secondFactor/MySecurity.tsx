import { useTranslation } from "react-i18next";
import { formatDateTime } from "../../shared/lib/format";
import { SecuritySection } from "../../shared/secondFactor/SecuritySection";
import { usePortalContext } from "../layouts/portalContext";
import { PortalFailure } from "../pages/PortalFailure";
import { myMfaApi, myMfaKey } from "./api";

/** The portal user's "Sign-in security" on their preferences page (/api/me/mfa). */
export function MySecurity({ email }: { email: string }) {
  const { t } = useTranslation();
  const { portal, format } = usePortalContext();
  return (
    <SecuritySection
      api={myMfaApi}
      queryKey={myMfaKey}
      account={t("secondFactor.codesFile", { account: `${portal.name}, ${email}` })}
      formatDate={(iso) => formatDateTime(iso, format)}
      renderFailure={(error) => <PortalFailure error={error} />}
    />
  );
}
