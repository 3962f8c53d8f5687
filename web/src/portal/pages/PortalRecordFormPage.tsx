import { zodResolver } from "@hookform/resolvers/zod";
import { useQueryClient } from "@tanstack/react-query";
import { useId, useMemo, useState } from "react";
import { useForm, type Resolver } from "react-hook-form";
import { useTranslation } from "react-i18next";
import { useProblems } from "../../shared/lib/problems";
import { Link, useNavigate, useParams } from "react-router";
import { ApiError, type MyRecord, type MyTab, type Problem } from "../../shared/api/client";
import { createMyRecord, customerKeys, updateMyRecord, useMyRecord } from "../api/customer";
import { FieldInput } from "../../shared/components/FieldInput";
import { portalPath, usePortalContext, usePortalTitle } from "../layouts/portalContext";
import { inSentence, labelContext } from "../lib/portalWording";
import { pickLabel } from "../../shared/lib/labels";
import { formatMyValue } from "../lib/portalFormat";
import {
  asField,
  formSections,
  optionValue,
  portalWritable,
  tabLayout,
} from "../lib/portalForm";
import {
  emptyFormValue,
  placeFieldErrors,
  recordPayload,
  recordSchema,
  toFormValue,
  type FormValues,
  type ValidationMessages,
} from "../../shared/lib/recordForm";
import { PortalConflict } from "../components/PortalConflict";
import { PortalFailure } from "./PortalFailure";
import "./PortalRecordFormPage.css";

/** /p/:slug/:module/new and /p/:slug/:module/:id/edit */
export function PortalRecordFormPage() {
  const { t } = useTranslation();
  const { module = "", id } = useParams();
  const { tabs, language } = usePortalContext();
  const tab = tabs?.tabs.find((candidate) => candidate.module === module);
  const record = useMyRecord(module, id ?? "", language, Boolean(id && tab));

  if (!tab) {
    return (
      <p role="status" className="notice notice-warn">
        {t("portal.tabNotFound")}
      </p>
    );
  }
  const allowed = id ? tab.permissions.edit : tab.permissions.create;
  if (!allowed || tabs?.preview) {
    return (
      <p role="alert" className="notice notice-warn">
        {t("portalRecords.forbidden")}
      </p>
    );
  }
  if (id) {
    if (record.error) {
      const notFound = record.error instanceof ApiError && record.error.status === 404;
      return notFound ? (
        <section data-testid="portal-record-not-found">
          <h1>{t("portal.recordNotFoundHeading")}</h1>
          <p>{t("portal.recordNotFoundBody")}</p>
        </section>
      ) : (
        <PortalFailure error={record.error} />
      );
    }
    if (!record.data) {
      return (
        <p role="status" className="muted">
          {t("portal.recordLoading")}
        </p>
      );
    }
  }
  const data = id ? record.data : undefined;
  return (
    <RecordForm
      // A reloaded record (after a conflict) starts a fresh form.
      key={data ? `${data.id}@${String(data.version)}` : "new"}
      tab={tab}
      record={data}
    />
  );
}

/**
 * The form of the layout's fields the user may write, by type, checked as
 * the server checks them. Creating sends the filled-in fields; editing sends
 * only the changed ones, with If-Match: the record's version. Read-only
 * fields show as text.
 */
function RecordForm({ tab, record }: { tab: MyTab; record: MyRecord | undefined }) {
  const { t } = useTranslation();
  const problems = useProblems();
  const { slug = "" } = useParams();
  const { language, format } = usePortalContext();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [failure, setFailure] = useState<unknown>(undefined);
  const [unmapped, setUnmapped] = useState<NonNullable<Problem["errors"]>>([]);
  const layout = tabLayout(tab, record?.layoutId);
  const sections = useMemo(() => formSections(tab, layout, language), [tab, layout, language]);
  const writable = useMemo(
    () => sections.flatMap((section) => section.fields).filter(portalWritable),
    [sections],
  );
  const fields = useMemo(() => writable.map(asField), [writable]);
  const values = (record?.fields ?? {}) as Record<string, unknown>;
  const singular = pickLabel(tab.singularLabels, language, tab.module);
  const moduleBase = portalPath(slug, encodeURIComponent(tab.module));
  const words = { yes: t("common.yes"), no: t("common.no") };
  const heading = record
    ? t("portalPages.edit", { name: inSentence(singular) })
    : t("portalPages.new", { name: inSentence(singular), ...labelContext(singular, language) });
  usePortalTitle(heading, pickLabel(tab.labels, language, tab.module));

  const messages: ValidationMessages = {
    required: t("validation.required"),
    email: t("validation.email"),
    url: t("validation.url"),
    number: t("validation.number"),
    currency: t("validation.currency"),
    date: t("validation.date"),
    datetime: t("validation.datetime"),
    maxLength: (max) => t("validation.maxLength", { max }),
    product: t("validation.product"),
    quantity: t("validation.quantity"),
    option: t("validation.option"),
  };
  const schema = recordSchema(fields, messages);
  const defaultValues = useMemo<FormValues>(
    () =>
      Object.fromEntries(
        writable.map((field, index) => {
          const apiField = fields[index] ?? asField(field);
          if (!record) return [field.apiName, emptyFormValue(apiField)];
          const raw = (record.fields as Record<string, unknown>)[field.apiName];
          // Picklists come as the customer-facing labels; the form holds option values.
          const value =
            field.type === "picklist" && typeof raw === "string"
              ? optionValue(field, raw, language)
              : field.type === "multipicklist" && Array.isArray(raw)
                ? (raw as unknown[]).map((item) =>
                    typeof item === "string" ? optionValue(field, item, language) : item,
                  )
                : raw;
          return [field.apiName, toFormValue(apiField, value as never)];
        }),
      ),
    [writable, fields, record, language],
  );
  const {
    control,
    register,
    handleSubmit,
    setError,
    formState: { errors, isSubmitting },
  } = useForm<FormValues>({
    resolver: zodResolver(schema) as unknown as Resolver<FormValues>,
    defaultValues,
  });

  const onSubmit = handleSubmit(async (formValues) => {
    setFailure(undefined);
    setUnmapped([]);
    const payload = recordPayload(fields, formValues, record ? defaultValues : undefined);
    try {
      if (record && Object.keys(payload).length === 0) {
        await navigate(`${moduleBase}/${encodeURIComponent(record.id)}`);
        return;
      }
      const saved = record
        ? await updateMyRecord(tab.module, record.id, record.version, payload, language)
        : await createMyRecord(tab.module, payload, language, layout?.id);
      queryClient.setQueryData(customerKeys.record(tab.module, saved.id, language), saved);
      await queryClient.invalidateQueries({ queryKey: customerKeys.moduleRecords(tab.module) });
      // The record's page confirms the save ("Saved").
      await navigate(`${moduleBase}/${encodeURIComponent(saved.id)}`, {
        replace: true,
        state: { saved: true },
      });
    } catch (error) {
      const fieldErrors =
        error instanceof ApiError && error.status === 422 ? (error.problem?.errors ?? []) : [];
      setUnmapped(placeFieldErrors(fieldErrors, fields, setError, problems.field));
      setFailure(error);
    }
  });

  const conflict = failure instanceof ApiError && failure.status === 412;
  const invalid = failure instanceof ApiError && failure.status === 422;
  const cancelTo = record ? `${moduleBase}/${encodeURIComponent(record.id)}` : moduleBase;
  const byName = new Map(tab.fields.map((field) => [field.apiName, field]));

  return (
    <>
      <p>
        <Link to={cancelTo}>
          {t("portal.backTo", {
            module: record ? singular : pickLabel(tab.labels, language, tab.module),
          })}
        </Link>
      </p>
      <h1>{heading}</h1>
      <form
        className="form record-form portal-form"
        onSubmit={(event) => void onSubmit(event)}
        noValidate
      >
        {conflict && (
          <PortalConflict
            message={t("portalRecords.conflict")}
            onReload={() =>
              void queryClient.invalidateQueries({
                queryKey: customerKeys.oneRecord(tab.module, record?.id ?? ""),
              })
            }
          />
        )}
        {invalid && (
          <div role="alert" className="notice notice-error" data-testid="form-errors">
            <p className="notice-title">{t("portalRecords.errorsHeading")}</p>
            {unmapped.length > 0 && (
              <ul>
                {unmapped.map((item) => {
                  const field = byName.get(item.field.replace(/^fields\./, ""));
                  return (
                    <li key={`${item.field}:${item.message}`}>
                      {field ? pickLabel(field.labels, language, field.apiName) : item.field} —{" "}
                      {problems.field(item)}
                    </li>
                  );
                })}
              </ul>
            )}
          </div>
        )}
        {!conflict && !invalid && failure !== undefined && (
          failure instanceof ApiError && failure.status === 403 ? (
            <p role="alert" className="notice notice-error">
              {t("portalRecords.forbidden")}
            </p>
          ) : (
            <PortalFailure error={failure} />
          )
        )}
        {writable.length === 0 && <p className="muted">{t("portalRecords.noWritable")}</p>}
        {sections.map((section, index) => {
          const shown = section.fields.filter(
            (field) => portalWritable(field) || (record && field.apiName in values),
          );
          if (shown.length === 0) return null;
          return (
            <fieldset key={`${section.name}-${String(index)}`} className="card form-section">
              <legend>{section.name}</legend>
              {shown.map((field) =>
                portalWritable(field) ? (
                  <FieldInput
                    key={field.apiName}
                    field={asField(field)}
                    control={control}
                    register={register}
                    errors={errors}
                  />
                ) : (
                  <ReadOnlyField
                    key={field.apiName}
                    apiName={field.apiName}
                    label={pickLabel(field.labels, language, field.apiName)}
                    text={formatMyValue(field, values[field.apiName], format, words) || "—"}
                  />
                ),
              )}
            </fieldset>
          );
        })}
        <div className="form-actions">
          <button type="submit" className="primary" disabled={isSubmitting}>
            {record
              ? isSubmitting
                ? t("portalRecords.saving")
                : t("portalRecords.save")
              : isSubmitting
                ? t("portalRecords.creating")
                : t("portalRecords.create")}
          </button>
          <Link to={cancelTo}>{t("common.cancel")}</Link>
        </div>
      </form>
    </>
  );
}

/**
 * A field the user type lets the customer see but not change: its value as text with a visible
 * "Read-only" hint, also told to assistive technology (aria-readonly, described by the hint).
 */
function ReadOnlyField({ apiName, label, text }: { apiName: string; label: string; text: string }) {
  const { t } = useTranslation();
  const id = useId();
  return (
    <div className="form-field read-only-field" data-testid="portal-read-only">
      <span className="field-label">
        <span id={`${id}-label`}>{label}</span>{" "}
        <span className="badge read-only-hint" id={`${id}-hint`}>
          {t("portalPages.readOnly")}
        </span>
      </span>
      <span
        role="textbox"
        aria-readonly="true"
        aria-labelledby={`${id}-label`}
        aria-describedby={`${id}-hint`}
        tabIndex={0}
        data-field={apiName}
      >
        {text}
      </span>
    </div>
  );
}
