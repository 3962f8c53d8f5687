import { useId, type ReactNode } from "react";
import { useTranslation } from "react-i18next";
import type { Tab } from "../../../shared/api/client";
import { invalidProps } from "../../../shared/lib/aria";
import { switchDisplay } from "../../lib/portalConfig";
import type { EditorContext } from "./FieldListChooser";
import { ErrorText } from "./PortalBits";
import "./portalSetup.css";

export interface CheckProps extends EditorContext {
  path: string;
  label: string;
  checked: boolean;
  disabled?: boolean;
  hint?: string | undefined;
  /** False when the enclosing group shows the errors (a list of layouts). */
  showErrors?: boolean;
  onChange: (checked: boolean) => void;
}

export function Check({
  path,
  label,
  checked,
  disabled,
  hint,
  showErrors = true,
  onChange,
  errors,
  idFor,
  fixes,
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
      {showErrors && fixes(path)}
    </div>
  );
}

export function Group({
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

export interface PartProps extends EditorContext {
  tab: Tab;
  index: number;
  onChange: (tab: Tab) => void;
}

export function DisplayKind({ tab, index, onChange, errors, idFor }: PartProps) {
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
