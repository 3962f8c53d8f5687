import { lazy, Suspense, useEffect, type ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { Route, Routes } from "react-router";
import { currentLanguage } from "./i18n";
import { WithTexts } from "./i18n/WithTexts";
import { lazyPage } from "./shared/lib/lazyPage";
import { PublicShell } from "./shared/layouts/PublicShell";
import { LandingPage } from "./shared/pages/LandingPage";
import { NotFoundPage } from "./shared/pages/NotFoundPage";
import { useDefaultDocumentTitle } from "./shared/lib/documentTitle";

// Each side (the console, a customer's portal) and each of its pages is a chunk of its own:
// a page downloads the app's core, its side's frame and its own code, never the other side's
// (build/firstLoad.ts holds each side's first load to its budget).
const ConsoleRoutes = lazy(() => import("./console/ConsoleRoutes"));
const PortalShell = lazy(() => {
  // The pages a signed-in customer lands on, fetched alongside the frame rather than after it.
  void import("./portal/pages/PortalHomePage");
  void import("./portal/pages/PortalTabPage");
  void import("./portal/pages/PortalRecordPage");
  return import("./portal/layouts/PortalShell").then((module) => ({
    default: module.PortalShell,
  }));
});
// A page's code and its own texts load together (lazyPage); the sign-in pages carry the form
// libraries and are loaded when first shown.
const PortalHomePage = lazyPage(() => import("./portal/pages/PortalHomePage"), "PortalHomePage", [
  "home",
]);
const PortalTabPage = lazyPage(() => import("./portal/pages/PortalTabPage"), "PortalTabPage", [
  "records",
  "portalRecords",
]);
const PortalRecordPage = lazyPage(() => import("./portal/pages/PortalRecordPage"), "PortalRecordPage", [
  "records",
  "portalRecords",
]);
const InvitePage = lazyPage(() => import("./portal/pages/InvitePage"), "InvitePage", [
  "portalAuth",
  "validation",
]);
const PortalLoginPage = lazyPage(
  () => import("./portal/pages/PortalLoginPage"),
  "PortalLoginPage",
  ["portalAuth", "secondFactor", "validation"],
);
const ForgotPasswordPage = lazyPage(
  () => import("./portal/pages/ForgotPasswordPage"),
  "ForgotPasswordPage",
  ["portalAuth", "validation"],
);
const PortalResetPage = lazyPage(
  () => import("./portal/pages/PortalResetPage"),
  "PortalResetPage",
  ["portalAuth", "validation"],
);
const PortalRecordFormPage = lazyPage(
  () => import("./portal/pages/PortalRecordFormPage"),
  "PortalRecordFormPage",
  ["records", "portalRecords", "validation"],
);
const PortalNotificationsPage = lazyPage(
  () => import("./portal/pages/PortalNotificationsPage"),
  "PortalNotificationsPage",
  ["records"],
);
const PortalSearchPage = lazyPage(() => import("./portal/pages/PortalSearchPage"), "PortalSearchPage", ["records"]);
const ColleaguesPage = lazyPage(() => import("./portal/pages/ColleaguesPage"), "ColleaguesPage", [
  "colleagues",
]);
const WelcomePage = lazyPage(() => import("./portal/pages/WelcomePage"), "WelcomePage", [
  "preferences",
  "myData",
  "secondFactor",
  "portalAuth",
  "validation",
]);

export function App() {
  const { t, i18n } = useTranslation();
  const language = currentLanguage(i18n);
  const title = t("app.title");

  useEffect(() => {
    document.documentElement.lang = language;
  }, [language]);
  // Pages set their own title (useDocumentTitle); this one stands where they set none.
  useDefaultDocumentTitle(title);

  return (
    // The shared texts are loaded before the first render (main.tsx); should that load have
    // failed, this tries again.
    <Suspense fallback={null}>
      <WithTexts set="shared">
        <AppRoutes />
      </WithTexts>
    </Suspense>
  );
}

function AppRoutes() {
  const { t } = useTranslation();
  // The fallbacks show while a side's frame and texts load: their texts are the shared ones.
  return (
    <Routes>
      <Route
        path="/admin/*"
        element={
          <Suspense
            fallback={
              <p role="status" className="muted content">
                {t("app.loadingConsole")}
              </p>
            }
          >
            <WithTexts set="console">
              <ConsoleRoutes />
            </WithTexts>
          </Suspense>
        }
      />
      <Route
        path="/p/:slug/*"
        element={
          <Suspense
            fallback={
              <p role="status" className="muted content">
                {t("app.loadingPortal")}
              </p>
            }
          >
            <WithTexts set="portal">
              <PortalShell />
            </WithTexts>
          </Suspense>
        }
      >
        <Route index element={<PortalPage page={<PortalHomePage />} />} />
        <Route path="invite/:token" element={<PortalPage page={<InvitePage />} />} />
        <Route path="login" element={<PortalPage page={<PortalLoginPage />} />} />
        <Route path="forgot" element={<PortalPage page={<ForgotPasswordPage />} />} />
        <Route path="reset/:token" element={<PortalPage page={<PortalResetPage />} />} />
        <Route path="welcome" element={<PortalPage page={<WelcomePage />} />} />
        <Route path="notifications" element={<PortalPage page={<PortalNotificationsPage />} />} />
        <Route path="colleagues" element={<PortalPage page={<ColleaguesPage />} />} />
        <Route path="search" element={<PortalPage page={<PortalSearchPage />} />} />
        <Route path=":module" element={<PortalPage page={<PortalTabPage />} />} />
        <Route path=":module/new" element={<PortalPage page={<PortalRecordFormPage />} />} />
        <Route path=":module/:id" element={<PortalPage page={<PortalRecordPage />} />} />
        <Route path=":module/:id/edit" element={<PortalPage page={<PortalRecordFormPage />} />} />
        <Route path="*" element={<NotFoundPage />} />
      </Route>
      <Route element={<PublicShell />}>
        <Route
          index
          element={
            // Its texts are loaded before the first render at /, here when reached from a page.
            <WithTexts set="landing">
              <LandingPage />
            </WithTexts>
          }
        />
        <Route path="*" element={<NotFoundPage />} />
      </Route>
    </Routes>
  );
}

/** A lazily loaded portal page, with the portal's loading text meanwhile. */
function PortalPage({ page }: { page: ReactNode }) {
  const { t } = useTranslation();
  return (
    <Suspense
      fallback={
        <p role="status" className="muted">
          {t("portal.loading")}
        </p>
      }
    >
      {page}
    </Suspense>
  );
}
