import { useId, useRef, useState, type ReactNode, type SyntheticEvent } from "react";
import { useTranslation } from "react-i18next";
import "./secondFactor.css";
import { ApiError } from "../api/client";
import { useRetryText } from "../lib/retry";
import { codeShapeOk, normalizeCode, RECOVERY_LENGTH, TOTP_DIGITS, type CodeMethod } from "./codes";
import { codeRefusal } from "./failure";

export interface CodeValues {
  method: CodeMethod;
  code: string;
  /** Only when the form asks for it (withPassword). */
  password?: string;
}

/**
 * A form for a second-factor code: an authenticator app's six digits, or, where allowed, one
 * of the person's recovery codes (a switch between the two), and on request the password too.
 * A code of the wrong shape is refused here; the rest is the API's to judge: `onSubmit`
 * throws its refusal, which the form shows by the field it names (a wrong code empties the
 * field and focuses it again), as a wait (429), or as a sign-in to start again (`onRestart`).
 */
export function CodeForm({
  allowRecovery = false,
  withPassword = false,
  submitLabel,
  busyLabel,
  onSubmit,
  onRestart,
  renderFailure,
  autoFocus = false,
  children,
}: {
  /** Focus the code field when the form appears (the sign-in's step, which replaces the password form). */
  autoFocus?: boolean;
  allowRecovery?: boolean;
  withPassword?: boolean;
  submitLabel: string;
  busyLabel: string;
  onSubmit: (values: CodeValues) => Promise<void>;
  /** Where a sign-in whose pending step has gone starts again; without it such a refusal is a failure. */
  onRestart?: (() => void) | undefined;
  /** Shows a refusal that is not about the fields, in the side's own notice. */
  renderFailure: (error: unknown) => ReactNode;
  /** Controls after the submit button (a Cancel). */
  children?: ReactNode;
}) {
  const { t } = useTranslation();
  const retryText = useRetryText();
  const id = useId();
  const codeRef = useRef<HTMLInputElement>(null);
  const passwordRef = useRef<HTMLInputElement>(null);
  const [method, setMethod] = useState<CodeMethod>("totp");
  const [code, setCode] = useState("");
  const [password, setPassword] = useState("");
  const [codeError, setCodeError] = useState<string | undefined>(undefined);
  const [passwordError, setPasswordError] = useState<string | undefined>(undefined);
  const [notice, setNotice] = useState<ReactNode>(undefined);
  const [busy, setBusy] = useState(false);

  const switchMethod = () => {
    setMethod((old) => (old === "totp" ? "recovery" : "totp"));
    setCode("");
    setCodeError(undefined);
    setNotice(undefined);
    codeRef.current?.focus();
  };

  const submit = async (event: SyntheticEvent) => {
    event.preventDefault();
    setNotice(undefined);
    const sent = normalizeCode(method, code);
    const shapeError = codeShapeOk(method, sent)
      ? undefined
      : method === "totp"
        ? t("secondFactor.codeShape", { count: TOTP_DIGITS })
        : t("secondFactor.recoveryShape", { count: RECOVERY_LENGTH });
    const missingPassword = withPassword && password === "" ? t("validation.required") : undefined;
    setCodeError(shapeError);
    setPasswordError(missingPassword);
    if (missingPassword) {
      passwordRef.current?.focus();
      return;
    }
    if (shapeError) {
      codeRef.current?.focus();
      return;
    }
    setBusy(true);
    try {
      await onSubmit(withPassword ? { method, code: sent, password } : { method, code: sent });
    } catch (error) {
      const refusal = codeRefusal(error);
      if (refusal === "code") {
        setCode("");
        setCodeError(method === "totp" ? t("secondFactor.codeWrong") : t("secondFactor.recoveryWrong"));
        codeRef.current?.focus();
      } else if (refusal === "password") {
        setPassword("");
        setPasswordError(t("secondFactor.passwordWrong"));
        passwordRef.current?.focus();
      } else if (refusal === "throttled") {
        const seconds = error instanceof ApiError ? error.retryAfter : undefined;
        setNotice(
          <p role="alert" className="notice notice-error" data-testid="second-factor-error">
            {retryText(seconds)}
          </p>,
        );
      } else if (refusal === "restart" && onRestart) {
        setNotice(
          <div role="alert" className="notice notice-error" data-testid="second-factor-error">
            <p>{t("secondFactor.expired")}</p>
            <p>
              <button type="button" onClick={onRestart}>
                {t("secondFactor.startOver")}
              </button>
            </p>
          </div>,
        );
      } else {
        setNotice(renderFailure(error));
      }
    } finally {
      setBusy(false);
    }
  };

  const codeId = `${id}-code`;
  const passwordId = `${id}-password`;
  const totp = method === "totp";
  return (
    <form className="form second-factor-form" onSubmit={(event) => void submit(event)} noValidate>
      {notice}
      {withPassword && (
        <div className="form-field">
          <label htmlFor={passwordId}>{t("secondFactor.password")}</label>
          <input
            ref={passwordRef}
            id={passwordId}
            type="password"
            autoComplete="current-password"
            value={password}
            onChange={(event) => {
              setPassword(event.target.value);
            }}
            aria-invalid={passwordError ? true : undefined}
            aria-describedby={passwordError ? `${passwordId}-error` : undefined}
          />
          {passwordError && (
            <p id={`${passwordId}-error`} className="field-error">
              {passwordError}
            </p>
          )}
        </div>
      )}
      <div className="form-field">
        <label htmlFor={codeId}>
          {totp ? t("secondFactor.codeLabel") : t("secondFactor.recoveryLabel")}
        </label>
        <input
          ref={codeRef}
          id={codeId}
          // The app's code is digits only: a numeric keyboard on phones, and the one-time-code
          // hint lets the browser or password manager fill it. A recovery code is typed.
          className="code-input"
          autoFocus={autoFocus}
          type="text"
          inputMode={totp ? "numeric" : "text"}
          autoComplete={totp ? "one-time-code" : "off"}
          autoCapitalize="off"
          spellCheck={false}
          maxLength={totp ? TOTP_DIGITS + 2 : RECOVERY_LENGTH + 3}
          value={code}
          onChange={(event) => {
            setCode(event.target.value);
          }}
          aria-invalid={codeError ? true : undefined}
          aria-describedby={`${codeId}-hint${codeError ? ` ${codeId}-error` : ""}`}
        />
        <p id={`${codeId}-hint`} className="field-hint">
          {totp ? t("secondFactor.codeHint") : t("secondFactor.recoveryHint")}
        </p>
        {codeError && (
          <p id={`${codeId}-error`} className="field-error" data-testid="code-error">
            {codeError}
          </p>
        )}
      </div>
      <div className="form-actions">
        <button type="submit" className="primary" disabled={busy}>
          {busy ? busyLabel : submitLabel}
        </button>
        {allowRecovery && (
          <button type="button" className="link-button" onClick={switchMethod} disabled={busy}>
            {totp ? t("secondFactor.useRecovery") : t("secondFactor.useApp")}
          </button>
        )}
        {children}
      </div>
    </form>
  );
}
