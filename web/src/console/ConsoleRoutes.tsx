import { Route, Routes } from "react-router";
import { ConsoleAuthShell } from "../layouts/ConsoleAuthShell";
import { ConsoleShell } from "../layouts/ConsoleShell";
import { ConsoleOverviewPage } from "../pages/ConsoleOverviewPage";
import { ApiPage } from "../pages/console/ApiPage";
import { ApiTokensPage } from "../pages/console/ApiTokensPage";
import { AuditPage } from "../pages/console/AuditPage";
import { ImportPage } from "../pages/console/ImportPage";
import { LicensesPage } from "../pages/console/LicensesPage";
import { LoginPage } from "../pages/console/LoginPage";
import { EmailTemplatesPage } from "../pages/console/EmailTemplatesPage";
import { PortalPage } from "../pages/console/PortalPage";
import { PortalUsersPage } from "../pages/console/PortalUsersPage";
import { RecordDetailPage } from "../pages/console/RecordDetailPage";
import { RecordFormPage } from "../pages/console/RecordFormPage";
import { RecordListPage } from "../pages/console/RecordListPage";
import { ResetPasswordPage } from "../pages/console/ResetPasswordPage";
import { ResetRequestPage } from "../pages/console/ResetRequestPage";
import { SettingsPage } from "../pages/console/SettingsPage";
import { TeamPage } from "../pages/console/TeamPage";
import { UserTypeEditorPage } from "../pages/console/UserTypeEditorPage";
import { UserTypesPage } from "../pages/console/UserTypesPage";
import { NotFoundPage } from "../pages/NotFoundPage";

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
