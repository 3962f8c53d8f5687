import { useTranslation } from "react-i18next";
import { Navigate } from "react-router";
import { portalPath, usePortalContext } from "../layouts/portalContext";
import { pickLabel } from "../../shared/lib/labels";
import { HomeSections } from "../components/HomeSections";

/**
 * /p/:slug: the portal's name and welcome text; with a session, the home
 * (what needs the user's attention), or, where the user type opens the first
 * tab instead (`me.home` false), that tab.
 */
export function PortalHomePage() {
  const { t } = useTranslation();
  const { portal, tabs, me, language, format } = usePortalContext();
  const welcome = pickLabel(portal.branding.welcome, language);

  if (me?.home === false && me.firstTab) {
    return <Navigate to={portalPath(portal.slug, encodeURIComponent(me.firstTab))} replace />;
  }
  return (
    <>
      <h1>{portal.name}</h1>
      <p className="lead portal-welcome" data-testid="portal-welcome">
        {welcome || t("portal.welcome")}
      </p>
      {tabs &&
        (tabs.tabs.length > 0 ? (
          <HomeSections slug={portal.slug} tabs={tabs} language={language} format={format} />
        ) : (
          <p className="muted">{t("portal.noTabs")}</p>
        ))}
    </>
  );
}
