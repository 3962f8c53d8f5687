import { lazy, Suspense, useEffect, type ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { Route, Routes } from "react-router";
import { currentLanguage } from "./i18n";
import { PortalShell } from "./portal/layouts/PortalShell";
import { PublicShell } from "./shared/layouts/PublicShell";
import { LandingPage } from "./shared/pages/LandingPage";
import { NotFoundPage } from "./shared/pages/NotFoundPage";
import { PortalHomePage } from "./portal/pages/PortalHomePage";
import { PortalRecordPage } from "./portal/pages/PortalRecordPage";
import { PortalTabPage } from "./portal/pages/PortalTabPage";
import { useDefaultDocumentTitle } from "./shared/lib/documentTitle";

const ConsoleRoutes = lazy(() => import("./console/ConsoleRoutes"));
// The sign-in pages carry the form libraries: loaded when first shown.
const InvitePage = lazy(() =>
  import("./portal/pages/InvitePage").then((module) => ({ default: module.InvitePage })),
);
const PortalLoginPage = lazy(() =>
  import("./portal/pages/PortalLoginPage").then((module) => ({ default: module.PortalLoginPage })),
);
const ForgotPasswordPage = lazy(() =>
  import("./portal/pages/ForgotPasswordPage").then((module) => ({
    default: module.ForgotPasswordPage,
  })),
);
const PortalResetPage = lazy(() =>
  import("./portal/pages/PortalResetPage").then((module) => ({ default: module.PortalResetPage })),
);
const PortalRecordFormPage = lazy(() =>
  import("./portal/pages/PortalRecordFormPage").then((module) => ({
    default: module.PortalRecordFormPage,
  })),
);
const WelcomePage = lazy(() =>
  import("./portal/pages/WelcomePage").then((module) => ({ default: module.WelcomePage })),
);

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
    <Routes>
      <Route
        path="/admin/*"
        element={
          <Suspense
            fallback={
              <p role="status" className="muted content">
                {t("console.loading")}
              </p>
            }
          >
            <ConsoleRoutes />
          </Suspense>
        }
      />
      <Route path="/p/:slug/*" element={<PortalShell />}>
        <Route index element={<PortalHomePage />} />
        <Route path="invite/:token" element={<PortalPage page={<InvitePage />} />} />
        <Route path="login" element={<PortalPage page={<PortalLoginPage />} />} />
        <Route path="forgot" element={<PortalPage page={<ForgotPasswordPage />} />} />
        <Route path="reset/:token" element={<PortalPage page={<PortalResetPage />} />} />
        <Route path="welcome" element={<PortalPage page={<WelcomePage />} />} />
        <Route path=":module" element={<PortalTabPage />} />
        <Route path=":module/new" element={<PortalPage page={<PortalRecordFormPage />} />} />
        <Route path=":module/:id" element={<PortalRecordPage />} />
        <Route path=":module/:id/edit" element={<PortalPage page={<PortalRecordFormPage />} />} />
        <Route path="*" element={<NotFoundPage />} />
      </Route>
      <Route element={<PublicShell />}>
        <Route index element={<LandingPage />} />
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
