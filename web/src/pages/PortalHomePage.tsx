import { useTranslation } from "react-i18next";
import { useParams } from "react-router";

export function PortalHomePage() {
  const { t } = useTranslation();
  const { slug = "" } = useParams();

  return (
    <>
      <h1>{t("portal.heading", { slug })}</h1>
      <p className="lead">{t("portal.welcome")}</p>
    </>
  );
}
