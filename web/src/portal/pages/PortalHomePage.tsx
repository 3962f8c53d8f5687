import { useTranslation } from "react-i18next";
import { usePortalContext } from "../layouts/portalContext";
import { pickLabel } from "../../shared/lib/labels";

/** /p/:slug: the portal's name and welcome text; with a session, a hint to pick a tab. */
export function PortalHomePage() {
  const { t } = useTranslation();
  const { portal, tabs, language } = usePortalContext();
  const welcome = pickLabel(portal.branding.welcome, language);

  return (
    <>
      <h1>{portal.name}</h1>
      <p className="lead portal-welcome" data-testid="portal-welcome">
        {welcome || t("portal.welcome")}
      </p>
      {tabs && (
        <p className="muted">{tabs.tabs.length > 0 ? t("portal.chooseTab") : t("portal.noTabs")}</p>
      )}
    </>
  );
}
