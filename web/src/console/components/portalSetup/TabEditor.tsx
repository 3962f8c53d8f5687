import { useTranslation } from "react-i18next";
import type { Module, Perm, Tab } from "../../../shared/api/client";
import { useLanguage } from "../../session";
import { invalidProps } from "../../../shared/lib/aria";
import { fieldLabel, moduleLabel, moduleSingularLabel } from "../../../shared/lib/labels";
import {
  allowedActions,
  displayableFields,
  effectivePerm,
  scopeChoices,
  withAction,
  withScope,
  type Scope,
} from "../../lib/portalConfig";
import { FieldListChooser, FieldSelect, type EditorContext } from "./FieldListChooser";
import { ErrorText } from "./PortalBits";
import { MAX_CARD_FIELDS, MAX_COLUMNS } from "../../../shared/limits.gen";
import { Check, DisplayKind, Group } from "./TabEditorParts";
import { FixedCriterion } from "./FixedCriterion";
import { PicklistLabels } from "./PicklistLabels";
import { TabNotifyFields } from "../NotifySettings";
import "./portalSetup.css";

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
  fixes,
}: TabEditorProps) {
  const { t } = useTranslation();
  const language = useLanguage();
  const p = `tabs[${String(index)}]`;
  const ctx = { errors, idFor, fixes };
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
          {tab.module === "Quotes" && (
            <Check
              {...ctx}
              path={`${p}.decide`}
              label={t("typeEditor.decide")}
              checked={tab.decide ?? false}
              hint={t("typeEditor.decideHint")}
              onChange={(on) => {
                onChange({ ...tab, decide: on });
              }}
            />
          )}
        </div>
      </Group>

      <PicklistLabels tab={tab} index={index} module={module} onChange={onChange} {...ctx} />

      <TabNotifyFields
        tab={tab}
        module={module}
        messages={errors.under(`${p}.notifyFields`)}
        onChange={onChange}
      />
    </div>
  );
}

