import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import type { MyField, MyTab, MyTabs } from "../../shared/api/client";
import type { FormatContext } from "../../shared/lib/format";
import { formatDate, formatDateTime } from "../../shared/lib/format";
import { pickLabel } from "../../shared/lib/labels";
import { useMyHome, type MyHomeItem, type MyHomeSection } from "../api/home";
import { portalPath } from "../layouts/portalContext";
import { formatMyValue } from "../lib/portalFormat";
import "./HomeSections.css";

/** The field of each kind that says where the record stands (shown as a badge). */
const STATE_FIELD: Record<MyHomeSection["kind"], string> = {
  openCases: "Status",
  dueInvoices: "Status",
  awaitingQuotes: "Quote_Stage",
};

/** The date each kind shows, with the words that introduce it. */
const DATE_FIELD: Partial<
  Record<MyHomeSection["kind"], { field: string; key: "portalHome.due" | "portalHome.validUntil" }>
> = {
  dueInvoices: { field: "Due_Date", key: "portalHome.due" },
  awaitingQuotes: { field: "Valid_Till", key: "portalHome.validUntil" },
};

interface Props {
  slug: string;
  tabs: MyTabs;
  language: string;
  format: FormatContext;
}

/**
 * The portal home's sections (GET /api/me/home): what needs the user's
 * attention, each item a link to its record. The server decides what is
 * shown (the user's tabs, scope and visible fields); this only formats it.
 */
export function HomeSections({ slug, tabs, language, format }: Props) {
  const { t } = useTranslation();
  const home = useMyHome(language, true);

  if (home.error) {
    return (
      <p role="alert" className="notice notice-error">
        {t("portalHome.failed")}
      </p>
    );
  }
  if (!home.data) {
    return (
      <p role="status" className="muted">
        {t("portalHome.loading")}
      </p>
    );
  }
  const sections = home.data.sections.filter((section) => section.items.length > 0);
  return (
    <section className="portal-home" aria-labelledby="portal-home-heading" data-testid="portal-home">
      <h2 id="portal-home-heading">{t("portalHome.heading")}</h2>
      {sections.length === 0 ? (
        <p className="muted" data-testid="portal-home-empty">
          {t("portalHome.empty")}
        </p>
      ) : (
        <div className="portal-home-sections">
          {sections.map((section) => {
            const tab = tabs.tabs.find((candidate) => candidate.module === section.module);
            return tab ? (
              <HomeSection
                key={section.kind}
                slug={slug}
                section={section}
                tab={tab}
                language={language}
                format={format}
              />
            ) : null;
          })}
        </div>
      )}
    </section>
  );
}

function HomeSection({
  slug,
  section,
  tab,
  language,
  format,
}: {
  slug: string;
  section: MyHomeSection;
  tab: MyTab;
  language: string;
  format: FormatContext;
}) {
  const { t } = useTranslation();
  const headingId = `portal-home-${section.kind}`;
  const moduleName = pickLabel(tab.labels, language, tab.module);
  return (
    <section className="card portal-home-section" aria-labelledby={headingId} data-testid={`home-${section.kind}`}>
      <h3 id={headingId} className="portal-home-title">
        {t(`portalHome.kinds.${section.kind}`)}
      </h3>
      <ul className="portal-home-list">
        {section.items.map((item) => (
          <HomeItem key={item.id} slug={slug} kind={section.kind} item={item} tab={tab} format={format} />
        ))}
      </ul>
      {section.more && (
        <p className="portal-home-more">
          <Link to={portalPath(slug, encodeURIComponent(tab.module))}>
            {t("portalHome.seeAll", { module: moduleName })}
          </Link>
        </p>
      )}
    </section>
  );
}

function HomeItem({
  slug,
  kind,
  item,
  tab,
  format,
}: {
  slug: string;
  kind: MyHomeSection["kind"];
  item: MyHomeItem;
  tab: MyTab;
  format: FormatContext;
}) {
  const { t } = useTranslation();
  const words = { yes: t("common.yes"), no: t("common.no") };
  const fields = new Map<string, MyField>(tab.fields.map((field) => [field.apiName, field]));
  const values = item.fields as Record<string, unknown>;
  const show = (apiName: string) => formatMyValue(fields.get(apiName), values[apiName], format, words);

  const name = item.name || `${pickLabel(tab.singularLabels, format.language, tab.module)} ${item.id}`;
  const overdue = t("portalHome.overdue");
  // An Overdue status says what the overdue badge says: one of them is enough.
  const state = item.overdue && show(STATE_FIELD[kind]) === overdue ? "" : show(STATE_FIELD[kind]);
  const date = DATE_FIELD[kind];
  const dateValue = date ? values[date.field] : undefined;
  const amount = kind === "openCases" ? "" : show("Grand_Total");
  const priority = kind === "openCases" ? show("Priority") : "";
  const reply = item.latestReply;

  return (
    <li className="portal-home-item" data-testid="home-item">
      <Link className="portal-home-name" to={portalPath(slug, `${encodeURIComponent(tab.module)}/${encodeURIComponent(item.id)}`)}>
        {name}
      </Link>
      <div className="portal-home-meta">
        {item.overdue && <span className="badge badge-bad">{overdue}</span>}
        {state && <span className="badge portal-home-state">{state}</span>}
        {priority && (
          <span className="muted">{t("portalHome.priority", { priority })}</span>
        )}
        {date && typeof dateValue === "string" && dateValue !== "" && (
          <span className="muted">{t(date.key, { date: formatDate(dateValue, format) })}</span>
        )}
        {amount && <span className="portal-home-amount">{amount}</span>}
      </div>
      {reply && (
        <blockquote className="portal-home-reply">
          <p className="muted portal-home-reply-by">
            {t("portalHome.replyBy", { author: reply.author, at: formatDateTime(reply.at, format) })}
          </p>
          <p className="portal-home-reply-body">{reply.body}</p>
        </blockquote>
      )}
    </li>
  );
}
