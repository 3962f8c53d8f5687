import { useEffect } from "react";
import { useTranslation } from "react-i18next";
import { Link, useNavigate } from "react-router";
import { api } from "../api/client";

/**
 * The product's root page, which anyone may reach: its name, what it is and
 * the way to the staff console. It shows nothing of the deployment (no
 * version, no storage checks): the service status is the console's overview,
 * for signed-in staff. Customers arrive at their company's portal
 * (/p/{slug}) from the links the company sends them. Under a company's custom
 * domain (docs/custom-domains.md) GET /api/domain names that company's portal
 * and the page moves there; under the deployment's own domain it answers 404
 * and the page stays.
 */
export function LandingPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();

  useEffect(() => {
    const ctl = new AbortController();
    api
      .GET("/api/domain", { signal: ctl.signal })
      .then(({ data }) => {
        if (data) void navigate(data.path, { replace: true });
      })
      .catch(() => {
        // No portal of its own (or no answer): the landing page is the page.
      });
    return () => {
      ctl.abort();
    };
  }, [navigate]);

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
