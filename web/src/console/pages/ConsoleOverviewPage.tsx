import { useId } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { useModules } from "../api/admin";
import { HealthPanel } from "../../shared/components/HealthPanel";
import { Loading, ProblemNotice } from "../components/ProblemNotice";
import { useLanguage } from "../session";
import { moduleLabel } from "../../shared/lib/labels";
import "./ConsoleOverviewPage.css";

export function ConsoleOverviewPage() {
  const { t } = useTranslation();

  return (
    <>
      <h1>{t("console.overview")}</h1>
      <ModuleList />
      <HealthPanel />
    </>
  );
}

function ModuleList() {
  const { t } = useTranslation();
  const language = useLanguage();
  const headingId = useId();
  const modules = useModules();

  return (
    <section className="card" aria-labelledby={headingId}>
      <h2 id={headingId}>{t("console.modules.heading")}</h2>
      {modules.isPending && <Loading label={t("console.modules.loading")} />}
      {modules.error && (
        <ProblemNotice error={modules.error} onRetry={() => void modules.refetch()} />
      )}
      {modules.data?.length === 0 && <p className="muted">{t("console.modules.empty")}</p>}
      {modules.data && modules.data.length > 0 && (
        <ul className="module-grid">
          {modules.data.map((module) => (
            <li key={module.apiName}>
              <Link to={`/admin/records/${encodeURIComponent(module.apiName)}`}>
                {moduleLabel(module, language)}
              </Link>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
