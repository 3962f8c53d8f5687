import { Route, Routes } from "react-router";
import { ConsoleAuthShell } from "./layouts/ConsoleAuthShell";
import { ConsoleShell } from "./layouts/ConsoleShell";
import { ConsoleOverviewPage } from "./pages/ConsoleOverviewPage";
import { ApiPage } from "./pages/ApiPage";
import { ApiTokensPage } from "./pages/ApiTokensPage";
import { AuditPage } from "./pages/AuditPage";
import { ImportPage } from "./pages/ImportPage";
import { LicensesPage } from "./pages/LicensesPage";
import { LoginPage } from "./pages/LoginPage";
import { EmailTemplatesPage } from "./pages/EmailTemplatesPage";
import { PortalPage } from "./pages/PortalPage";
import { PortalUsersPage } from "./pages/PortalUsersPage";
import { RecordDetailPage } from "./pages/RecordDetailPage";
import { RecordFormPage } from "./pages/RecordFormPage";
import { RecordListPage } from "./pages/RecordListPage";
import { ResetPasswordPage } from "./pages/ResetPasswordPage";
import { ResetRequestPage } from "./pages/ResetRequestPage";
import { SettingsPage } from "./pages/SettingsPage";
import { TeamPage } from "./pages/TeamPage";
import { UserTypeEditorPage } from "./pages/UserTypeEditorPage";
import { UserTypesPage } from "./pages/UserTypesPage";
import { NotFoundPage } from "../shared/pages/NotFoundPage";

/**
 * The staff console's pages under /admin. The app loads this module on the
 * first visit to /admin, so the landing page and the customer portal do not
 * download the console.
 */
export default function ConsoleRoutes() {
  return (
    <Routes>
      <Route element={<ConsoleAuthShell />}>
        <Route path="login" element={<LoginPage />} />
        <Route path="reset" element={<ResetRequestPage />} />
        <Route path="reset/:token" element={<ResetPasswordPage />} />
      </Route>
      <Route element={<ConsoleShell />}>
        <Route index element={<ConsoleOverviewPage />} />
        <Route path="records/:module" element={<RecordListPage />} />
        <Route path="records/:module/new" element={<RecordFormPage />} />
        <Route path="records/:module/:id" element={<RecordDetailPage />} />
        <Route path="records/:module/:id/edit" element={<RecordFormPage />} />
        <Route path="import/:module" element={<ImportPage />} />
        <Route path="settings" element={<SettingsPage />} />
        <Route path="team" element={<TeamPage />} />
        <Route path="tokens" element={<ApiTokensPage />} />
        <Route path="api" element={<ApiPage />} />
        <Route path="portal" element={<PortalPage />} />
        <Route path="portal/user-types" element={<UserTypesPage />} />
        <Route path="portal/user-types/:id" element={<UserTypeEditorPage />} />
        <Route path="portal/licenses" element={<LicensesPage />} />
        <Route path="portal/users" element={<PortalUsersPage />} />
        <Route path="portal/emails" element={<EmailTemplatesPage />} />
        <Route path="audit" element={<AuditPage />} />
        <Route path="*" element={<NotFoundPage />} />
      </Route>
    </Routes>
  );
}
