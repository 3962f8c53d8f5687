// Runs every browser test against PORTAL_URL and prints one summary line,
// `e2e: N passed, N failed, N skipped`. The console checks need the seeded
// demo organization and its password in DEMO_PASSWORD; without it they are
// skipped.
import { BULK_TIMEOUT_MS, bulkChecks } from "./bulk.e2e.mjs";
import { COLLEAGUES_TIMEOUT_MS, colleagueChecks } from "./colleagues.e2e.mjs";
import { CONSOLE_TIMEOUT_MS, consoleChecks } from "./console.e2e.mjs";
import { ERASURE_TIMEOUT_MS, erasureChecks } from "./erasure.e2e.mjs";
import { HEALTH_TIMEOUT_MS, healthChecks } from "./health.e2e.mjs";
import { INVITE_TIMEOUT_MS, inviteChecks } from "./invite.e2e.mjs";
import { MFA_TIMEOUT_MS, mfaChecks } from "./mfa.e2e.mjs";
import { PASSKEYS_TIMEOUT_MS, passkeyChecks } from "./passkeys.e2e.mjs";
import { runSuites } from "./lib.mjs";
import { NOTIFICATIONS_TIMEOUT_MS, notificationChecks } from "./notifications.e2e.mjs";
import { PORTAL_TIMEOUT_MS, portalChecks } from "./portal.e2e.mjs";
import { PROBLEMS_TIMEOUT_MS, problemChecks } from "./problems.e2e.mjs";
import { QUOTES_TIMEOUT_MS, quoteChecks } from "./quotes.e2e.mjs";
import { SEARCH_TIMEOUT_MS, searchChecks } from "./search.e2e.mjs";
import { SORTABLE_TIMEOUT_MS, sortableChecks } from "./sortable.e2e.mjs";
import { SPANISH_TIMEOUT_MS, spanishChecks } from "./spanish.e2e.mjs";
import { PDF_TIMEOUT_MS, pdfChecks } from "./pdf.e2e.mjs";
import { TEAM_TIMEOUT_MS, teamChecks } from "./team.e2e.mjs";
import { USAGE_TIMEOUT_MS, usageChecks } from "./usage.e2e.mjs";
import { WALK_TIMEOUT_MS, walkChecks } from "./walk.e2e.mjs";

// The console suites, each with its time budget; they need DEMO_PASSWORD.
const consoleSuites = [
  [consoleChecks, CONSOLE_TIMEOUT_MS],
  [inviteChecks, INVITE_TIMEOUT_MS],
  [portalChecks, PORTAL_TIMEOUT_MS],
  [teamChecks, TEAM_TIMEOUT_MS],
  [walkChecks, WALK_TIMEOUT_MS],
  [problemChecks, PROBLEMS_TIMEOUT_MS],
  [notificationChecks, NOTIFICATIONS_TIMEOUT_MS],
  [mfaChecks, MFA_TIMEOUT_MS],
  [passkeyChecks, PASSKEYS_TIMEOUT_MS],
  [colleagueChecks, COLLEAGUES_TIMEOUT_MS],
  [spanishChecks, SPANISH_TIMEOUT_MS],
  [pdfChecks, PDF_TIMEOUT_MS],
  [erasureChecks, ERASURE_TIMEOUT_MS],
  [searchChecks, SEARCH_TIMEOUT_MS],
  [bulkChecks, BULK_TIMEOUT_MS],
  [sortableChecks, SORTABLE_TIMEOUT_MS],
  [usageChecks, USAGE_TIMEOUT_MS],
  [quoteChecks, QUOTES_TIMEOUT_MS],
];
const consoleBudget = process.env.DEMO_PASSWORD
  ? consoleSuites.reduce((sum, [, ms]) => sum + ms, 0)
  : 0;
await runSuites(
  [healthChecks, ...consoleSuites.map(([checks]) => checks)],
  HEALTH_TIMEOUT_MS + consoleBudget,
);
