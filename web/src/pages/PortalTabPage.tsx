import { useTranslation } from "react-i18next";
import { useParams } from "react-router";
import type { MyField, MyTab } from "../api/client";
import { usePortalContext } from "../layouts/portalContext";
import { pickLabel } from "../lib/labels";

const ACTIONS = ["create", "edit", "view", "delete"] as const;

/**
 * /p/:slug/:module: what a tab shows its users. Records are not served to
 * the portal yet, so the page describes the tab (columns or card, filters,
 * permissions, fields) and says that there is nothing to list.
 */
export function PortalTabPage() {
  const { t } = useTranslation();
  const { module = "" } = useParams();
  const { tabs, language } = usePortalContext();
  const tab = tabs?.tabs.find((candidate) => candidate.module === module);

  if (!tab) {
    return (
      <p role="status" className="notice notice-warn">
        {t("portal.tabNotFound")}
      </p>
    );
  }
  const fields = new Map(tab.fields.map((field) => [field.apiName, field]));
  const label = (apiName: string | undefined) => {
    if (!apiName) return "";
    const field = fields.get(apiName);
    return field ? pickLabel(field.labels, language, apiName) : apiName;
  };
  const moduleName = pickLabel(tab.labels, language, tab.module);
  const empty = tabs?.preview ? t("portal.previewEmpty") : t("portal.empty");

  return (
    <>
      <h1>{moduleName}</h1>
      <section className="card" aria-labelledby="portal-tab-records">
        <h2 id="portal-tab-records">
          {tab.display.kind === "list" ? t("portal.displayList") : t("portal.displayCanvas")}
        </h2>
        {tab.display.kind === "list" ? (
          <div className="table-scroll">
            <table className="records" data-testid="portal-columns">
              <caption className="visually-hidden">
                {t("portal.columnsCaption", { module: moduleName })}
              </caption>
              <thead>
                <tr>
                  {(tab.display.columns ?? []).map((column) => (
                    <th scope="col" key={column}>
                      {label(column)}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                <tr>
                  <td colSpan={Math.max(1, tab.display.columns?.length ?? 0)} className="muted">
                    {empty}
                  </td>
                </tr>
              </tbody>
            </table>
          </div>
        ) : (
          <>
            <SampleCard tab={tab} label={label} />
            <p className="muted">{empty}</p>
          </>
        )}
      </section>
      <section className="card" aria-labelledby="portal-tab-filters">
        <h2 id="portal-tab-filters">{t("portal.filtersHeading")}</h2>
        {tab.filterable.length > 0 ? (
          <ul className="badge-list" data-testid="portal-filters">
            {tab.filterable.map((apiName) => (
              <li key={apiName} className="badge">
                {label(apiName)}
              </li>
            ))}
          </ul>
        ) : (
          <p className="muted">{t("portal.noFilters")}</p>
        )}
      </section>
      <section className="card" aria-labelledby="portal-tab-permissions">
        <h2 id="portal-tab-permissions">{t("portal.permissionsHeading")}</h2>
        <ul className="badge-list" data-testid="portal-permissions">
          {ACTIONS.map((action) => {
            const allowed = tab.permissions[action];
            const name = t(`portal.perm.${action}`);
            return (
              <li key={action} className={`badge ${allowed ? "badge-good" : "badge-bad"}`}>
                {allowed
                  ? t("portal.permAllowed", { action: name })
                  : t("portal.permDenied", { action: name })}
              </li>
            );
          })}
        </ul>
      </section>
      <LayoutFields tab={tab} fields={fields} language={language} />
    </>
  );
}

function SampleCard({ tab, label }: { tab: MyTab; label: (apiName?: string) => string }) {
  const { t } = useTranslation();
  return (
    <article className="sample-card" data-testid="portal-card">
      {tab.display.title && (
        <p className="sample-card-title">
          <span className="muted">{t("portal.cardTitle")}: </span>
          {label(tab.display.title)}
        </p>
      )}
      {tab.display.subtitle && (
        <p className="sample-card-subtitle">
          <span className="muted">{t("portal.cardSubtitle")}: </span>
          {label(tab.display.subtitle)}
        </p>
      )}
      {(tab.display.cardFields ?? []).length > 0 && (
        <dl className="summary">
          {(tab.display.cardFields ?? []).map((apiName) => (
            <div key={apiName}>
              <dt>{label(apiName)}</dt>
              <dd className="muted">—</dd>
            </div>
          ))}
        </dl>
      )}
    </article>
  );
}

function LayoutFields({
  tab,
  fields,
  language,
}: {
  tab: MyTab;
  fields: Map<string, MyField>;
  language: string;
}) {
  const { t } = useTranslation();
  const layout = tab.layouts[0];
  const sections = (layout?.sections ?? [])
    .map((section) => ({
      name: pickLabel(section.labels, language, section.name),
      fields: section.fields.flatMap((apiName) => {
        const field = fields.get(apiName);
        return field ? [field] : [];
      }),
    }))
    .filter((section) => section.fields.length > 0);

  return (
    <section className="card" aria-labelledby="portal-tab-fields" data-testid="portal-fields">
      <h2 id="portal-tab-fields">{t("portal.fieldsHeading")}</h2>
      {layout && <p className="field-hint">{t("portal.fieldsIntro", { layout: layout.name })}</p>}
      {sections.length === 0 ? (
        <p className="muted">{t("portal.noFields")}</p>
      ) : (
        sections.map((section, index) => (
          <div key={`${section.name}-${String(index)}`}>
            <h3>{section.name}</h3>
            <ul className="field-modes">
              {section.fields.map((field) => (
                <li key={field.apiName}>
                  <span>{pickLabel(field.labels, language, field.apiName)}</span>{" "}
                  <span className={`badge ${field.mode === "write" ? "badge-good" : "badge-warn"}`}>
                    {field.mode === "write" ? t("portal.modeWrite") : t("portal.modeRead")}
                  </span>
                </li>
              ))}
            </ul>
          </div>
        ))
      )}
    </section>
  );
}
