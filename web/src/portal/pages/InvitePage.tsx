import { useState } from "react";
import { useTranslation } from "react-i18next";
import { useNavigate, useParams } from "react-router";
import { acceptInvitation, useInvitation } from "../api/customer";
import { ApiError } from "../../shared/api/client";
import { NewPasswordForm } from "../components/NewPasswordForm";
import { landingPath, usePortalContext, usePortalTitle } from "../layouts/portalContext";
import { formatDateTime } from "../../shared/lib/format";
import { PortalFailure } from "./PortalFailure";
import { useStartSession } from "../session";

function isGone(error: unknown): boolean {
  return error instanceof ApiError && error.status === 410;
}

/** /p/:slug/invite/:token: the invited person chooses a password and is signed in. */
export function InvitePage() {
  const { t } = useTranslation();
  const { token = "" } = useParams();
  const { portal, format } = usePortalContext();
  usePortalTitle(t("portalPages.invite"));
  const navigate = useNavigate();
  const startSession = useStartSession();
  const invitation = useInvitation(token);
  const [failure, setFailure] = useState<unknown>(undefined);

  if (isGone(invitation.error) || isGone(failure)) {
    return (
      <section data-testid="invitation-gone">
        <h1>{t("portalAuth.inviteGoneHeading")}</h1>
        <p>{t("portalAuth.inviteGoneBody")}</p>
      </section>
    );
  }
  if (invitation.error) return <PortalFailure error={invitation.error} />;
  if (!invitation.data) {
    return (
      <p role="status" className="muted">
        {t("portal.loading")}
      </p>
    );
  }
  const data = invitation.data;

  return (
    <>
      <h1>{t("portalAuth.inviteHeading", { portal: data.portal.name })}</h1>
      <p className="lead">
        {t("portalAuth.inviteIntro", { company: data.company })}{" "}
        <strong data-testid="invited-email">{data.email}</strong>
      </p>
      <p className="muted">
        {t("portalAuth.inviteExpires", { date: formatDateTime(data.expiresAt, format) })}
      </p>
      {failure !== undefined && <PortalFailure error={failure} />}
      <NewPasswordForm
        submitLabel={t("portalAuth.acceptSubmit")}
        busyLabel={t("portalAuth.accepting")}
        onSubmit={async (password) => {
          setFailure(undefined);
          const me = await acceptInvitation(token, password);
          startSession(me);
          await navigate(landingPath(portal.slug, me), { replace: true });
        }}
        onFailure={setFailure}
      />
    </>
  );
}
