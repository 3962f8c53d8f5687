import { useTranslation } from "react-i18next";
import { NavLink, Outlet } from "react-router";
import { SiteHeader } from "../components/SiteHeader";

/** Frame of the staff console: every /admin/* page renders inside it. */
export function ConsoleShell() {
  const { t } = useTranslation();

  return (
    <div className="shell shell-console" data-shell="console">
      <SiteHeader context={t("console.name")}>
        <nav aria-label={t("console.navLabel")} className="site-nav">
          <NavLink to="/admin" end>
            {t("console.overview")}
          </NavLink>
        </nav>
      </SiteHeader>
      <main id="main" tabIndex={-1} className="content">
        <Outlet />
      </main>
    </div>
  );
}
