import { useTranslation } from "react-i18next";
import { Link, useParams } from "react-router";
import { ApiError, type MyField } from "../api/client";
import { LineItemsTable } from "../components/LineItemsTable";
import { useMyRecord } from "../api/customer";
import { portalPath, usePortalContext } from "../layouts/portalContext";
import { isLineItem, type FormatContext } from "../lib/format";
import { pickLabel } from "../lib/labels";
import { formatMyValue } from "../lib/portalFormat";

/**
 * /p/:slug/:module/:id: one record in the user's scope, laid out by the
 * tab's first layout (sections of field labels and values).
 */
export function PortalRecordPage() {
  const { t } = useTranslation();
  const { slug = "", module = "", id = "" } = useParams();
  const { tabs, language, format: ctx } = usePortalContext();
  const tab = tabs?.tabs.find((candidate) => candidate.module === module);
  const record = useMyRecord(module, id, language);

  if (!tab) {
    return (
      <p role="status" className="notice notice-warn">
        {t("portal.tabNotFound")}
      </p>
    );
  }
  const moduleName = pickLabel(tab.labels, language, tab.module);
  const back = (
    <p>
      <Link to={portalPath(slug, encodeURIComponent(tab.module))}>
        {t("portal.backTo", { module: moduleName })}
      </Link>
    </p>
  );

  if (record.error) {
    const notFound = record.error instanceof ApiError && record.error.status === 404;
    return (
      <>
        {back}
        {notFound ? (
          <section data-testid="portal-record-not-found">
            <h1>{t("portal.recordNotFoundHeading")}</h1>
            <p>{t("portal.recordNotFoundBody")}</p>
          </section>
        ) : (
          <p role="alert" className="notice notice-error">
            {t("problem.heading")}
          </p>
        )}
      </>
    );
  }
  if (!record.data) {
    return (
      <p role="status" className="muted">
        {t("portal.recordLoading")}
      </p>
    );
  }

  const values = record.data.fields as Record<string, unknown>;
  const fields = new Map(tab.fields.map((field) => [field.apiName, field]));
  const words = { yes: t("common.yes"), no: t("common.no") };
  const singular = pickLabel(tab.singularLabels, language, tab.module);
  const sections = (tab.layouts[0]?.sections ?? [])
    .map((section) => ({
      name: pickLabel(section.labels, language, section.name),
      fields: section.fields.flatMap((apiName) => {
        const field = fields.get(apiName);
        return field && apiName in values ? [field] : [];
      }),
    }))
    .filter((section) => section.fields.length > 0);
  const titleField = tab.display.kind === "list" ? tab.display.columns?.[0] : tab.display.title;
  const title =
    (titleField ? formatMyValue(fields.get(titleField), values[titleField], ctx, words) : "") ||
    singular;

  return (
    <>
      {back}
      <h1>{title}</h1>
      {sections.length === 0 ? (
        <p className="muted">{t("portal.noFields")}</p>
      ) : (
        sections.map((section, index) => (
          <section
            key={`${section.name}-${String(index)}`}
            className="card"
            data-testid="portal-record-section"
          >
            <h2>{section.name}</h2>
            <dl className="summary">
              {section.fields.map((field) => (
                <FieldValueRow
                  key={field.apiName}
                  field={field}
                  value={values[field.apiName]}
                  language={language}
                  ctx={ctx}
                  words={words}
                />
              ))}
            </dl>
          </section>
        ))
      )}
    </>
  );
}

function FieldValueRow({
  field,
  value,
  language,
  ctx,
  words,
}: {
  field: MyField;
  value: unknown;
  language: string;
  ctx: FormatContext;
  words: { yes: string; no: string };
}) {
  const label = pickLabel(field.labels, language, field.apiName);
  const lines = Array.isArray(value) ? value.filter(isLineItem) : [];
  return (
    <div>
      <dt>{label}</dt>
      <dd>
        {field.type === "lineitems" || lines.length > 0 ? (
          lines.length === 0 ? (
            <>—</>
          ) : (
            <div className="table-scroll">
              <LineItemsTable caption={label} lines={lines} ctx={ctx} className="records" testId="portal-line-items" />
            </div>
          )
        ) : (
          formatMyValue(field, value, ctx, words) || "—"
        )}
      </dd>
    </div>
  );
}
