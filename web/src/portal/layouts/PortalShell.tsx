import { useQueryClient } from "@tanstack/react-query";
import { useEffect, useMemo, useTransition, type CSSProperties } from "react";
import { useTranslation } from "react-i18next";
import { Link, Navigate, NavLink, Outlet, useLocation, useNavigate, useParams } from "react-router";
import { customerKeys, savePreferences, useMe, useMyTabs, usePublicPortal } from "../api/portalSession";
import { ApiError, logout, type Me } from "../../shared/api/client";
import { NotificationBell } from "../../shared/components/NotificationBell";
import { SearchBox } from "../../shared/components/SearchBox";
import { SiteHeader } from "../../shared/components/SiteHeader";
import { currentLanguage, normalizeLanguage, setLanguage, type Language } from "../../i18n";
import { PortalTabs } from "../components/PortalTabs";
import { portalFormatContext } from "../lib/portalFormatContext";
import { readableBrandColor } from "../../shared/lib/contrast";
import { useDocumentTitle } from "../../shared/lib/documentTitle";
import { isPublicPortalPage, portalPath, type PortalContext } from "./portalContext";

function isUnauthorized(error: unknown): boolean {
  return error instanceof ApiError && error.status === 401;
}

/**
 * Frame of one customer's portal: its name, logo, colour and welcome text
 * from GET /api/p/{slug}. The sign-in and invitation pages work without a
 * session; every other page needs one (GET /api/me, else the sign-in page)
 * and shows the user's (or the previewed user type's) tabs from
 * GET /api/me/tabs.
 */
export function PortalShell() {
  const { t, i18n } = useTranslation();
  const language = currentLanguage(i18n);
  const { slug = "", "*": rest = "" } = useParams();
  const location = useLocation();
  const navigate = useNavigate();
  const portal = usePublicPortal(slug);
  const moved = portal.data !== undefined && portal.data.slug !== slug;
  const publicPage = isPublicPortalPage(rest);
  const ready = portal.data !== undefined && !moved;
  const me = useMe(ready && !publicPage);
  const tabs = useMyTabs(ready && !publicPage && me.data !== undefined);
  const currentSlug = portal.data?.slug ?? slug;
  const queryClient = useQueryClient();

  useEffect(() => {
    // An earlier address answers the portal with its current one: move there.
    if (portal.data && portal.data.slug !== slug) {
      void navigate(
        `${portalPath(portal.data.slug, rest)}${location.search}${location.hash}`,
        { replace: true },
      );
    }
  }, [portal.data, slug, rest, location.search, location.hash, navigate]);

  // The UI speaks the language the user saved (the header's switcher can still change it).
  const savedLanguage =
    me.data && me.data.preferencesSet && !me.data.preview
      ? normalizeLanguage(me.data.preferences.language)
      : undefined;
  useEffect(() => {
    if (savedLanguage && savedLanguage !== currentLanguage(i18n)) {
      void setLanguage(i18n, savedLanguage);
    }
    // Only a newly loaded or saved language switches; not the switcher's choice.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [savedLanguage]);

  // The header's switcher is the one language control: for a signed-in user
  // (not a preview, which cannot write) it saves the choice, so the next load
  // keeps it. Before the first "Save preferences" the welcome page saves it.
  // Plain calls rather than useMutation (here and in PortalAccount): the frame is on every
  // page's first load, the mutation's code is not (the pages that save load it).
  const canSaveLanguage = !publicPage && me.data?.preferencesSet === true && !me.data.preview;
  const onLanguageChange = canSaveLanguage
    ? (next: Language) => {
        const current = me.data;
        if (!current) return;
        void savePreferences({ ...current.preferences, language: next }).then(
          (updated) => queryClient.setQueryData(customerKeys.me, updated),
          // The page already speaks the new language; a failed save leaves the saved one
          // for the next load, as the switcher did before it saved anything.
          () => undefined,
        );
      }
    : undefined;

  const preferences = publicPage ? undefined : me.data?.preferences;
  const currency = portal.data?.currency;
  const format = useMemo(
    () => portalFormatContext(language, preferences, currency),
    [language, preferences, currency],
  );

  const notFound = portal.error instanceof ApiError && portal.error.status === 404;
  const data = portal.data;
  // The company's name titles every page of its portal (pages put theirs first).
  useDocumentTitle(data && !moved ? data.name : undefined, "shell");
  // The brand colour, darkened where it would not read on white, colours the portal's
  // buttons and links (styles.css, .shell-portal[data-brand]).
  const brand = readableBrandColor(data?.branding.primaryColor);
  const style = brand
    ? ({ "--portal-primary": brand, "--portal-brand": brand } as CSSProperties)
    : undefined;

  if (ready && !publicPage && (isUnauthorized(me.error) || isUnauthorized(tabs.error))) {
    return <Navigate to={portalPath(currentSlug, "login")} replace />;
  }

  const loadingBody = (
    <p role="status" className="muted">
      {t("portal.loading")}
    </p>
  );
  const errorBody = (
    <p role="alert" className="notice notice-error">
      {t("problem.heading")}
    </p>
  );
  let body;
  if (notFound) {
    body = (
      <section data-testid="portal-not-found">
        <h1>{t("portal.notFoundHeading")}</h1>
        <p>{t("portal.notFoundBody")}</p>
      </section>
    );
  } else if (portal.error) {
    body = errorBody;
  } else if (!data || moved) {
    body = loadingBody;
  } else if (publicPage) {
    const context: PortalContext = {
      portal: data,
      tabs: undefined,
      me: undefined,
      language,
      format,
    };
    body = <Outlet context={context} />;
  } else if (me.error || tabs.error) {
    body = errorBody;
  } else if (!me.data || !tabs.data) {
    body = loadingBody;
  } else {
    const context: PortalContext = { portal: data, tabs: tabs.data, me: me.data, language, format };
    body = <Outlet context={context} />;
  }

  const myTabs = ready && !publicPage ? tabs.data : undefined;
  const user = ready && !publicPage ? me.data : undefined;

  return (
    <div
      className="shell shell-portal"
      data-shell="portal"
      data-brand={brand ? "" : undefined}
      style={style}
    >
      {myTabs?.preview && (
        <p role="status" className="preview-banner" data-testid="preview-banner">
          {t("portal.previewBanner", { name: myTabs.userType.name })}
        </p>
      )}
      <SiteHeader
        brand={<PortalBrand slug={currentSlug} name={data && !moved ? data.name : undefined} logoUrl={data?.logoUrl} />}
        actions={
          user && (
            <PortalAccount me={user} slug={currentSlug} previewTypeId={myTabs?.preview ? myTabs.userType.id : undefined} />
          )
        }
        onLanguageChange={onLanguageChange}
      >
        <nav aria-label={t("portal.navLabel")} className="site-nav">
          <NavLink to={portalPath(currentSlug)} end>
            {t("portal.home")}
          </NavLink>
          {/* Account admins only (staff mark them); the routes answer no one else. */}
          {user?.accountAdmin && !user.preview && (
            <NavLink to={portalPath(currentSlug, "colleagues")} data-testid="colleagues-link">
              {t("portal.colleagues")}
            </NavLink>
          )}
        </nav>
        {user && myTabs && myTabs.tabs.length > 0 && (
          <SearchBox key={currentSlug} to={portalPath(currentSlug, "search")} />
        )}
      </SiteHeader>
      {myTabs && myTabs.tabs.length > 0 && (
        <PortalTabs tabs={myTabs.tabs} slug={currentSlug} language={language} />
      )}
      <main id="main" tabIndex={-1} className="content">
        {(location.state as { preferencesSaved?: boolean } | null)?.preferencesSaved === true && (
          <p role="status" className="notice notice-good" data-testid="preferences-saved">
            {t("portalPages.preferencesSaved")}
          </p>
        )}
        {body}
      </main>
    </div>
  );
}

/**
 * The company's brand first: its logo and name, linking to the portal's first
 * page, never out of the portal (the product's own pages are the operator's).
 */
function PortalBrand({ slug, name, logoUrl }: { slug: string; name?: string | undefined; logoUrl?: string | undefined }) {
  const { t } = useTranslation();
  return (
    <Link to={portalPath(slug)} className="portal-home-link" data-testid="portal-home-link">
      {name && logoUrl && (
        <img className="portal-logo" src={logoUrl} alt={t("portal.logoAlt", { name })} />
      )}
      <span className="portal-name" data-testid="portal-name">
        {name ?? slug}
      </span>
    </Link>
  );
}

/**
 * The signed-in user's name, "Preferences" and "Log out". Logging out ends
 * only the portal session: a preview's (previewTypeId set) then returns to
 * the previewed user type in the console, whose session it leaves alone.
 */
function PortalAccount({ me, slug, previewTypeId }: { me: Me; slug: string; previewTypeId?: string | undefined }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const [signingOut, startSignOut] = useTransition();
  const signOut = () => {
    startSignOut(async () => {
      // Whatever the answer, a refusal or a failed request too, this browser forgets the
      // session's data.
      await logout("portal").catch(() => undefined);
      queryClient.removeQueries({ queryKey: customerKeys.me });
      queryClient.removeQueries({ queryKey: customerKeys.allRecords });
      if (previewTypeId) {
        void navigate(`/admin/portal/user-types/${encodeURIComponent(previewTypeId)}`, {
          replace: true,
        });
        return;
      }
      // The sign-in page confirms it ("You have signed out").
      void navigate(portalPath(slug, "login"), { replace: true, state: { signedOut: true } });
    });
  };

  return (
    <div className="account" role="group" aria-label={t("portal.accountLabel")}>
      {!me.preview && <NotificationBell side="portal" to={portalPath(slug, "notifications")} />}
      <span className="account-name" data-testid="portal-user">
        {me.name || me.email}
      </span>
      {!me.preview && <Link to={portalPath(slug, "welcome")}>{t("portal.preferences")}</Link>}
      <button
        type="button"
        onClick={signOut}
        disabled={signingOut}
      >
        {signingOut ? t("portal.loggingOut") : t("portal.logout")}
      </button>
    </div>
  );
}
