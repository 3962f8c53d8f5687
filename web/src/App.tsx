import { useEffect } from "react";
import { useTranslation } from "react-i18next";
import { Route, Routes } from "react-router";
import { currentLanguage } from "./i18n";
import { ConsoleAuthShell } from "./layouts/ConsoleAuthShell";
import { ConsoleShell } from "./layouts/ConsoleShell";
import { PortalShell } from "./layouts/PortalShell";
import { PublicShell } from "./layouts/PublicShell";
import { ConsoleOverviewPage } from "./pages/ConsoleOverviewPage";
import { ImportPage } from "./pages/console/ImportPage";
import { LoginPage } from "./pages/console/LoginPage";
import { RecordDetailPage } from "./pages/console/RecordDetailPage";
import { RecordFormPage } from "./pages/console/RecordFormPage";
import { RecordListPage } from "./pages/console/RecordListPage";
import { ResetPasswordPage } from "./pages/console/ResetPasswordPage";
import { ResetRequestPage } from "./pages/console/ResetRequestPage";
import { SettingsPage } from "./pages/console/SettingsPage";
import { LandingPage } from "./pages/LandingPage";
import { NotFoundPage } from "./pages/NotFoundPage";
import { PortalHomePage } from "./pages/PortalHomePage";

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
      <Route path="/admin" element={<ConsoleAuthShell />}>
        <Route path="login" element={<LoginPage />} />
        <Route path="reset" element={<ResetRequestPage />} />
        <Route path="reset/:token" element={<ResetPasswordPage />} />
      </Route>
      <Route path="/admin" element={<ConsoleShell />}>
        <Route index element={<ConsoleOverviewPage />} />
        <Route path="records/:module" element={<RecordListPage />} />
        <Route path="records/:module/new" element={<RecordFormPage />} />
        <Route path="records/:module/:id" element={<RecordDetailPage />} />
        <Route path="records/:module/:id/edit" element={<RecordFormPage />} />
        <Route path="import/:module" element={<ImportPage />} />
        <Route path="settings" element={<SettingsPage />} />
        <Route path="*" element={<NotFoundPage />} />
      </Route>
      <Route path="/p/:slug/*" element={<PortalShell />}>
        <Route index element={<PortalHomePage />} />
        <Route path="*" element={<NotFoundPage />} />
      </Route>
      <Route element={<PublicShell />}>
        <Route index element={<LandingPage />} />
        <Route path="*" element={<NotFoundPage />} />
      </Route>
    </Routes>
  );
}
