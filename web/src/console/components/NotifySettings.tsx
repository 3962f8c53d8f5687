import { useId } from "react";
import { useTranslation } from "react-i18next";
import type { Module, Tab } from "../../shared/api/client";
import { fieldLabel } from "../../shared/lib/labels";
import {
  CUSTOMER_KINDS,
  KIND_KEYS,
  layoutFieldNames,
  toggleKind,
  type CustomerNotifyKind,
} from "../../shared/lib/notifySettings";
import { useLanguage } from "../session";
import { ErrorText } from "./portalSetup/PortalBits";
import "./portalSetup/portalSetup.css";

/** The locale key naming a customer kind in the user type editor. */
function typeKindLabelKey(kind: CustomerNotifyKind) {
  return `notifyTypes.kinds.${KIND_KEYS[kind]}` as const;
}

/** The user type editor's "Notifications": which customer kinds the type's users get. */
export function UserTypeNotify({
  value,
  messages,
  onChange,
}: {
  value: readonly CustomerNotifyKind[];
  messages: string[];
  onChange: (notify: CustomerNotifyKind[]) => void;
}) {
  const { t } = useTranslation();
  const id = useId();
  return (
    <fieldset className="tab-group notify-kinds" aria-describedby={`${id}-hint`} data-testid="type-notify">
      <legend>{t("notifyTypes.userTypeLegend")}</legend>
      <p id={`${id}-hint`} className="field-hint">
        {t("notifyTypes.userTypeHint")}
      </p>
      <ErrorText id={`${id}-error`} messages={messages} />
      <div className="check-grid">
        {CUSTOMER_KINDS.map((kind) => (
          <div key={kind} className="form-field form-field-check">
            <input
              id={`${id}-${kind}`}
              type="checkbox"
              checked={value.includes(kind)}
              onChange={(event) => {
                onChange(toggleKind(CUSTOMER_KINDS, value, kind, event.target.checked));
              }}
            />
            <label htmlFor={`${id}-${kind}`}>{t(typeKindLabelKey(kind))}</label>
          </div>
        ))}
      </div>
    </fieldset>
  );
}

/**
 * The tab editor's notifying fields: the fields its layouts show, each a
 * checkbox; a change of a checked one by staff notifies the tab's customers.
 */
export function TabNotifyFields({
  tab,
  module,
  messages,
  onChange,
}: {
  tab: Tab;
  module: Module;
  messages: string[];
  onChange: (tab: Tab) => void;
}) {
  const { t } = useTranslation();
  const language = useLanguage();
  const id = useId();
  const chosen = tab.notifyFields ?? [];
  if (tab.scope === "catalog") {
    return (
      <fieldset className="tab-group wide notify-fields">
        <legend>{t("notifyTypes.tabLegend")}</legend>
        <p className="field-hint">{t("notifyTypes.tabCatalog")}</p>
      </fieldset>
    );
  }
  const names = layoutFieldNames(module, tab.layouts);
  const byName = new Map(module.fields.map((field) => [field.apiName, field]));
  return (
    <fieldset className="tab-group wide notify-fields" aria-describedby={`${id}-hint`} data-testid="tab-notify-fields">
      <legend>{t("notifyTypes.tabLegend")}</legend>
      <p id={`${id}-hint`} className="field-hint">
        {t("notifyTypes.tabHint")}
      </p>
      <ErrorText id={`${id}-error`} messages={messages} />
      <div className="check-grid">
        {names.map((name) => {
          const field = byName.get(name);
          return (
            <div key={name} className="form-field form-field-check">
              <input
                id={`${id}-${name}`}
                type="checkbox"
                checked={chosen.includes(name)}
                onChange={(event) => {
                  const next = toggleKind(names, chosen, name, event.target.checked);
                  const rest = { ...tab };
                  delete rest.notifyFields;
                  onChange(next.length > 0 ? { ...rest, notifyFields: next } : rest);
                }}
              />
              <label htmlFor={`${id}-${name}`}>{field ? fieldLabel(field, language) : name}</label>
            </div>
          );
        })}
      </div>
    </fieldset>
  );
}
