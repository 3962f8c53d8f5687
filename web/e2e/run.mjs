// Runs every browser test against PORTAL_URL and prints one summary line,
// `e2e: N passed, N failed, N skipped`. The console checks need the seeded
// demo organization and its password in DEMO_PASSWORD; without it they are
// skipped.
import { COLLEAGUES_TIMEOUT_MS, colleagueChecks } from "./colleagues.e2e.mjs";
import { CONSOLE_TIMEOUT_MS, consoleChecks } from "./console.e2e.mjs";
import { HEALTH_TIMEOUT_MS, healthChecks } from "./health.e2e.mjs";
import { INVITE_TIMEOUT_MS, inviteChecks } from "./invite.e2e.mjs";
import { MFA_TIMEOUT_MS, mfaChecks } from "./mfa.e2e.mjs";
import { PASSKEYS_TIMEOUT_MS, passkeyChecks } from "./passkeys.e2e.mjs";
import { runSuites } from "./lib.mjs";
import { NOTIFICATIONS_TIMEOUT_MS, notificationChecks } from "./notifications.e2e.mjs";
import { PORTAL_TIMEOUT_MS, portalChecks } from "./portal.e2e.mjs";
import { PROBLEMS_TIMEOUT_MS, problemChecks } from "./problems.e2e.mjs";
import { SPANISH_TIMEOUT_MS, spanishChecks } from "./spanish.e2e.mjs";
import { TEAM_TIMEOUT_MS, teamChecks } from "./team.e2e.mjs";
import { USAGE_TIMEOUT_MS, usageChecks } from "./usage.e2e.mjs";
import { WALK_TIMEOUT_MS, walkChecks } from "./walk.e2e.mjs";

const consoleBudget = process.env.DEMO_PASSWORD
  ? CONSOLE_TIMEOUT_MS + INVITE_TIMEOUT_MS + PORTAL_TIMEOUT_MS + TEAM_TIMEOUT_MS + WALK_TIMEOUT_MS + PROBLEMS_TIMEOUT_MS + NOTIFICATIONS_TIMEOUT_MS + MFA_TIMEOUT_MS + PASSKEYS_TIMEOUT_MS + COLLEAGUES_TIMEOUT_MS + SPANISH_TIMEOUT_MS + USAGE_TIMEOUT_MS
  : 0;
await runSuites(
  [healthChecks, consoleChecks, inviteChecks, portalChecks, teamChecks, walkChecks, problemChecks, notificationChecks, mfaChecks, passkeyChecks, colleagueChecks, spanishChecks, usageChecks],
  HEALTH_TIMEOUT_MS + consoleBudget,
);
