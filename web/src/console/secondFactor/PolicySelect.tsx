import { useId } from "react";
import { useTranslation } from "react-i18next";
import { MFA_POLICIES, type MfaPolicy } from "../../shared/secondFactor/types";

/** A field's error lines, as the console's forms show them. */
function Errors({ id, messages }: { id: string; messages: readonly string[] }) {
  if (messages.length === 0) return null;
  return (
    <p id={id} className="field-error">
      {messages.join(" ")}
    </p>
  );
}

/** The user type editor's "Two-step verification": off, optional or required for the type's users. */
export function UserTypeMfaPolicy({
  value,
  messages,
  onChange,
}: {
  value: MfaPolicy;
  messages: readonly string[];
  onChange: (policy: MfaPolicy) => void;
}) {
  const { t } = useTranslation();
  const id = useId();
  return (
    <div className="form-field">
      <label htmlFor={id}>{t("secondFactor.policyLabel")}</label>
      <select
        id={id}
        value={value}
        aria-invalid={messages.length > 0 ? true : undefined}
        aria-describedby={messages.length > 0 ? `${id}-hint ${id}-error` : `${id}-hint`}
        onChange={(event) => {
          onChange(event.target.value as MfaPolicy);
        }}
      >
        {MFA_POLICIES.map((policy) => (
          <option key={policy} value={policy}>
            {t(`secondFactor.policies.${policy}`)}
          </option>
        ))}
      </select>
      <p id={`${id}-hint`} className="field-hint">
        {t("secondFactor.policyHint")}
      </p>
      <Errors id={`${id}-error`} messages={messages} />
    </div>
  );
}
