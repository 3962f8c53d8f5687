import { Outlet } from "react-router";
import { SiteHeader } from "../components/SiteHeader";

/** Frame of the public pages (the landing page and unknown addresses). */
export function PublicShell() {
  return (
    <div className="shell shell-public" data-shell="public">
      <SiteHeader />
      <main id="main" tabIndex={-1} className="content">
        <Outlet />
      </main>
    </div>
  );
}
