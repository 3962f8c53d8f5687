import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, useParams } from "react-router";
import { resetPortalPassword } from "../api/customer";
import { ApiError } from "../../shared/api/client";
import { NewPasswordForm } from "../components/NewPasswordForm";
import { portalPath, usePortalContext, usePortalTitle } from "../layouts/portalContext";
import { PortalFailure } from "./PortalFailure";

/** /p/:slug/reset/:token: a new password from a reset link. */
export function PortalResetPage() {
  const { t } = useTranslation();
  const { token = "" } = useParams();
  const { portal } = usePortalContext();
  usePortalTitle(t("portalPages.reset"));
  const [done, setDone] = useState(false);
  const [failure, setFailure] = useState<unknown>(undefined);
  const login = portalPath(portal.slug, "login");

  if (failure instanceof ApiError && failure.status === 410) {
    return (
      <section data-testid="reset-gone">
        <h1>{t("portalAuth.resetGoneHeading")}</h1>
        <p>
          <Link to={portalPath(portal.slug, "forgot")}>{t("portalAuth.resetAskAgain")}</Link>
        </p>
      </section>
    );
  }
  if (done) {
    return (
      <>
        <h1>{t("portalAuth.resetHeading")}</h1>
        <p role="status" className="notice notice-good" data-testid="reset-done">
          {t("portalAuth.resetDone")}
        </p>
        <p>
          <Link to={login}>{t("portalAuth.loginSubmit")}</Link>
        </p>
      </>
    );
  }
  return (
    <>
      <h1>{t("portalAuth.resetHeading")}</h1>
      {failure !== undefined && <PortalFailure error={failure} />}
      <NewPasswordForm
        submitLabel={t("portalAuth.resetSubmit")}
        busyLabel={t("portalAuth.resetSubmitting")}
        onSubmit={async (password) => {
          setFailure(undefined);
          await resetPortalPassword(token, password);
          setDone(true);
        }}
        onFailure={setFailure}
      />
      <p>
        <Link to={login}>{t("portalAuth.backToLogin")}</Link>
      </p>
    </>
  );
}
