import { useTranslation } from "react-i18next";
import { formatDateTime } from "../../shared/lib/format";
import { SecuritySection } from "../../shared/secondFactor/SecuritySection";
import { ProblemNotice } from "../components/ProblemNotice";
import { useFormatContext, useSession } from "../session";
import { staffMfaApi, staffMfaKey } from "./api";

/** The staff member's own "Sign-in security" on the console's settings page (/api/admin/me/mfa). */
export function StaffSecurity() {
  const { t } = useTranslation();
  const session = useSession();
  const format = useFormatContext();
  return (
    <SecuritySection
      api={staffMfaApi}
      queryKey={staffMfaKey}
      account={t("secondFactor.codesFile", {
        account: `${t("console.name")}, ${session.org.name}, ${session.user.email}`,
      })}
      formatDate={(iso) => formatDateTime(iso, format)}
      renderFailure={(error) => <ProblemNotice error={error} />}
    />
  );
}
