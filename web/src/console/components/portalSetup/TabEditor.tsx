import { useId, type ReactNode } from "react";
import { useTranslation } from "react-i18next";
import type { Criterion, Field, Module, Perm, Tab } from "../../../shared/api/client";
import { useLanguage } from "../../session";
import { invalidProps } from "../../../shared/lib/aria";
import {
  fieldLabel,
  moduleLabel,
  moduleSingularLabel,
  optionLabel,
  pickLabel,
} from "../../../shared/lib/labels";
import {
  allowedActions,
  displayableFields,
  effectivePerm,
  LABEL_LANGUAGES,
  picklistFields,
  scopeChoices,
  switchDisplay,
  withAction,
  withFixed,
  withLabel,
  withScope,
  type Scope,
} from "../../lib/portalConfig";
import { FieldListChooser, FieldSelect, type EditorContext } from "./FieldListChooser";
import { ErrorText } from "./PortalBits";
import { MAX_CARD_FIELDS, MAX_COLUMNS } from "../../../shared/limits.gen";

interface TabEditorProps extends EditorContext {
  tab: Tab;
  index: number;
  module: Module;
  base: Module;
  perms: Record<string, Perm> | undefined;
  onChange: (tab: Tab) => void;
}

const ACTIONS = ["view", "create", "edit", "delete"] as const;
const EXTRAS = ["notes", "attachments"] as const;

interface CheckProps extends EditorContext {
  path: string;
  label: string;
  checked: boolean;
  disabled?: boolean;
  hint?: string | undefined;
  /** False when the enclosing group shows the errors (a list of layouts). */
  showErrors?: boolean;
  onChange: (checked: boolean) => void;
}

function Check({
  path,
  label,
  checked,
  disabled,
  hint,
  showErrors = true,
  onChange,
  errors,
  idFor,
}: CheckProps) {
  const id = idFor(path);
  const messages = showErrors ? errors.under(path) : [];
  return (
    <div className="form-field form-field-check">
      <input
        id={id}
        type="checkbox"
        checked={checked}
        disabled={disabled}
        onChange={(event) => {
          onChange(event.target.checked);
        }}
        {...invalidProps(messages, `${id}-error`)}
      />
      <label htmlFor={id}>
        {label}
        {hint && <span className="field-hint"> — {hint}</span>}
      </label>
      <ErrorText id={`${id}-error`} messages={messages} />
    </div>
  );
}

function Group({
  legend,
  hint,
  children,
  className,
}: {
  legend: string;
  hint?: string;
  children: ReactNode;
  className?: string;
}) {
  return (
    <fieldset className={`tab-group ${className ?? ""}`}>
      <legend>{legend}</legend>
      {hint && <p className="field-hint">{hint}</p>}
      {children}
    </fieldset>
  );
}

/** One tab of a user type: which records, layouts, actions, display, filters, labels. */
export function TabEditor({
  tab,
  index,
  module,
  base,
  perms,
  onChange,
  errors,
  idFor,
}: TabEditorProps) {
  const { t } = useTranslation();
  const language = useLanguage();
  const p = `tabs[${String(index)}]`;
  const ctx = { errors, idFor };
  const isBase = tab.module === base.apiName;
  const choices = scopeChoices(module, base);
  const allowed = allowedActions(tab, base.apiName);
  const shown = displayableFields(module);
  const hidden = new Set(
    module.fields.filter((field) => effectivePerm(perms, field) === "hidden").map((f) => f.apiName),
  );
  const scopeChoice = choices.find((choice) => choice.scope === tab.scope);
  const baseName = moduleSingularLabel(base, language);
  const scopeText = (scope: Scope) =>
    isBase
      ? t("typeEditor.scopeSelf", { module: baseName })
      : scope === "own"
        ? t("typeEditor.scopeOwn", { module: baseName })
        : scope === "account"
          ? t("typeEditor.scopeAccount")
          : t("typeEditor.scopeCatalog");
  // A stored scope the rules no longer offer stays visible, so the error next to it makes sense.
  const scopes: Scope[] = choices.some((choice) => choice.scope === tab.scope)
    ? choices.map((choice) => choice.scope)
    : [tab.scope, ...choices.map((choice) => choice.scope)];
  const scopeId = idFor(`${p}.scope`);
  const scopeMessages = errors.at(`${p}.scope`);
  const scopeFields = scopeChoice?.fields ?? [];
  const actionText = {
    view: t("typeEditor.view"),
    create: t("typeEditor.create"),
    edit: t("typeEditor.edit"),
    delete: t("typeEditor.delete"),
    notes: t("typeEditor.notes"),
    attachments: t("typeEditor.attachments"),
  };
  const blockedHint = (action: keyof typeof actionText) =>
    allowed[action]
      ? undefined
      : tab.scope === "catalog"
        ? t("typeEditor.catalogReadOnly")
        : t("typeEditor.ownRecordOnly");

  return (
    <div className="tab-editor">
      {!tab.enabled && (
        <p className="notice notice-warn">
          {t("typeEditor.tabOff", { module: moduleLabel(module, language) })}
        </p>
      )}

      <Group legend={t("typeEditor.access")}>
        <div className="form-field">
          <label htmlFor={scopeId}>{t("typeEditor.scope")}</label>
          <select
            id={scopeId}
            value={tab.scope}
            disabled={isBase}
            onChange={(event) => {
              onChange(withScope(tab, event.target.value as Scope, choices));
            }}
            {...invalidProps(scopeMessages, `${scopeId}-error`)}
          >
            {scopes.map((scope) => (
              <option key={scope} value={scope}>
                {scopeText(scope)}
              </option>
            ))}
          </select>
          <ErrorText id={`${scopeId}-error`} messages={scopeMessages} />
        </div>
        {!isBase && (tab.scope === "own" || tab.scope === "account") && (
          <FieldSelect
            {...ctx}
            path={`${p}.scopeField`}
            label={
              tab.scope === "own"
                ? t("typeEditor.scopeFieldOwn", { module: baseName })
                : t("typeEditor.scopeFieldAccount")
            }
            value={tab.scopeField}
            fields={scopeFields}
            hidden={new Set()}
            onChange={(scopeField) => {
              onChange({ ...tab, scopeField });
            }}
          />
        )}
      </Group>

      <Group legend={t("typeEditor.layouts")} hint={t("typeEditor.layoutsHint")}>
        <ErrorText id={`${idFor(`${p}.layouts`)}-error`} messages={errors.under(`${p}.layouts`)} />
        <div className="check-grid">
          {module.layouts.map((layout, layoutIndex) => (
            <Check
              key={layout.id}
              {...ctx}
              path={layoutIndex === 0 ? `${p}.layouts` : `${p}.layouts.${layout.id}`}
              showErrors={false}
              label={layout.name}
              checked={tab.layouts.includes(layout.id)}
              onChange={(on) => {
                const chosen = new Set(tab.layouts);
                if (on) chosen.add(layout.id);
                else chosen.delete(layout.id);
                // In the module's order, the default layout first.
                onChange({
                  ...tab,
                  layouts: module.layouts.map((l) => l.id).filter((id) => chosen.has(id)),
                });
              }}
            />
          ))}
        </div>
      </Group>

      <Group legend={t("typeEditor.permissions")} hint={t("typeEditor.permissionsHint")}>
        <div className="check-grid">
          {ACTIONS.map((action) => (
            <Check
              key={action}
              {...ctx}
              path={`${p}.${action}`}
              label={actionText[action]}
              checked={tab[action]}
              disabled={!allowed[action] && !tab[action]}
              hint={blockedHint(action)}
              onChange={(on) => {
                onChange(withAction(tab, action, on));
              }}
            />
          ))}
        </div>
      </Group>

      <Group legend={t("typeEditor.display")}>
        <DisplayKind tab={tab} index={index} onChange={onChange} {...ctx} />
        {tab.display.kind === "list" ? (
          <FieldListChooser
            {...ctx}
            path={`${p}.display.columns`}
            legend={t("typeEditor.columns")}
            itemLabel={(n) => t("typeEditor.column", { n })}
            addLabel={t("typeEditor.addColumn")}
            value={tab.display.columns ?? []}
            fields={shown}
            hidden={hidden}
            max={MAX_COLUMNS}
            onChange={(columns) => {
              onChange({ ...tab, display: { kind: "list", columns } });
            }}
          />
        ) : (
          <>
            <FieldSelect
              {...ctx}
              path={`${p}.display.title`}
              label={t("typeEditor.cardTitle")}
              value={tab.display.title ?? ""}
              fields={shown}
              hidden={hidden}
              onChange={(title) => {
                onChange({ ...tab, display: { ...tab.display, title } });
              }}
            />
            <FieldSelect
              {...ctx}
              path={`${p}.display.subtitle`}
              label={t("typeEditor.cardSubtitle")}
              value={tab.display.subtitle ?? ""}
              fields={shown}
              hidden={hidden}
              optional
              onChange={(subtitle) => {
                onChange({ ...tab, display: { ...tab.display, subtitle } });
              }}
            />
            <FieldListChooser
              {...ctx}
              path={`${p}.display.cardFields`}
              legend={t("typeEditor.cardFields")}
              itemLabel={(n) => t("typeEditor.cardField", { n })}
              addLabel={t("typeEditor.addCardField")}
              value={tab.display.cardFields ?? []}
              fields={shown}
              hidden={hidden}
              max={MAX_CARD_FIELDS}
              onChange={(cardFields) => {
                onChange({ ...tab, display: { ...tab.display, cardFields } });
              }}
            />
          </>
        )}
      </Group>

      <Group
        legend={t("typeEditor.filterable")}
        hint={t("typeEditor.filterableHint")}
        className="wide"
      >
        <ErrorText
          id={`${idFor(`${p}.filterable`)}-error`}
          messages={errors.at(`${p}.filterable`)}
        />
        <div className="check-grid">
          {shown.map((field) => {
            const at = tab.filterable.indexOf(field.apiName);
            return (
              <Check
                key={field.apiName}
                {...ctx}
                path={
                  at >= 0 ? `${p}.filterable[${String(at)}]` : `${p}.filterable.${field.apiName}`
                }
                label={
                  hidden.has(field.apiName)
                    ? t("typeEditor.hiddenField", { field: fieldLabel(field, language) })
                    : fieldLabel(field, language)
                }
                checked={at >= 0}
                onChange={(on) => {
                  const chosen = new Set(tab.filterable);
                  if (on) chosen.add(field.apiName);
                  else chosen.delete(field.apiName);
                  onChange({
                    ...tab,
                    filterable: shown.map((f) => f.apiName).filter((name) => chosen.has(name)),
                  });
                }}
              />
            );
          })}
        </div>
      </Group>

      <FixedCriterion tab={tab} index={index} module={module} onChange={onChange} {...ctx} />

      <Group legend={t("typeEditor.extras")}>
        <div className="check-grid">
          {EXTRAS.map((action) => (
            <Check
              key={action}
              {...ctx}
              path={`${p}.${action}`}
              label={actionText[action]}
              checked={tab[action]}
              disabled={!allowed[action] && !tab[action]}
              hint={blockedHint(action)}
              onChange={(on) => {
                onChange(withAction(tab, action, on));
              }}
            />
          ))}
        </div>
      </Group>

      <PicklistLabels tab={tab} index={index} module={module} onChange={onChange} {...ctx} />
    </div>
  );
}

interface PartProps extends EditorContext {
  tab: Tab;
  index: number;
  onChange: (tab: Tab) => void;
}

function DisplayKind({ tab, index, onChange, errors, idFor }: PartProps) {
  const { t } = useTranslation();
  const path = `tabs[${String(index)}].display.kind`;
  const name = useId();
  const messages = errors.at(path);
  return (
    <fieldset
      className="radio-row"
      aria-describedby={messages.length > 0 ? `${idFor(path)}-error` : undefined}
    >
      <legend className="visually-hidden">{t("typeEditor.displayKind")}</legend>
      {(["list", "canvas"] as const).map((kind) => (
        <label key={kind} className="radio">
          <input
            id={kind === "list" ? idFor(path) : undefined}
            type="radio"
            name={name}
            value={kind}
            checked={tab.display.kind === kind}
            onChange={() => {
              onChange({ ...tab, display: switchDisplay(tab.display, kind) });
            }}
          />{" "}
          {kind === "list" ? t("typeEditor.list") : t("typeEditor.canvas")}
        </label>
      ))}
      <ErrorText id={`${idFor(path)}-error`} messages={messages} />
    </fieldset>
  );
}

const OPS = ["eq", "ne", "in"] as const;

/** Choices of a criterion value, when the field has a fixed set. */
function valueChoices(field: Field, language: string, words: { yes: string; no: string }) {
  if (field.type === "picklist" || field.type === "multipicklist") {
    return (field.options ?? []).map((option) => ({
      value: option.value,
      label: optionLabel(field, option.value, language),
    }));
  }
  if (field.type === "boolean") {
    return [
      { value: "true", label: words.yes },
      { value: "false", label: words.no },
    ];
  }
  return undefined;
}

/** "Only records where…": one field, an operator and values written as records store them. */
function FixedCriterion({
  tab,
  index,
  module,
  onChange,
  errors,
  idFor,
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

/** Customer-facing labels of picklist values: internal value → label per language. */
function PicklistLabels({
  tab,
  index,
  module,
  onChange,
  errors,
  idFor,
}: PartProps & { module: Module }) {
  const { t } = useTranslation();
  const language = useLanguage();
  const fields = picklistFields(module);
  if (fields.length === 0) return null;
  const p = `tabs[${String(index)}].picklistLabels`;
  const labels = tab.picklistLabels ?? {};
  const setLabel = (field: string, value: string, tag: string, text: string) => {
    onChange({ ...tab, picklistLabels: withLabel(labels, field, value, tag, text) });
  };

  return (
    <Group legend={t("typeEditor.labels")} hint={t("typeEditor.labelsHint")} className="wide">
      {fields.map((field) => {
        const name = fieldLabel(field, language);
        const custom = Object.keys(labels[field.apiName] ?? {}).length;
        const fieldErrors = errors.under(`${p}.${field.apiName}`);
        return (
          <details
            key={field.apiName}
            className="labels"
            open={custom > 0 || fieldErrors.length > 0 ? true : undefined}
          >
            <summary>
              {name}
              {custom > 0 && (
                <span className="muted"> {t("typeEditor.labelsCount", { count: custom })}</span>
              )}
            </summary>
            <ErrorText
              id={`${idFor(`${p}.${field.apiName}`)}-error`}
              messages={errors.at(`${p}.${field.apiName}`)}
            />
            <table className="records labels-table">
              <caption className="visually-hidden">
                {t("typeEditor.labelsCaption", { field: name })}
              </caption>
              <thead>
                <tr>
                  <th scope="col">{t("typeEditor.labelsValue")}</th>
                  {LABEL_LANGUAGES.map((tag) => (
                    <th scope="col" key={tag}>
                      {t("typeEditor.labelsIn", { language: t(`language.options.${tag}`) })}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {(field.options ?? []).map((option) => (
                  <tr key={option.value}>
                    <th scope="row">
                      <code>{option.value}</code>
                    </th>
                    {LABEL_LANGUAGES.map((tag) => {
                      const path = `${p}.${field.apiName}.${option.value}.${tag}`;
                      const id = idFor(path);
                      const messages = [
                        ...errors.at(path),
                        ...(tag === LABEL_LANGUAGES[0]
                          ? errors.at(`${p}.${field.apiName}.${option.value}`)
                          : []),
                      ];
                      return (
                        <td key={tag}>
                          <input
                            id={id}
                            type="text"
                            lang={tag}
                            maxLength={200}
                            aria-label={t("typeEditor.labelFor", {
                              value: option.value,
                              language: t(`language.options.${tag}`),
                            })}
                            placeholder={pickLabel(option.labels, tag, option.value)}
                            value={labels[field.apiName]?.[option.value]?.[tag] ?? ""}
                            onChange={(event) => {
                              setLabel(field.apiName, option.value, tag, event.target.value);
                            }}
                            {...invalidProps(messages, `${id}-error`)}
                          />
                          <ErrorText id={`${id}-error`} messages={messages} />
                        </td>
                      );
                    })}
                  </tr>
                ))}
              </tbody>
            </table>
          </details>
        );
      })}
    </Group>
  );
}
