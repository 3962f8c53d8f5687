import { useTranslation } from "react-i18next";
import { Link } from "react-router";

/**
 * The product's root page, which anyone may reach: its name, what it is and
 * the way to the staff console. It shows nothing of the deployment (no
 * version, no storage checks): the service status is the console's overview,
 * for signed-in staff. Customers arrive at their company's portal
 * (/p/{slug}) from the links the company sends them.
 */
export function LandingPage() {
  const { t } = useTranslation();

  return (
    <>
      <h1>{t("landing.heading")}</h1>
      <p className="lead">{t("landing.intro")}</p>
      <p>{t("landing.customers")}</p>
      <p>
        <Link to="/admin" className="button">
          {t("landing.consoleLink")}
        </Link>
      </p>
    </>
  );
}
