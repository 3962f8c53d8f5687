import { useTranslation } from "react-i18next";
import { Link, useParams, useSearchParams } from "react-router";
import type { MyField, MyTab } from "../../shared/api/client";
import { FilterBar } from "../components/FilterBar";
import { TabRecords } from "../components/TabRecords";
import { portalPath, usePortalContext, usePortalTitle } from "../layouts/portalContext";
import { pickLabel } from "../../shared/lib/labels";
import { apiSort, filtersFromSearch, sortFromSearch } from "../lib/portalFilters";
import { inSentence, labelContext } from "../lib/portalWording";
import "./PortalTabPage.css";

const ACTIONS = ["create", "edit", "view", "delete"] as const;

/**
 * /p/:slug/:module: a tab's records (a table of the tab's columns or cards),
 * filtered and sorted by the address's query, page by page, with "New …"
 * when the tab allows creating. A staff preview also shows what the tab lets
 * its users do (filters, permissions, fields).
 */
export function PortalTabPage() {
  const { t } = useTranslation();
  const { slug = "", module = "" } = useParams();
  const [search] = useSearchParams();
  const { tabs, language } = usePortalContext();
  const tab = tabs?.tabs.find((candidate) => candidate.module === module);
  usePortalTitle(tab ? pickLabel(tab.labels, language, tab.module) : undefined);

  if (!tab) {
    // The message is the page's heading: an old link to a tab the user lost still names the page.
    return (
      <div role="status" className="page-header">
        <h1>{t("portal.tabNotFound")}</h1>
      </div>
    );
  }
  const fields = new Map(tab.fields.map((field) => [field.apiName, field]));
  const label = (apiName: string | undefined) => {
    if (!apiName) return "";
    const field = fields.get(apiName);
    return field ? pickLabel(field.labels, language, apiName) : apiName;
  };
  const moduleName = pickLabel(tab.labels, language, tab.module);
  const singular = pickLabel(tab.singularLabels, language, moduleName);
  const filters = filtersFromSearch(tab, search);
  const sort = apiSort(sortFromSearch(search));
  const queryKey = JSON.stringify([filters, sort ?? ""]);
  const preview = tabs?.preview ?? false;

  return (
    <>
      <div className="page-header">
        <h1>{moduleName}</h1>
        {tab.permissions.create && !preview && (
          <div className="page-actions">
            <Link
              className="button primary"
              to={portalPath(slug, `${encodeURIComponent(tab.module)}/new`)}
            >
              {t("portalPages.new", {
                name: inSentence(singular),
                ...labelContext(singular, language),
              })}
            </Link>
          </div>
        )}
      </div>
      <FilterBar key={`${tab.module}-${search.toString()}`} tab={tab} language={language} />
      <section className="card" aria-labelledby="portal-tab-records">
        {/* Named for assistive technology; the page's heading already says what it lists. */}
        <h2 id="portal-tab-records" className="visually-hidden">
          {t("portalPages.results", { module: moduleName })}
        </h2>
        <TabRecords
          // A new filter or sort starts again at the first page.
          key={`${tab.module}-${language}-${queryKey}`}
          tab={tab}
          fields={fields}
          language={language}
          filters={filters}
          sort={sort}
        />
      </section>
      {preview && <PreviewDetails tab={tab} fields={fields} language={language} label={label} />}
    </>
  );
}

/** What a staff preview also shows: the tab's filters, permissions and fields. */
function PreviewDetails({
  tab,
  fields,
  language,
  label,
}: {
  tab: MyTab;
  fields: Map<string, MyField>;
  language: string;
  label: (apiName: string | undefined) => string;
}) {
  const { t } = useTranslation();
  return (
    <>
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
        <p className="field-hint" data-testid="portal-display-kind">
          {tab.display.kind === "list"
            ? t("portalPages.displayList")
            : t("portalPages.displayCanvas")}
        </p>
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
