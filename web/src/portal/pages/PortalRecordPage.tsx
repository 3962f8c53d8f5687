import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, useLocation, useNavigate, useParams } from "react-router";
import { ApiError, type MyField, type MyRecord, type MyTab } from "../../shared/api/client";
import { ConfirmDialog } from "../../shared/components/ConfirmDialog";
import { LineItemsTable } from "../../shared/components/LineItemsTable";
import { PdfButton } from "../../shared/components/PdfButton";
import { DOCUMENT_MODULES, fetchMyRecordPdf } from "../../shared/api/documents";
import { customerKeys, deleteMyRecord, useMyRecord } from "../api/customer";
import { AttachmentsPanel } from "../components/AttachmentsPanel";
import { NotesPanel } from "../components/NotesPanel";
import { QuoteDecisionPanel } from "../components/QuoteDecisionPanel";
import { PortalFailure } from "./PortalFailure";
import { tabLayout } from "../lib/portalForm";
import { portalPath, usePortalContext, usePortalTitle } from "../layouts/portalContext";
import { recordTitle } from "../../shared/lib/recordTitle";
import { isLineItem, type FormatContext } from "../../shared/lib/format";
import { pickLabel } from "../../shared/lib/labels";
import { formatMyValue, isNumericType } from "../lib/portalFormat";

/**
 * /p/:slug/:module/:id: one record in the user's scope, laid out by its
 * layout (sections of field labels and values), with Edit and Delete as the
 * tab allows, and the record's notes and attachments where the tab has them.
 */
export function PortalRecordPage() {
  const { t } = useTranslation();
  const { slug = "", module = "", id = "" } = useParams();
  const { tabs, language, format: ctx } = usePortalContext();
  const tab = tabs?.tabs.find((candidate) => candidate.module === module);
  const record = useMyRecord(module, id, language);
  const location = useLocation();
  // Set by the form after a save: the page confirms it once.
  const saved = (location.state as { saved?: boolean } | null)?.saved === true;
  const title =
    tab && record.data
      ? titleText(tab, record.data, ctx, { yes: t("common.yes"), no: t("common.no") })
      : undefined;
  usePortalTitle(
    title !== undefined && tab
      ? t("portalPages.recordTitle", {
          name: pickLabel(tab.singularLabels, language, tab.module),
          title,
        }).trim()
      : undefined,
    tab ? pickLabel(tab.labels, language, tab.module) : undefined,
  );

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
  const sections = (tabLayout(tab, record.data.layoutId)?.sections ?? [])
    .map((section) => ({
      name: pickLabel(section.labels, language, section.name),
      fields: section.fields.flatMap((apiName) => {
        const field = fields.get(apiName);
        return field && apiName in values ? [field] : [];
      }),
    }))
    .filter((section) => section.fields.length > 0);

  const preview = tabs?.preview ?? false;

  return (
    <>
      {back}
      <div className="page-header">
        <h1>{title === undefined || title === "" ? singular : title}</h1>
        {record.data.payUrl && (
          <a
            className="button primary"
            href={record.data.payUrl}
            target="_blank"
            rel="noopener noreferrer"
            data-testid="portal-pay"
          >
            {t("portalRecords.pay")}
            <span className="visually-hidden"> {t("portalRecords.payOpensNew")}</span>
          </a>
        )}
        {DOCUMENT_MODULES.includes(tab.module) && (
          <PdfButton fetchLink={() => fetchMyRecordPdf(tab.module, id, language)} />
        )}
        {!preview && <RecordActions tab={tab} record={record.data} />}
      </div>
      {saved && (
        <p role="status" className="notice notice-good" data-testid="portal-saved">
          {t("portalPages.saved")}
        </p>
      )}
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
      {tab.module === "Quotes" && (
        <QuoteDecisionPanel tab={tab} record={record.data} language={language} ctx={ctx} readOnly={preview} />
      )}
      {tab.notes && <NotesPanel module={tab.module} recordId={id} readOnly={preview} />}
      {tab.attachments && (
        <AttachmentsPanel module={tab.module} recordId={id} readOnly={preview} />
      )}
    </>
  );
}

/**
 * The record's name: its card title (cards) or first column (lists), a person as "First Last"
 * (recordTitle); "" when it has none.
 */
function titleText(
  tab: MyTab,
  record: MyRecord,
  ctx: FormatContext,
  words: { yes: string; no: string },
): string {
  const values = record.fields as Record<string, unknown>;
  const titleField = tab.display.kind === "list" ? tab.display.columns?.[0] : tab.display.title;
  const field = tab.fields.find((candidate) => candidate.apiName === titleField);
  const text = titleField ? formatMyValue(field, values[titleField], ctx, words) : "";
  return recordTitle(tab.module, titleField, values, text);
}

/** "Edit" and "Delete" (with a confirmation), as the tab allows. */
function RecordActions({ tab, record }: { tab: MyTab; record: MyRecord }) {
  const { t } = useTranslation();
  const { slug = "" } = useParams();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [confirming, setConfirming] = useState(false);
  const moduleBase = portalPath(slug, encodeURIComponent(tab.module));
  const remove = useMutation({
    mutationFn: () => deleteMyRecord(tab.module, record.id),
    onSuccess: async () => {
      queryClient.removeQueries({ queryKey: customerKeys.oneRecord(tab.module, record.id) });
      await queryClient.invalidateQueries({ queryKey: customerKeys.moduleRecords(tab.module) });
      await navigate(moduleBase, { replace: true });
    },
  });
  if (!tab.permissions.edit && !tab.permissions.delete) return null;

  return (
    <>
      <div className="page-actions">
        {tab.permissions.edit && (
          <Link
            className="button primary"
            to={`${moduleBase}/${encodeURIComponent(record.id)}/edit`}
          >
            {t("portalRecords.edit")}
          </Link>
        )}
        {tab.permissions.delete && (
          <button
            type="button"
            className="danger"
            onClick={() => {
              setConfirming(true);
            }}
          >
            {t("portalRecords.delete")}
          </button>
        )}
      </div>
      {confirming && (
        <ConfirmDialog
          title={t("portalRecords.confirmDelete")}
          confirmLabel={t("portalRecords.confirmDeleteYes")}
          busyLabel={t("portalRecords.deleting")}
          busy={remove.isPending}
          onConfirm={() => {
            remove.mutate();
          }}
          onCancel={() => {
            setConfirming(false);
            remove.reset();
          }}
        >
          {remove.error &&
            (remove.error instanceof ApiError && remove.error.status === 403 ? (
              <p role="alert" className="notice notice-error">
                {t("portalRecords.forbidden")}
              </p>
            ) : (
              <PortalFailure error={remove.error} />
            ))}
        </ConfirmDialog>
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
    <div className={lines.length > 0 ? "summary-full" : undefined}>
      <dt>{label}</dt>
      <dd className={isNumericType(field.type) ? "value-number" : undefined}>
        {field.type === "lineitems" || lines.length > 0 ? (
          lines.length === 0 ? (
            <>—</>
          ) : (
            <LineItemsTable
              caption={label}
              lines={lines}
              ctx={ctx}
              className="records"
              testId="portal-line-items"
            />
          )
        ) : (
          formatMyValue(field, value, ctx, words) || "—"
        )}
      </dd>
    </div>
  );
}
