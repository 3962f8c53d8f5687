import { useTranslation } from "react-i18next";
import { Outlet } from "react-router";
import { SiteHeader } from "../../shared/components/SiteHeader";
import { useDocumentTitle } from "../../shared/lib/documentTitle";

/** Frame of the console's sign-in and password reset pages (no session needed). */
export function ConsoleAuthShell() {
  const { t } = useTranslation();
  useDocumentTitle(t("console.name"), "shell");

  return (
    <div className="shell shell-console shell-auth" data-shell="console">
      <SiteHeader context={t("console.name")} />
      <main id="main" tabIndex={-1} className="content content-narrow">
        <Outlet />
      </main>
    </div>
  );
}
