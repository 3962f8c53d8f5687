import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { createBrowserRouter, RouterProvider } from "react-router";
import { App } from "./App";
import { AppProviders } from "./AppProviders";
import { createI18n } from "./i18n";
import { createQueryClient } from "./queryClient";
import "./styles.css";

const container = document.getElementById("root");
if (!container) throw new Error("index.html has no #root element");

// A data router, so pages can guard against leaving with unsaved changes (useBlocker);
// App declares its routes itself.
const router = createBrowserRouter([{ path: "*", element: <App /> }]);

createRoot(container).render(
  <StrictMode>
    <AppProviders i18n={createI18n()} queryClient={createQueryClient()}>
      <RouterProvider router={router} />
    </AppProviders>
  </StrictMode>,
);
