import { lazy, Suspense, useEffect } from "react";
import { useTranslation } from "react-i18next";
import { Route, Routes } from "react-router";
import { currentLanguage } from "./i18n";
import { PortalShell } from "./layouts/PortalShell";
import { PublicShell } from "./layouts/PublicShell";
import { LandingPage } from "./pages/LandingPage";
import { NotFoundPage } from "./pages/NotFoundPage";
import { PortalHomePage } from "./pages/PortalHomePage";
import { PortalRecordPage } from "./pages/PortalRecordPage";
import { PortalTabPage } from "./pages/PortalTabPage";

const ConsoleRoutes = lazy(() => import("./console/ConsoleRoutes"));

export function App() {
  const { t, i18n } = useTranslation();
  const language = currentLanguage(i18n);
  const title = t("app.title");

  useEffect(() => {
    document.documentElement.lang = language;
    document.title = title;
  }, [language, title]);

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
        <Route path=":module" element={<PortalTabPage />} />
        <Route path=":module/:id" element={<PortalRecordPage />} />
        <Route path="*" element={<NotFoundPage />} />
      </Route>
      <Route element={<PublicShell />}>
        <Route index element={<LandingPage />} />
        <Route path="*" element={<NotFoundPage />} />
      </Route>
    </Routes>
  );
}
