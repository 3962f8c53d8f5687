import { useTranslation } from "react-i18next";
import type { Module } from "../../../shared/api/client";
import { useLanguage } from "../../session";
import { invalidProps } from "../../../shared/lib/aria";
import { fieldLabel, pickLabel } from "../../../shared/lib/labels";
import { LABEL_LANGUAGES, picklistFields, withLabel } from "../../lib/portalConfig";
import { ErrorText } from "./PortalBits";
import { Group, type PartProps } from "./TabEditorParts";
import { MAX_LABEL_LENGTH } from "../../../shared/limits.gen";
import "./portalSetup.css";

/** Customer-facing labels of picklist values: internal value → label per language. */
export function PicklistLabels({
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
            {/* On a phone the table scrolls inside its box, not the page sideways. */}
            <div className="table-scroll">
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
                              maxLength={MAX_LABEL_LENGTH}
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
            </div>
          </details>
        );
      })}
    </Group>
  );
}
