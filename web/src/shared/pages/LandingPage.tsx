import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { HealthPanel } from "../components/HealthPanel";

export function LandingPage() {
  const { t } = useTranslation();

  return (
    <>
      <h1>{t("landing.heading")}</h1>
      <p className="lead">{t("landing.intro")}</p>
      <p>
        <Link to="/admin">{t("landing.consoleLink")}</Link>
      </p>
      <HealthPanel />
    </>
  );
}
