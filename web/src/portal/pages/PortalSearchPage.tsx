import { useQuery } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { Link, useParams, useSearchParams } from "react-router";
import { api, ok, signalOption } from "../../shared/api/client";
import { pickLabel } from "../../shared/lib/labels";
import { portalPath, usePortalContext, usePortalTitle } from "../layouts/portalContext";

/**
 * /p/:slug/search?q=…: the records of the user's tabs whose visible names have words that
 * begin with the query's words (GET /api/search), tab by tab, each linking to its page.
 */
export function PortalSearchPage() {
  const { t } = useTranslation();
  const { slug = "" } = useParams();
  const [params] = useSearchParams();
  const q = (params.get("q") ?? "").trim();
  const { tabs, language } = usePortalContext();
  usePortalTitle(t("search.heading"));
  const valid = q.length >= 2 && q.length <= 100;
  const results = useQuery({
    queryKey: ["portal", "search", q],
    enabled: valid,
    queryFn: async ({ signal }) => ok(await api.GET("/api/search", { params: { query: { q } }, ...signalOption(signal) })),
  });
  const moduleName = (module: string) => {
    const tab = tabs?.tabs.find((candidate) => candidate.module === module);
    return tab ? pickLabel(tab.labels, language, module) : module;
  };
  const items = results.data?.items ?? [];
  const modules = [...new Set(items.map((item) => item.module))];
  return (
    <>
      <div className="page-header">
        <h1>{valid ? t("search.headingFor", { q }) : t("search.heading")}</h1>
      </div>
      {!valid && <p role="status">{t("search.rule")}</p>}
      {valid && results.isPending && <p role="status">{t("search.searching")}</p>}
      {valid && results.isError && (
        <p role="alert" className="notice notice-bad">
          {t("search.failed")}
        </p>
      )}
      {valid && results.isSuccess && items.length === 0 && (
        <p role="status" data-testid="search-none">
          {t("search.none")}
        </p>
      )}
      {modules.map((module) => (
        <section key={module} aria-labelledby={`search-${module}`} className="search-group">
          <h2 id={`search-${module}`}>{moduleName(module)}</h2>
          <ul data-testid="search-results">
            {items
              .filter((item) => item.module === module)
              .map((item) => (
                <li key={item.id}>
                  <Link to={portalPath(slug, `${encodeURIComponent(module)}/${encodeURIComponent(item.id)}`)}>
                    {item.name || t("search.unnamed")}
                  </Link>
                </li>
              ))}
          </ul>
        </section>
      ))}
      {results.isSuccess && items.length > 0 && (
        <p className="hint">{t("search.cap", { count: results.data.perModule })}</p>
      )}
    </>
  );
}
