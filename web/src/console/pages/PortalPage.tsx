import { useState } from "react";
import { useTranslation } from "react-i18next";
import { ApiError, problemMember } from "../../shared/api/client";
import { usePortal } from "../api/portalSetup";
import { PortalSetupNav } from "../components/portalSetup/PortalBits";
import { Loading, ProblemNotice } from "../components/ProblemNotice";
import type { Notice } from "../lib/portalSettings";
import { PortalDetails } from "../components/portalSetup/PortalDetails";
import { StartPortal } from "../components/portalSetup/PortalStart";

/** /admin/portal: Setup > Channels > Portals. */
export function PortalPage() {
  const { t } = useTranslation();
  const portal = usePortal();
  const [notice, setNotice] = useState<Notice | undefined>(undefined);
  const notConfigured = portal.error instanceof ApiError && portal.error.status === 404;

  return (
    <>
      <PortalSetupNav />
      <h1>{t("console.sections.portalSetup")}</h1>
      {notConfigured ? (
        <StartPortal
          defaultName={problemMember(portal.error, "defaultName")}
          onCreated={(created) => {
            setNotice({ kind: "created", url: created.url });
          }}
        />
      ) : portal.error ? (
        <ProblemNotice error={portal.error} onRetry={() => void portal.refetch()} />
      ) : !portal.data ? (
        <Loading label={t("console.loading")} />
      ) : (
        <PortalDetails
          // A saved or reloaded portal starts a fresh form.
          key={portal.data.version}
          portal={portal.data}
          notice={notice}
          onSaved={setNotice}
        />
      )}
    </>
  );
}

