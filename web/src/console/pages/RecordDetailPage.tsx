import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, useNavigate, useParams } from "react-router";
import { adminKeys, deleteRecord, useModule, useRecord } from "../api/admin";
import { ApiError, type CrmRecord, type Module } from "../../shared/api/client";
import { ConfirmDialog } from "../../shared/components/ConfirmDialog";
import { LineItemsTable } from "../../shared/components/LineItemsTable";
import { PdfButton } from "../../shared/components/PdfButton";
import { DOCUMENT_MODULES, fetchRecordPdf } from "../../shared/api/documents";
import { ConflictNotice } from "../components/ConflictNotice";
import { MoreMenu } from "../components/MoreMenu";
import { InviteDialog } from "../components/portalSetup/InviteDialog";
import { RecordAttachments, RecordNotes } from "../components/RecordNotes";
import { RecordOwner } from "../components/RecordOwner";
import { QuoteSignature } from "../components/QuoteSignature";
import { Loading, ProblemNotice } from "../components/ProblemNotice";
import { useFormatContext, useLanguage } from "../session";
import { formatDateTime, formatFieldValue, isLineItem } from "../../shared/lib/format";
import { INVITABLE_MODULES } from "../lib/portalUsers";
import { fieldLabel, layoutOf, moduleLabel, moduleSingularLabel, pickLabel } from "../../shared/lib/labels";
import { recordTitle } from "../../shared/lib/recordTitle";
import "./RecordDetailPage.css";

export function RecordDetailPage() {
  const { module = "", id = "" } = useParams();
  const { t } = useTranslation();
  const moduleQuery = useModule(module);
  const recordQuery = useRecord(module, id);

  const error = moduleQuery.error ?? recordQuery.error;
  if (error) return <ProblemNotice error={error} onRetry={() => void recordQuery.refetch()} />;
  if (!moduleQuery.data || !recordQuery.data) return <Loading label={t("console.loading")} />;
  return <RecordDetail module={moduleQuery.data} record={recordQuery.data} />;
}

function RecordDetail({ module, record }: { module: Module; record: CrmRecord }) {
  const { t } = useTranslation();
  const language = useLanguage();
  const format = useFormatContext();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [confirming, setConfirming] = useState(false);
  const [inviting, setInviting] = useState(false);
  const base = `/admin/records/${encodeURIComponent(module.apiName)}`;
  const layout = layoutOf(module, record.layoutId);
  const byName = new Map(module.fields.map((field) => [field.apiName, field]));
  const words = { yes: t("common.yes"), no: t("common.no") };
  const nameField = byName.get(module.nameField);
  const nameText = nameField
    ? formatFieldValue(nameField, record.fields[nameField.apiName], format, words)
    : "";
  // A person (Contacts, Leads) is "First Last", as the API names them.
  const fullName = recordTitle(module.apiName, module.nameField, record.fields, nameText);
  const title = fullName === "" ? t("records.untitled") : fullName;

  const remove = useMutation({
    mutationFn: () => deleteRecord(module.apiName, record.id, record.version),
    onSuccess: async () => {
      queryClient.removeQueries({ queryKey: adminKeys.record(module.apiName, record.id) });
      await queryClient.invalidateQueries({ queryKey: adminKeys.records(module.apiName) });
      await navigate(base);
    },
  });

  return (
    <>
      <p className="breadcrumb">
        <Link to={base}>{t("records.backToList", { name: moduleLabel(module, language) })}</Link>
      </p>
      <div className="page-header">
        <h1>
          <span className="muted heading-kicker">{moduleSingularLabel(module, language)}</span>{" "}
          {title}
        </h1>
        <div className="page-actions">
          <Link className="button primary" to={`${base}/${encodeURIComponent(record.id)}/edit`}>
            {t("records.edit")}
          </Link>
          <button
            type="button"
            className="danger"
            onClick={() => {
              setConfirming(true);
            }}
          >
            {t("records.delete")}
          </button>
          {DOCUMENT_MODULES.includes(module.apiName) && (
            <PdfButton fetchLink={() => fetchRecordPdf(module.apiName, record.id, language)} />
          )}
          {INVITABLE_MODULES.includes(module.apiName) && (
            <MoreMenu
              items={[
                {
                  key: "invite",
                  label: t("invite.menuItem"),
                  onSelect: () => {
                    setInviting(true);
                  },
                },
              ]}
            />
          )}
        </div>
      </div>
      {inviting && (
        <InviteDialog
          module={module.apiName}
          recordId={record.id}
          onClose={() => {
            setInviting(false);
          }}
        />
      )}
      {confirming && (
        <ConfirmDialog
          title={t("records.confirmDelete")}
          confirmLabel={t("records.confirmDeleteYes")}
          busyLabel={t("records.deleting")}
          busy={remove.isPending}
          onConfirm={() => {
            remove.mutate();
          }}
          onCancel={() => {
            setConfirming(false);
            remove.reset();
          }}
        >
          {remove.error instanceof ApiError && remove.error.status === 412 ? (
            <ConflictNotice
              onReload={() => {
                remove.reset();
                setConfirming(false);
                void queryClient.invalidateQueries({
                  queryKey: adminKeys.record(module.apiName, record.id),
                });
              }}
            />
          ) : (
            remove.error && <ProblemNotice error={remove.error} />
          )}
        </ConfirmDialog>
      )}
      {layout?.sections.map((section) => (
        <section key={section.name} className="card record-section">
          <h2>{pickLabel(section.labels, language, section.name)}</h2>
          <dl className="field-list">
            {section.fields.map((name) => {
              const field = byName.get(name);
              if (!field) return null;
              const value = record.fields[name];
              const text = formatFieldValue(field, value, format, words);
              const lines =
                field.type === "lineitems" && Array.isArray(value) ? value.filter(isLineItem) : [];
              return (
                <div key={name} className={`field-${field.type}`}>
                  <dt>{fieldLabel(field, language)}</dt>
                  <dd data-field={name}>
                    {lines.length > 0 ? (
                      <LineItemsTable
                        lines={lines}
                        caption={t("recordForm.lineCaption", { field: fieldLabel(field, language) })}
                        ctx={format}
                      />
                    ) : (
                      text || <span className="muted">{t("common.none")}</span>
                    )}
                  </dd>
                </div>
              );
            })}
          </dl>
        </section>
      ))}
      <QuoteSignature record={record} format={format} />
      <p className="muted record-meta">
        {t("records.createdBy", {
          name: record.createdBy.name,
          date: formatDateTime(record.createdAt, format),
        })}
        <br />
        {t("records.modifiedBy", {
          name: record.modifiedBy.name,
          date: formatDateTime(record.modifiedAt, format),
        })}
      </p>
      <RecordOwner
        record={record}
        onSaved={(updated) => {
          queryClient.setQueryData(adminKeys.record(module.apiName, record.id), updated);
        }}
      />
      <RecordNotes module={module.apiName} recordId={record.id} />
      <RecordAttachments module={module.apiName} recordId={record.id} />
    </>
  );
}
