import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { UNSAFE_createBrowserHistory } from "react-router";
import { App } from "./App";
import { AppProviders } from "./AppProviders";
import { createI18n, loadTexts, type TextSet } from "./i18n";
import { createQueryClient } from "./queryClient";
import { beforeRefusals } from "./shared/api/client";
import { GuardedRouter } from "./shared/components/GuardedRouter";
import { createGuardedHistory } from "./shared/lib/navigationGuard";
import "./styles.css";

const container = document.getElementById("root");
if (!container) throw new Error("index.html has no #root element");

// A declarative router on a guarded history, so pages can ask before they are left with unsaved
// changes (useNavigationGuard) without a data router's code on every page.
const history = createGuardedHistory(UNSAFE_createBrowserHistory({ v5Compat: true }));
const i18n = createI18n();
// The sentences of the API's problem codes load when the API first refuses a request: a
// refusal reaches its page once they are there (every later one at once).
beforeRefusals(() => loadTexts(i18n, ["problems"]));

// The side of the address: its texts and its frame load at once, alongside the shared texts,
// rather than one after the other as App's lazy routes would ask for them.
const path = window.location.pathname;
const sets: TextSet[] = ["shared"];
if (path === "/admin" || path.startsWith("/admin/")) {
  sets.push("console");
  void import("./console/ConsoleRoutes");
} else if (path.startsWith("/p/")) {
  sets.push("portal");
  void import("./portal/layouts/PortalShell");
  // The texts of the pages a signed-in customer lands on, fetched alongside their code (App
  // fetches it with the frame); the first render does not wait for them.
  void loadTexts(i18n, ["home", "records", "portalRecords"]).catch(() => undefined);
} else if (path === "/") {
  sets.push("landing");
}

const render = () => {
  createRoot(container).render(
    <StrictMode>
      <AppProviders i18n={i18n} queryClient={createQueryClient()}>
        <GuardedRouter history={history}>
          <App />
        </GuardedRouter>
      </AppProviders>
    </StrictMode>,
  );
};

// Without the shared texts a page would show its keys; a failed load still renders (the
// side's WithTexts tries again).
loadTexts(i18n, sets).then(render, render);
