import { Suspense, type ComponentType } from "react";
import { useTranslation } from "react-i18next";
import { Route, Routes } from "react-router";
import type { TextSet } from "../i18n";
import { lazyPage } from "../shared/lib/lazyPage";
import { ConsoleAuthShell } from "./layouts/ConsoleAuthShell";
import { ConsoleShell } from "./layouts/ConsoleShell";
import { NotFoundPage } from "../shared/pages/NotFoundPage";
import { Loading } from "./components/Loading";

/**
 * A page loaded when first shown, with its own text sets: one chunk per page, so the
 * console's frame stays small.
 */
function page<K extends string>(
  load: () => Promise<Record<K, ComponentType>>,
  name: K,
  texts: readonly TextSet[] = [],
): ComponentType {
  const Page = lazyPage(load, name, texts);
  return function ConsolePage() {
    const { t } = useTranslation();
    return (
      <Suspense fallback={<Loading label={t("console.loading")} />}>
        <Page />
      </Suspense>
    );
  };
}

const ConsoleOverviewPage = page(() => import("./pages/ConsoleOverviewPage"), "ConsoleOverviewPage", [
  "consoleAdmin",
]);
const ApiPage = page(() => import("./pages/ApiPage"), "ApiPage", ["consoleAdmin"]);
const ApiTokensPage = page(() => import("./pages/ApiTokensPage"), "ApiTokensPage", [
  "consoleAdmin",
  "validation",
]);
const AuditPage = page(() => import("./pages/AuditPage"), "AuditPage", ["consoleAdmin", "records"]);
const ImportPage = page(() => import("./pages/ImportPage"), "ImportPage", ["consoleRecords"]);
const SortableFieldsPage = page(() => import("./pages/SortableFieldsPage"), "SortableFieldsPage", [
  "consoleRecords",
  "records",
]);
const ErasureRequestsPage = page(() => import("./pages/ErasureRequestsPage"), "ErasureRequestsPage", [
  "consoleSetup",
  "records", // the pager's texts
]);
const LicensesPage = page(() => import("./pages/LicensesPage"), "LicensesPage", ["consoleSetup"]);
const LoginPage = page(() => import("./pages/LoginPage"), "LoginPage", [
  "secondFactor",
  "validation",
]);
const EmailTemplatesPage = page(() => import("./pages/EmailTemplatesPage"), "EmailTemplatesPage", [
  "consoleSetup",
]);
const PortalPage = page(() => import("./pages/PortalPage"), "PortalPage", [
  "consoleSetup",
  "records",
  "validation",
]);
const PortalUsersPage = page(() => import("./pages/PortalUsersPage"), "PortalUsersPage", [
  "consoleSetup",
  "secondFactor",
  "consoleRecords",
  "records",
]);
const RecordDetailPage = page(() => import("./pages/RecordDetailPage"), "RecordDetailPage", [
  "consoleRecords",
  "records",
]);
const RecordFormPage = page(() => import("./pages/RecordFormPage"), "RecordFormPage", [
  "records",
  "validation",
]);
const RecordListPage = page(() => import("./pages/RecordListPage"), "RecordListPage", [
  "consoleRecords",
  "records",
]);
const ResetPasswordPage = page(() => import("./pages/ResetPasswordPage"), "ResetPasswordPage", [
  "validation",
]);
const ResetRequestPage = page(() => import("./pages/ResetRequestPage"), "ResetRequestPage", [
  "validation",
]);
const SearchPage = page(() => import("./pages/SearchPage"), "SearchPage", ["records"]);
const SettingsPage = page(() => import("./pages/SettingsPage"), "SettingsPage", [
  "preferences",
  "secondFactor",
  "validation",
]);
const NotificationsPage = page(() => import("./pages/NotificationsPage"), "NotificationsPage", [
  "records",
]);
const TeamPage = page(() => import("./pages/TeamPage"), "TeamPage", [
  "consoleAdmin",
  "secondFactor",
  "validation",
]);
const UsagePage = page(() => import("./pages/UsagePage"), "UsagePage", ["consoleAdmin"]);
const UserTypeEditorPage = page(() => import("./pages/UserTypeEditorPage"), "UserTypeEditorPage", [
  "consoleSetup",
  "secondFactor",
  "records",
  "home",
  "validation",
]);
const UserTypesPage = page(() => import("./pages/UserTypesPage"), "UserTypesPage", [
  "consoleSetup",
  "records",
  "validation",
]);

/**
 * The staff console's pages under /admin. The app loads this module on the
 * first visit to /admin, so the landing page and the customer portal do not
 * download the console; each page's own code loads when it is first shown.
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
        <Route path="sortable/:module" element={<SortableFieldsPage />} />
        <Route path="search" element={<SearchPage />} />
        <Route path="settings" element={<SettingsPage />} />
        <Route path="notifications" element={<NotificationsPage />} />
        <Route path="team" element={<TeamPage />} />
        <Route path="tokens" element={<ApiTokensPage />} />
        <Route path="api" element={<ApiPage />} />
        <Route path="portal" element={<PortalPage />} />
        <Route path="portal/user-types" element={<UserTypesPage />} />
        <Route path="portal/user-types/:id" element={<UserTypeEditorPage />} />
        <Route path="portal/licenses" element={<LicensesPage />} />
        <Route path="portal/users" element={<PortalUsersPage />} />
        <Route path="portal/emails" element={<EmailTemplatesPage />} />
        <Route path="portal/erasure-requests" element={<ErasureRequestsPage />} />
        <Route path="audit" element={<AuditPage />} />
        <Route path="usage" element={<UsagePage />} />
        <Route path="*" element={<NotFoundPage />} />
      </Route>
    </Routes>
  );
}
