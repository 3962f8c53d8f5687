import { zodResolver } from "@hookform/resolvers/zod";
import { useQueryClient } from "@tanstack/react-query";
import { useId, useMemo, useState } from "react";
import { useForm, type Resolver } from "react-hook-form";
import { useTranslation } from "react-i18next";
import { useProblems } from "../../shared/lib/problems";
import { Link, useNavigate, useParams } from "react-router";
import { adminKeys, createRecord, updateRecord, useModule, useRecord } from "../api/admin";
import { ApiError, type CrmRecord, type Module, type Problem } from "../../shared/api/client";
import { ConflictNotice } from "../components/ConflictNotice";
import { FieldInput } from "../components/FieldInput";
import { limitMessage } from "../lib/limitMessages";
import { Loading, ProblemNotice } from "../components/ProblemNotice";
import { useFormatContext, useLanguage } from "../session";
import { formatFieldValue } from "../../shared/lib/format";
import { fieldLabel, layoutFields, layoutOf, moduleSingularLabel, pickLabel } from "../../shared/lib/labels";
import {
  editable,
  emptyFormValue,
  placeFieldErrors,
  recordPayload,
  recordSchema,
  toFormValue,
  type FormValues,
  type ValidationMessages,
} from "../../shared/lib/recordForm";

/** /admin/records/:module/new and /admin/records/:module/:id/edit */
export function RecordFormPage() {
  const { module = "", id } = useParams();
  const { t } = useTranslation();
  const moduleQuery = useModule(module);
  const recordQuery = useRecord(module, id ?? "", Boolean(id));

  const error = moduleQuery.error ?? (id ? recordQuery.error : null);
  if (error) return <ProblemNotice error={error} />;
  if (!moduleQuery.data || (id && !recordQuery.data)) {
    return <Loading label={t("console.loading")} />;
  }
  const record = id ? recordQuery.data : undefined;
  return (
    <RecordEditor
      // A reloaded record (after a conflict) starts a fresh form.
      key={record ? `${record.id}@${String(record.version)}` : "new"}
      module={moduleQuery.data}
      record={record}
    />
  );
}

function RecordEditor({ module, record }: { module: Module; record: CrmRecord | undefined }) {
  const { t } = useTranslation();
  const language = useLanguage();
  const id = useId();
  const [layoutId, setLayoutId] = useState(record?.layoutId ?? module.layouts[0]?.id ?? "");
  const singular = moduleSingularLabel(module, language);

  return (
    <>
      <h1>
        {record
          ? t("recordForm.editHeading", { name: singular })
          : t("recordForm.newHeading", { name: singular })}
      </h1>
      {!record && module.layouts.length > 1 && (
        <div className="inline-field">
          <label htmlFor={`${id}-layout`}>{t("recordForm.layout")}</label>
          <select
            id={`${id}-layout`}
            value={layoutId}
            onChange={(event) => {
              setLayoutId(event.target.value);
            }}
          >
            {module.layouts.map((layout) => (
              <option key={layout.id} value={layout.id}>
                {layout.name}
              </option>
            ))}
          </select>
        </div>
      )}
      <RecordForm key={layoutId} module={module} record={record} layoutId={layoutId} />
    </>
  );
}

interface RecordFormProps {
  module: Module;
  record: CrmRecord | undefined;
  layoutId: string;
}

/**
 * The form of a layout's fields. Creating sends the filled-in fields;
 * editing sends only the changed ones, with If-Match: the record's version.
 */
export function RecordForm({ module, record, layoutId }: RecordFormProps) {
  const { t } = useTranslation();
  const problems = useProblems();
  const language = useLanguage();
  const format = useFormatContext();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [failure, setFailure] = useState<unknown>(undefined);
  const [unmapped, setUnmapped] = useState<NonNullable<Problem["errors"]>>([]);
  const base = `/admin/records/${encodeURIComponent(module.apiName)}`;
  const layout = layoutOf(module, layoutId);
  const fields = useMemo(() => layoutFields(module, layoutId).filter(editable), [module, layoutId]);
  const byName = useMemo(() => new Map(fields.map((field) => [field.apiName, field])), [fields]);

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
        fields.map((field) => [
          field.apiName,
          record ? toFormValue(field, record.fields[field.apiName]) : emptyFormValue(field),
        ]),
      ),
    [fields, record],
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

  const onSubmit = handleSubmit(async (values) => {
    setFailure(undefined);
    setUnmapped([]);
    const payload = recordPayload(fields, values, record ? defaultValues : undefined);
    try {
      if (record && Object.keys(payload).length === 0) {
        await navigate(`${base}/${encodeURIComponent(record.id)}`);
        return;
      }
      const saved = record
        ? await updateRecord(module.apiName, record.id, record.version, payload)
        : await createRecord(module.apiName, payload, layoutId);
      queryClient.setQueryData(adminKeys.record(module.apiName, saved.id), saved);
      await queryClient.invalidateQueries({ queryKey: adminKeys.records(module.apiName) });
      await navigate(`${base}/${encodeURIComponent(saved.id)}`, { replace: true });
    } catch (error) {
      const fieldErrors =
        error instanceof ApiError && error.status === 422 ? (error.problem?.errors ?? []) : [];
      if (fieldErrors.length === 0) {
        setFailure(error);
        return;
      }
      setUnmapped(
        placeFieldErrors(fieldErrors, fields, setError, (item) => {
          const limit = limitMessage(item.message, t, language);
          return limit === item.message ? problems.field(item) : limit;
        }),
      );
      setFailure(error);
    }
  });

  const conflict = failure instanceof ApiError && failure.status === 412;
  const invalid = failure instanceof ApiError && failure.status === 422;
  const cancelTo = record ? `${base}/${encodeURIComponent(record.id)}` : base;
  const nameField = module.fields.find((field) => field.apiName === module.nameField);
  const words = { yes: t("common.yes"), no: t("common.no") };

  return (
    <form className="form record-form" onSubmit={(event) => void onSubmit(event)} noValidate>
      {record && nameField && (
        <p className="lead">
          {formatFieldValue(nameField, record.fields[nameField.apiName], format, words)}
        </p>
      )}
      {conflict && (
        <ConflictNotice
          onReload={() =>
            void queryClient.invalidateQueries({
              queryKey: adminKeys.record(module.apiName, record?.id ?? ""),
            })
          }
        />
      )}
      {invalid && (
        <div role="alert" className="notice notice-error" data-testid="form-errors">
          <p className="notice-title">{t("recordForm.errorsHeading")}</p>
          {unmapped.length > 0 && (
            <ul>
              {unmapped.map((item) => {
                const field =
                  byName.get(item.field) ?? module.fields.find((f) => f.apiName === item.field);
                return (
                  <li key={`${item.field}:${item.message}`}>
                    {field ? fieldLabel(field, language) : <code>{item.field}</code>} —{" "}
                    {limitMessage(item.message, t, language)}
                  </li>
                );
              })}
            </ul>
          )}
        </div>
      )}
      {!conflict && !invalid && failure !== undefined && <ProblemNotice error={failure} />}
      {layout?.sections.map((section) => {
        const sectionFields = section.fields.flatMap((name) => {
          const field = byName.get(name);
          return field ? [field] : [];
        });
        if (sectionFields.length === 0) return null;
        return (
          <fieldset key={section.name} className="card form-section">
            <legend>{pickLabel(section.labels, language, section.name)}</legend>
            {sectionFields.map((field) => (
              <FieldInput
                key={field.apiName}
                field={field}
                control={control}
                register={register}
                errors={errors}
              />
            ))}
          </fieldset>
        );
      })}
      <div className="form-actions">
        <button type="submit" className="primary" disabled={isSubmitting}>
          {record
            ? isSubmitting
              ? t("common.saving")
              : t("common.save")
            : isSubmitting
              ? t("recordForm.creating")
              : t("recordForm.create")}
        </button>
        <Link to={cancelTo}>{t("common.cancel")}</Link>
      </div>
    </form>
  );
}
