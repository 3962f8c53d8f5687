import { useEffect, type CSSProperties } from "react";
import { useTranslation } from "react-i18next";
import { NavLink, Outlet, useLocation, useNavigate, useParams } from "react-router";
import { useMyTabs, usePublicPortal } from "../api/customer";
import { ApiError } from "../api/client";
import { SiteHeader } from "../components/SiteHeader";
import { currentLanguage } from "../i18n";
import { pickLabel } from "../lib/labels";
import { portalPath, type PortalContext } from "./portalContext";

/**
 * Frame of one customer's portal: its name, logo, colour and welcome text
 * from GET /api/p/{slug}, and, with a portal session, the tabs of the user
 * (or of the previewed user type) from GET /api/me/tabs.
 */
export function PortalShell() {
  const { t, i18n } = useTranslation();
  const language = currentLanguage(i18n);
  const { slug = "", "*": rest = "" } = useParams();
  const location = useLocation();
  const navigate = useNavigate();
  const portal = usePublicPortal(slug);
  const moved = portal.data !== undefined && portal.data.slug !== slug;
  const tabs = useMyTabs(portal.data !== undefined && !moved);

  useEffect(() => {
    // An earlier address answers the portal with its current one: move there.
    if (portal.data && portal.data.slug !== slug) {
      void navigate(
        `${portalPath(portal.data.slug, rest)}${location.search}${location.hash}`,
        { replace: true },
      );
    }
  }, [portal.data, slug, rest, location.search, location.hash, navigate]);

  const notFound = portal.error instanceof ApiError && portal.error.status === 404;
  const signedOut = tabs.error instanceof ApiError && tabs.error.status === 401;
  const data = portal.data;
  const style = data?.branding.primaryColor
    ? ({ "--portal-primary": data.branding.primaryColor } as CSSProperties)
    : undefined;

  let body;
  if (notFound) {
    body = (
      <section data-testid="portal-not-found">
        <h1>{t("portal.notFoundHeading")}</h1>
        <p>{t("portal.notFoundBody")}</p>
      </section>
    );
  } else if (portal.error) {
    body = (
      <p role="alert" className="notice notice-error">
        {t("problem.heading")}
      </p>
    );
  } else if (!data || moved || (tabs.isPending && tabs.fetchStatus !== "idle")) {
    body = (
      <p role="status" className="muted">
        {t("portal.loading")}
      </p>
    );
  } else if (tabs.error && !signedOut) {
    body = (
      <p role="alert" className="notice notice-error">
        {t("problem.heading")}
      </p>
    );
  } else {
    const context: PortalContext = { portal: data, tabs: tabs.data, language };
    body = <Outlet context={context} />;
  }

  const myTabs = data && !moved ? tabs.data : undefined;

  return (
    <div className="shell shell-portal" data-shell="portal" style={style}>
      {myTabs?.preview && (
        <p role="status" className="preview-banner" data-testid="preview-banner">
          {t("portal.previewBanner", { name: myTabs.userType.name })}
        </p>
      )}
      <SiteHeader context={data?.name ?? slug}>
        <nav aria-label={t("portal.navLabel")} className="site-nav">
          <NavLink to={portalPath(data?.slug ?? slug)} end>
            {t("portal.home")}
          </NavLink>
        </nav>
      </SiteHeader>
      {data && !moved && (
        <div className="portal-brand">
          {data.logoUrl && (
            <img
              className="portal-logo"
              src={data.logoUrl}
              alt={t("portal.logoAlt", { name: data.name })}
            />
          )}
          <p className="portal-name" data-testid="portal-name">
            {data.name}
          </p>
        </div>
      )}
      {myTabs && myTabs.tabs.length > 0 && (
        <nav aria-label={t("portal.tabsLabel")} className="portal-tabs">
          {myTabs.tabs.map((tab) => (
            <NavLink key={tab.module} to={portalPath(data?.slug ?? slug, encodeURIComponent(tab.module))}>
              {pickLabel(tab.labels, language, tab.module)}
            </NavLink>
          ))}
        </nav>
      )}
      <main id="main" tabIndex={-1} className="content">
        {body}
      </main>
    </div>
  );
}
