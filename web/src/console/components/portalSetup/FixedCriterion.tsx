import { useTranslation } from "react-i18next";
import type { Criterion, Module } from "../../../shared/api/client";
import { useLanguage } from "../../session";
import { invalidProps } from "../../../shared/lib/aria";
import { displayableFields, withFixed } from "../../lib/portalConfig";
import { FieldSelect } from "./FieldListChooser";
import { ErrorText } from "./PortalBits";
import { OPS, valueChoices } from "../../lib/criterion";
import { Check, Group, type PartProps } from "./TabEditorParts";
import "./portalSetup.css";

/** "Only records where…": one field, an operator and values written as records store them. */
export function FixedCriterion({
  tab,
  index,
  module,
  onChange,
  errors,
  idFor,
  fixes,
}: PartProps & { module: Module }) {
  const { t } = useTranslation();
  const language = useLanguage();
  const p = `tabs[${String(index)}].fixed`;
  const fixed = tab.fixed;
  const fields = displayableFields(module);
  const field = fields.find((candidate) => candidate.apiName === fixed?.field);
  const choices =
    field && valueChoices(field, language, { yes: t("common.yes"), no: t("common.no") });
  const valuesId = idFor(`${p}.values`);
  const valueMessages = errors.under(`${p}.values`);
  const opId = idFor(`${p}.op`);
  const set = (next: Criterion | undefined) => {
    onChange(withFixed(tab, next));
  };

  return (
    <Group legend={t("typeEditor.fixed")} hint={t("typeEditor.fixedHint")}>
      <Check
        errors={errors}
        idFor={idFor}
        fixes={fixes}
        path={p}
        showErrors={false}
        label={t("typeEditor.fixedOn")}
        checked={Boolean(fixed)}
        onChange={(on) => {
          set(on ? { field: fields[0]?.apiName ?? "", op: "eq", values: [""] } : undefined);
        }}
      />
      {fixed && (
        <div className="criterion">
          <FieldSelect
            errors={errors}
            idFor={idFor}
            fixes={fixes}
            path={`${p}.field`}
            label={t("typeEditor.fixedField")}
            value={fixed.field}
            fields={fields}
            hidden={new Set()}
            onChange={(name) => {
              set({ field: name, op: fixed.op, values: fixed.op === "in" ? [] : [""] });
            }}
          />
          <div className="form-field">
            <label htmlFor={opId}>{t("typeEditor.fixedOp")}</label>
            <select
              id={opId}
              value={fixed.op}
              onChange={(event) => {
                const op = event.target.value as Criterion["op"];
                set({
                  ...fixed,
                  op,
                  values: op === "in" ? fixed.values.filter(Boolean) : [fixed.values[0] ?? ""],
                });
              }}
              {...invalidProps(errors.at(`${p}.op`), `${opId}-error`)}
            >
              {OPS.map((op) => (
                <option key={op} value={op}>
                  {t(`typeEditor.ops.${op}`)}
                </option>
              ))}
            </select>
            <ErrorText id={`${opId}-error`} messages={errors.at(`${p}.op`)} />
          </div>
          {choices && fixed.op === "in" ? (
            <fieldset
              className="tab-group"
              aria-describedby={valueMessages.length > 0 ? `${valuesId}-error` : undefined}
            >
              <legend>{t("typeEditor.fixedValues")}</legend>
              <div className="check-grid">
                {choices.map((choice, choiceIndex) => (
                  <div key={choice.value} className="form-field form-field-check">
                    <input
                      id={choiceIndex === 0 ? valuesId : `${valuesId}-${choice.value}`}
                      type="checkbox"
                      checked={fixed.values.includes(choice.value)}
                      onChange={(event) => {
                        const chosen = new Set(fixed.values);
                        if (event.target.checked) chosen.add(choice.value);
                        else chosen.delete(choice.value);
                        set({
                          ...fixed,
                          values: choices.map((c) => c.value).filter((v) => chosen.has(v)),
                        });
                      }}
                    />
                    <label htmlFor={choiceIndex === 0 ? valuesId : `${valuesId}-${choice.value}`}>
                      {choice.label}
                    </label>
                  </div>
                ))}
              </div>
              <ErrorText id={`${valuesId}-error`} messages={valueMessages} />
            </fieldset>
          ) : (
            <div className="form-field">
              <label htmlFor={valuesId}>
                {fixed.op === "in" ? t("typeEditor.fixedValuesLines") : t("typeEditor.fixedValue")}
              </label>
              {choices ? (
                <select
                  id={valuesId}
                  value={fixed.values[0] ?? ""}
                  onChange={(event) => {
                    set({ ...fixed, values: [event.target.value] });
                  }}
                  {...invalidProps(valueMessages, `${valuesId}-error`)}
                >
                  <option value="">{t("typeEditor.chooseValue")}</option>
                  {choices.map((choice) => (
                    <option key={choice.value} value={choice.value}>
                      {choice.label}
                    </option>
                  ))}
                </select>
              ) : fixed.op === "in" ? (
                <textarea
                  id={valuesId}
                  rows={3}
                  value={fixed.values.join("\n")}
                  onChange={(event) => {
                    set({ ...fixed, values: event.target.value.split("\n") });
                  }}
                  onBlur={() => {
                    set({ ...fixed, values: fixed.values.map((v) => v.trim()).filter(Boolean) });
                  }}
                  {...invalidProps(valueMessages, `${valuesId}-error`)}
                />
              ) : (
                <input
                  id={valuesId}
                  type="text"
                  value={fixed.values[0] ?? ""}
                  onChange={(event) => {
                    set({ ...fixed, values: [event.target.value] });
                  }}
                  {...invalidProps(valueMessages, `${valuesId}-error`)}
                />
              )}
              {!choices && <p className="field-hint">{t("typeEditor.fixedValueHint")}</p>}
              <ErrorText id={`${valuesId}-error`} messages={valueMessages} />
            </div>
          )}
        </div>
      )}
    </Group>
  );
}
