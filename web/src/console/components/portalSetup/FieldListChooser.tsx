import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";
import type { Field } from "../../../shared/api/client";
import { useLanguage } from "../../session";
import { invalidProps } from "../../../shared/lib/aria";
import { fieldLabel } from "../../../shared/lib/labels";
import type { ErrorIndex } from "../../lib/portalConfig";
import { ErrorText } from "./PortalBits";
import "./portalSetup.css";

export interface EditorContext {
  errors: ErrorIndex;
  /** The id of the control of an API path (`tabs[0].display.columns[1]`). */
  idFor: (path: string) => string;
  /** The one-click fixes of the issues at an API path, shown next to its control (or nothing). */
  fixes: (path: string) => ReactNode;
}

interface FieldSelectProps extends EditorContext {
  path: string;
  label: string;
  value: string;
  fields: Field[];
  hidden: ReadonlySet<string>;
  onChange: (value: string) => void;
  /** Offer "none" (an empty value). */
  optional?: boolean;
}

/** A select of a module's fields; hidden ones say so. */
export function FieldSelect({
  path,
  label,
  value,
  fields,
  hidden,
  onChange,
  optional,
  errors,
  idFor,
  fixes,
}: FieldSelectProps) {
  const { t } = useTranslation();
  const language = useLanguage();
  const id = idFor(path);
  const messages = errors.under(path);
  const known = value === "" || fields.some((field) => field.apiName === value);
  return (
    <div className="form-field">
      <label htmlFor={id}>{label}</label>
      <select
        id={id}
        value={value}
        onChange={(event) => {
          onChange(event.target.value);
        }}
        {...invalidProps(messages, `${id}-error`)}
      >
        <option value="">
          {optional ? t("recordForm.selectNone") : t("typeEditor.chooseField")}
        </option>
        {!known && <option value={value}>{value}</option>}
        {fields.map((field) => (
          <option key={field.apiName} value={field.apiName}>
            {hidden.has(field.apiName)
              ? t("typeEditor.hiddenField", { field: fieldLabel(field, language) })
              : fieldLabel(field, language)}
          </option>
        ))}
      </select>
      <ErrorText id={`${id}-error`} messages={messages} />
      {fixes(path)}
    </div>
  );
}

interface FieldListChooserProps extends EditorContext {
  /** API path of the list, e.g. `tabs[0].display.columns`. */
  path: string;
  legend: string;
  /** The label of the n-th item (1-based), e.g. "Column 2". */
  itemLabel: (n: number) => string;
  addLabel: string;
  value: string[];
  fields: Field[];
  hidden: ReadonlySet<string>;
  max: number;
  onChange: (value: string[]) => void;
}

/** An ordered list of fields (list columns, card fields): one select each, move and remove. */
export function FieldListChooser({
  path,
  legend,
  itemLabel,
  addLabel,
  value,
  fields,
  hidden,
  max,
  onChange,
  errors,
  idFor,
  fixes,
}: FieldListChooserProps) {
  const { t } = useTranslation();
  const listId = idFor(path);
  const listMessages = errors.at(path);
  const move = (from: number, to: number) => {
    const next = [...value];
    const [item] = next.splice(from, 1);
    if (item === undefined) return;
    next.splice(to, 0, item);
    onChange(next);
  };
  const next = () => {
    const used = new Set(value);
    return (
      fields.find((field) => !used.has(field.apiName) && !hidden.has(field.apiName))?.apiName ?? ""
    );
  };

  return (
    <fieldset
      className="chooser"
      aria-describedby={listMessages.length > 0 ? `${listId}-error` : undefined}
    >
      <legend>{legend}</legend>
      <ErrorText id={`${listId}-error`} messages={listMessages} />
      <ol className="chooser-list">
        {value.map((name, index) => {
          const itemPath = `${path}[${String(index)}]`;
          const label = itemLabel(index + 1);
          return (
            // The position is the item's identity: the same field may be chosen twice by mistake.
            <li key={index} className="chooser-item">
              <FieldSelect
                path={itemPath}
                label={label}
                value={name}
                fields={fields}
                hidden={hidden}
                errors={errors}
                idFor={idFor}
                fixes={fixes}
                onChange={(field) => {
                  onChange(value.map((old, at) => (at === index ? field : old)));
                }}
              />
              <span className="chooser-actions">
                <button
                  type="button"
                  aria-label={t("typeEditor.moveUp", { item: label })}
                  title={t("typeEditor.moveUp", { item: label })}
                  disabled={index === 0}
                  onClick={() => {
                    move(index, index - 1);
                  }}
                >
                  ↑
                </button>
                <button
                  type="button"
                  aria-label={t("typeEditor.moveDown", { item: label })}
                  title={t("typeEditor.moveDown", { item: label })}
                  disabled={index === value.length - 1}
                  onClick={() => {
                    move(index, index + 1);
                  }}
                >
                  ↓
                </button>
                <button
                  type="button"
                  aria-label={t("typeEditor.remove", { item: label })}
                  title={t("typeEditor.remove", { item: label })}
                  onClick={() => {
                    onChange(value.filter((_, at) => at !== index));
                  }}
                >
                  ×
                </button>
              </span>
            </li>
          );
        })}
      </ol>
      <p className="chooser-footer">
        <button
          id={listId}
          type="button"
          disabled={value.length >= max}
          onClick={() => {
            onChange([...value, next()]);
          }}
        >
          {addLabel}
        </button>{" "}
        <span className="field-hint">
          {t("typeEditor.upTo", { count: max, used: value.length })}
        </span>
      </p>
    </fieldset>
  );
}
