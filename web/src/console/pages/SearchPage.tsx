import { useQuery } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { Link, useSearchParams } from "react-router";
import { adminKeys, useModules } from "../api/admin";
import { api, ok, signalOption } from "../../shared/api/client";
import { moduleLabel } from "../../shared/lib/labels";
import { useLanguage } from "../../shared/lib/language";

/**
 * /admin/search?q=…: the records of every module whose name fields have words that begin
 * with the query's words (GET /api/admin/search), module by module, each linking to its
 * record page. A query outside 2 to 100 characters shows the rule and asks nothing (the API
 * would answer 400).
 */
export function SearchPage() {
  const { t } = useTranslation();
  const language = useLanguage();
  const [params] = useSearchParams();
  const q = (params.get("q") ?? "").trim();
  const modules = useModules();
  const valid = q.length >= 2 && q.length <= 100;
  const results = useQuery({
    queryKey: [...adminKeys.all, "search", q],
    enabled: valid,
    queryFn: async ({ signal }) =>
      ok(await api.GET("/api/admin/search", { params: { query: { q } }, ...signalOption(signal) })),
  });
  const moduleName = (name: string) => {
    const module = modules.data?.find((candidate) => candidate.apiName === name);
    return module ? moduleLabel(module, language) : name;
  };
  const items = results.data?.items ?? [];
  const found = [...new Set(items.map((item) => item.module))];
  // The cap notice only when a module was cut at the cap: fewer results are all there are.
  const capped =
    results.isSuccess &&
    found.some((module) => items.filter((item) => item.module === module).length >= results.data.perModule);
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
      {found.map((module) => (
        <section key={module} aria-labelledby={`search-${module}`} className="search-group">
          <h2 id={`search-${module}`}>{moduleName(module)}</h2>
          <ul data-testid="search-results">
            {items
              .filter((item) => item.module === module)
              .map((item) => (
                <li key={item.id}>
                  <Link to={`/admin/records/${encodeURIComponent(module)}/${encodeURIComponent(item.id)}`}>
                    {item.name || t("search.unnamed")}
                  </Link>
                </li>
              ))}
          </ul>
        </section>
      ))}
      {capped && (
        <p className="hint" data-testid="search-cap">
          {t("search.cap", { count: results.data.perModule })}
        </p>
      )}
    </>
  );
}
