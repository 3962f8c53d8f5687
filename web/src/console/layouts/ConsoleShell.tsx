import { skipToken, useQuery, useQueryClient } from "@tanstack/react-query";
import { lazy, Suspense, useTransition } from "react";
import { useTranslation } from "react-i18next";
import { Navigate, NavLink, Outlet, useLocation, useNavigate } from "react-router";
import { adminKeys, useStaffMe } from "../api/staffSession";
import { ApiError, logout, type StaffSession } from "../../shared/api/client";
import { Loading } from "../components/Loading";
import { NotificationBell } from "../../shared/components/NotificationBell";
import { SearchBox } from "../../shared/components/SearchBox";
import { SiteHeader } from "../../shared/components/SiteHeader";
import { SessionContext } from "../sessionContext";
import { loginPath } from "../lib/next";
import { consoleRecordsModule, consoleSectionKey } from "./consoleTitle";
import { titleOf, useDocumentTitle } from "../../shared/lib/documentTitle";
import { moduleLabel } from "../../shared/lib/labels";
import { useLanguage } from "../../shared/lib/language";
import type { Module } from "../../shared/api/client";

// The session probe rarely fails: the notice that explains it, with the code that words the
// API's problems, loads when it is shown rather than with every console page.
const ProblemNotice = lazy(() =>
  import("../components/ProblemNotice").then((module) => ({ default: module.ProblemNotice })),
);

/**
 * Frame of the signed-in staff console: every /admin/* page but the sign-in
 * and password reset ones renders inside it. It asks who is signed in
 * (GET /api/admin/me) and sends anyone else to the sign-in page.
 */
export function ConsoleShell() {
  const { t } = useTranslation();
  const location = useLocation();
  const me = useStaffMe();
  useConsoleTitle(location.pathname);

  if (me.error instanceof ApiError && me.error.status === 401) {
    return <Navigate to={loginPath(location.pathname + location.search)} replace />;
  }
  const session = me.data;

  return (
    <div className="shell shell-console" data-shell="console">
      <SiteHeader
        context={session?.org.name ?? t("console.name")}
        actions={session && <AccountMenu session={session} />}
      >
        <nav aria-label={t("console.navLabel")} className="site-nav">
          <NavLink to="/admin" end>
            {t("console.overview")}
          </NavLink>
          <NavLink to="/admin/portal">{t("console.portal")}</NavLink>
          <NavLink to="/admin/portal/users">{t("console.portalUsers")}</NavLink>
          {session?.user.role === "admin" && <NavLink to="/admin/audit">{t("console.audit")}</NavLink>}
          {session?.user.role === "admin" && <NavLink to="/admin/usage">{t("console.usage")}</NavLink>}
          <NavLink to="/admin/tokens">{t("console.apiTokens")}</NavLink>
          <NavLink to="/admin/api">{t("console.api")}</NavLink>
          {session?.user.role === "admin" && <NavLink to="/admin/team">{t("console.team")}</NavLink>}
          <NavLink to="/admin/settings">{t("console.settings")}</NavLink>
        </nav>
        {session && <SearchBox to="/admin/search" texts="console" />}
      </SiteHeader>
      <main id="main" tabIndex={-1} className="content">
        {session ? (
          <SessionContext value={session}>
            <Outlet />
          </SessionContext>
        ) : me.error ? (
          <Suspense fallback={<Loading label={t("console.loading")} />}>
            <ProblemNotice error={me.error} onRetry={() => void me.refetch()} />
          </Suspense>
        ) : (
          <Loading label={t("console.loading")} />
        )}
      </main>
    </div>
  );
}

/**
 * Titles the document by the console section of `pathname` ("Portal user types · Staff
 * console"); a records page by its module's label once the page has loaded the module (read
 * from the cache only: the shell never fetches for a title).
 */
function useConsoleTitle(pathname: string) {
  const { t } = useTranslation();
  const language = useLanguage();
  const moduleName = consoleRecordsModule(pathname);
  const module = useQuery<Module>({
    queryKey: adminKeys.module(moduleName ?? ""),
    queryFn: skipToken,
  });
  const key = consoleSectionKey(pathname);
  const section = key
    ? t(key)
    : moduleName
      ? module.data
        ? moduleLabel(module.data, language)
        : moduleName
      : undefined;
  useDocumentTitle(titleOf(section, t("console.name")), "shell");
}

function AccountMenu({ session }: { session: StaffSession }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  // A transition rather than useMutation: the frame is on every page's first load, the
  // mutation's code is not (the pages that save load it).
  const [signingOut, startSignOut] = useTransition();
  const signOut = () => {
    startSignOut(async () => {
      // Whatever the answer, a refusal or a failed request too, this browser forgets the
      // console's data.
      await logout().catch(() => undefined);
      queryClient.removeQueries({ queryKey: adminKeys.all });
      // The sign-in page confirms it ("You have signed out").
      void navigate("/admin/login", { replace: true, state: { signedOut: true } });
    });
  };

  return (
    <div className="account" aria-label={t("console.accountLabel")} role="group">
      <NotificationBell side="staff" to="/admin/notifications" />
      <span className="account-name" data-testid="console-user">
        {session.user.name}
      </span>
      <button
        type="button"
        onClick={signOut}
        disabled={signingOut}
      >
        {signingOut ? t("console.loggingOut") : t("console.logout")}
      </button>
    </div>
  );
}
