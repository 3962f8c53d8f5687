import { useEffect, useRef } from "react";
import { useTranslation } from "react-i18next";
import { NavLink, useLocation } from "react-router";
import type { MyTab } from "../../shared/api/client";
import { pickLabel } from "../../shared/lib/labels";
import { portalPath } from "../layouts/portalContext";

/** Pixels between a tab scrolled into view and the strip's edge. */
const EDGE_MARGIN = 16;

/**
 * The portal's tab strip. On a phone it scrolls sideways (an edge shadow says there is
 * more, see styles.css) and the open tab is scrolled into view, so a customer on the
 * last tab sees where they are.
 */
export function PortalTabs({
  tabs,
  slug,
  language,
}: {
  tabs: readonly MyTab[];
  slug: string;
  language: string;
}) {
  const { t } = useTranslation();
  const strip = useRef<HTMLElement>(null);
  const { pathname } = useLocation();

  useEffect(() => {
    const box = strip.current;
    const current = box?.querySelector<HTMLElement>('[aria-current="page"]');
    if (!box || !current) return;
    // Only the strip scrolls: scrollIntoView would move the page as well. The margin
    // keeps the tab clear of the edge's shadow.
    const outer = box.getBoundingClientRect();
    const inner = current.getBoundingClientRect();
    if (inner.left < outer.left) box.scrollLeft -= outer.left - inner.left + EDGE_MARGIN;
    else if (inner.right > outer.right) box.scrollLeft += inner.right - outer.right + EDGE_MARGIN;
  }, [pathname]);

  return (
    <nav ref={strip} aria-label={t("portal.tabsLabel")} className="portal-tabs">
      {tabs.map((tab) => (
        <NavLink key={tab.module} to={portalPath(slug, encodeURIComponent(tab.module))}>
          {pickLabel(tab.labels, language, tab.module)}
        </NavLink>
      ))}
    </nav>
  );
}
