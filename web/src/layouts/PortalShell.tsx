import { useTranslation } from "react-i18next";
import { NavLink, Outlet, useParams } from "react-router";
import { SiteHeader } from "../components/SiteHeader";

/** Frame of one customer's portal: every /p/:slug/* page renders inside it. */
export function PortalShell() {
  const { t } = useTranslation();
  const { slug = "" } = useParams();

  return (
    <div className="shell shell-portal" data-shell="portal">
      <SiteHeader context={slug}>
        <nav aria-label={t("portal.navLabel")} className="site-nav">
          <NavLink to={`/p/${encodeURIComponent(slug)}`} end>
            {t("portal.home")}
          </NavLink>
        </nav>
      </SiteHeader>
      <main id="main" tabIndex={-1} className="content">
        <Outlet />
      </main>
    </div>
  );
}
