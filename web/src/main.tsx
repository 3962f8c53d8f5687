import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { createBrowserRouter, RouterProvider } from "react-router";
import { App } from "./App";
import { AppProviders } from "./AppProviders";
import { createI18n, loadTexts, type TextSet } from "./i18n";
import { createQueryClient } from "./queryClient";
import "./styles.css";

const container = document.getElementById("root");
if (!container) throw new Error("index.html has no #root element");

// A data router, so pages can guard against leaving with unsaved changes (useBlocker);
// App declares its routes itself.
const router = createBrowserRouter([{ path: "*", element: <App /> }]);
const i18n = createI18n();

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
}

const render = () => {
  createRoot(container).render(
    <StrictMode>
      <AppProviders i18n={i18n} queryClient={createQueryClient()}>
        <RouterProvider router={router} />
      </AppProviders>
    </StrictMode>,
  );
};

// Without the shared texts a page would show its keys; a failed load still renders (the
// side's WithTexts tries again).
loadTexts(i18n, sets).then(render, render);
