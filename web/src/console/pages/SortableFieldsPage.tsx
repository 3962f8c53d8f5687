import { useId, useState } from "react";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { Link, useParams } from "react-router";
import { adminKeys, useModule } from "../api/admin";
import { api, ok, REQUESTED_WITH, type Module } from "../../shared/api/client";
import { Loading, ProblemNotice } from "../components/ProblemNotice";
import { fieldLabel, moduleLabel } from "../../shared/lib/labels";
import { useLanguage } from "../session";

/** The most fields an admin marks sortable on a module (crm.MaxSortIndexes). */
const MAX_SORTABLE = 3;

/** Field types that have no order (crm.Sortable). */
const UNORDERED = new Set(["textarea", "multipicklist", "lineitems"]);

/** The fields of m an admin may mark sortable: ordered, not the ones always sortable. */
function markableFields(m: Module) {
  return m.fields.filter((f) => !UNORDERED.has(f.type) && f.apiName !== m.nameField);
}

async function saveSortable(m: Module, sortable: string[]): Promise<Module> {
  return ok(
    await api.PATCH("/api/admin/modules/{module}", {
      params: {
        path: { module: m.apiName },
        header: { ...REQUESTED_WITH, "If-Match": String(m.version) },
      },
      body: { sortable },
    }),
  );
}

/**
 * The module's sortable fields (admins): up to three fields the staff list sorts by besides
 * the modification time and the name field, each shown with its index's state.
 */
export function SortableFieldsPage() {
  const { module: name = "" } = useParams();
  const { data: module, error, refetch } = useModule(name);
  const { t } = useTranslation();
  if (error) return <ProblemNotice error={error} onRetry={() => void refetch()} />;
  if (!module) return <Loading label={t("records.loading")} />;
  return <SortableForm key={module.version} module={module} />;
}

function SortableForm({ module }: { module: Module }) {
  const { t } = useTranslation();
  const language = useLanguage();
  const id = useId();
  const client = useQueryClient();
  const marks = module.sortable ?? [];
  const [chosen, setChosen] = useState<string[]>(marks.map((s) => s.field));
  const save = useMutation({
    mutationFn: () => saveSortable(module, chosen),
    onSuccess: (next) => {
      client.setQueryData(adminKeys.module(module.apiName), next);
    },
  });
  const label = moduleLabel(module, language);
  const base = `/admin/records/${encodeURIComponent(module.apiName)}`;
  const nameField = module.fields.find((f) => f.apiName === module.nameField);
  const full = chosen.length >= MAX_SORTABLE;
  const indexing = marks.some((s) => s.state === "indexing");

  return (
    <>
      <div className="page-header">
        <h1>{t("sortable.title", { module: label })}</h1>
        <div className="page-actions">
          <Link className="button" to={base}>
            {t("sortable.back")}
          </Link>
        </div>
      </div>
      <form
        className="card"
        aria-labelledby={`${id}-legend`}
        onSubmit={(event) => {
          event.preventDefault();
          save.mutate();
        }}
      >
        <p id={`${id}-legend`}>
          {t("sortable.intro", {
            name: nameField ? fieldLabel(nameField, language) : module.nameField,
            max: MAX_SORTABLE,
          })}
        </p>
        <fieldset>
          <legend>{t("sortable.legend", { count: chosen.length, max: MAX_SORTABLE })}</legend>
          {markableFields(module).map((field) => {
            const checked = chosen.includes(field.apiName);
            const state = marks.find((s) => s.field === field.apiName)?.state;
            const inputId = `${id}-${field.apiName}`;
            return (
              <div className="form-field form-field-check" key={field.apiName}>
                <input
                  id={inputId}
                  type="checkbox"
                  checked={checked}
                  disabled={!checked && full}
                  onChange={(event) => {
                    const on = event.target.checked;
                    setChosen((old) =>
                      on ? [...old, field.apiName] : old.filter((f) => f !== field.apiName),
                    );
                  }}
                />
                <label htmlFor={inputId}>
                  {fieldLabel(field, language)}
                  {state && (
                    <span className="muted" data-state={state}>
                      {" "}
                      ({t(`sortable.state.${state}`)})
                    </span>
                  )}
                </label>
              </div>
            );
          })}
        </fieldset>
        {full && <p className="muted">{t("sortable.full", { max: MAX_SORTABLE })}</p>}
        {indexing && <p className="notice notice-warn">{t("sortable.indexingNote")}</p>}
        {save.error && <ProblemNotice error={save.error} />}
        {save.isSuccess && !indexing && (
          <p role="status" className="notice">
            {t("sortable.saved")}
          </p>
        )}
        <div className="page-actions">
          <button type="submit" className="button primary" disabled={save.isPending}>
            {save.isPending ? t("sortable.saving") : t("sortable.save")}
          </button>
        </div>
      </form>
    </>
  );
}
