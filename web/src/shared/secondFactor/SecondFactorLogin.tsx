import { useState, type ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { ApiError } from "../api/client";
import { CodeForm } from "./CodeForm";
import { RecoveryCodes } from "./RecoveryCodes";
import { TotpSetup } from "./TotpSetup";
import type { CodeMethod } from "./codes";
import type { SecondFactorChallenge, TotpEnrolment } from "./types";
import { PasskeyCancelled } from "./webauthn";

/** What the second step answers once it has started the session; `recoveryCodes` after an enrolment. */
export interface SignedIn {
  recoveryCodes?: string[] | undefined;
}

/**
 * The sign-in's second step, after the password was accepted with 202: a code from the app
 * (or a recovery code, where the challenge allows it), or, when the policy requires a factor
 * the person has not set up, the enrolment (QR code and key, a first code, then the recovery
 * codes shown once) before the session is theirs. `onSignedIn` gets the answer that started
 * the session; `onRestart` goes back to the password (the pending step lasts five minutes
 * and is used once).
 */
export function SecondFactorLogin<S extends SignedIn>({
  challenge,
  account,
  verify,
  enrol,
  onSignedIn,
  onRestart,
  renderFailure,
  passkeyStep,
}: {
  challenge: SecondFactorChallenge;
  /** Who is signing in where, for the recovery codes' file ("Acme portal: ana@example.com"). */
  account: string;
  verify: (method: CodeMethod, code: string) => Promise<S>;
  enrol: () => Promise<TotpEnrolment>;
  onSignedIn: (session: S) => void | Promise<void>;
  onRestart: () => void;
  renderFailure: (error: unknown) => ReactNode;
  /** The passkey step (options, the browser's dialog, the assertion), offered when the challenge lists it. */
  passkeyStep?: () => Promise<S>;
}) {
  const { t } = useTranslation();
  const [enrolment, setEnrolment] = useState<TotpEnrolment | undefined>(undefined);
  const [starting, setStarting] = useState(false);
  const [startFailure, setStartFailure] = useState<unknown>(undefined);
  const [enrolled, setEnrolled] = useState<S | undefined>(undefined);

  if (enrolled) {
    return (
      <>
        <h1>{t("secondFactor.enrolledHeading")}</h1>
        <div className="card">
          <RecoveryCodes
            codes={enrolled.recoveryCodes ?? []}
            title={account}
            continueLabel={t("secondFactor.codesContinue")}
            onContinue={() => void onSignedIn(enrolled)}
          />
        </div>
      </>
    );
  }

  if (challenge.enrol) {
    const start = async () => {
      setStarting(true);
      setStartFailure(undefined);
      try {
        setEnrolment(await enrol());
      } catch (error) {
        setStartFailure(error);
      } finally {
        setStarting(false);
      }
    };
    return (
      <>
        <h1>{t("secondFactor.enrolHeading")}</h1>
        <p className="lead">{t("secondFactor.enrolRequired")}</p>
        <div className="card" data-testid="second-factor-enrol">
          {enrolment ? (
            <TotpSetup
              enrolment={enrolment}
              confirmLabel={t("secondFactor.confirmAndSignIn")}
              onConfirm={async (code) => {
                const session = await verify("totp", code);
                if (session.recoveryCodes && session.recoveryCodes.length > 0) setEnrolled(session);
                else await onSignedIn(session);
              }}
              onRestart={onRestart}
              renderFailure={renderFailure}
            />
          ) : (
            <>
              {startFailure !== undefined && (
                <RestartOrFailure error={startFailure} onRestart={onRestart} renderFailure={renderFailure} />
              )}
              <p className="form-actions">
                <button type="button" className="primary" disabled={starting} onClick={() => void start()}>
                  {starting ? t("secondFactor.starting") : t("secondFactor.begin")}
                </button>
                <button type="button" className="link-button" onClick={onRestart}>
                  {t("secondFactor.cancelSignIn")}
                </button>
              </p>
            </>
          )}
        </div>
      </>
    );
  }

  const withPasskey = passkeyStep !== undefined && challenge.methods.includes("passkey");
  const withCode = challenge.methods.includes("totp");
  return (
    <>
      <h1>{t("secondFactor.heading")}</h1>
      {withCode && <p className="lead">{t("secondFactor.intro")}</p>}
      {withPasskey && (
        <div className="card" data-testid="second-factor-passkey">
          <PasskeyButton
            label={t("passkeys.usePasskey")}
            primary={!withCode}
            run={passkeyStep}
            onSignedIn={onSignedIn}
            onRestart={onRestart}
            renderFailure={renderFailure}
          />
          {!withCode && (
            <p className="form-actions">
              <button type="button" className="link-button" onClick={onRestart}>
                {t("secondFactor.cancelSignIn")}
              </button>
            </p>
          )}
        </div>
      )}
      {withCode && (
      <div className="card" data-testid="second-factor-code">
        <CodeForm
          autoFocus
          allowRecovery={challenge.methods.includes("recovery")}
          submitLabel={t("secondFactor.verify")}
          busyLabel={t("secondFactor.verifying")}
          onSubmit={async ({ method, code }) => {
            await onSignedIn(await verify(method, code));
          }}
          onRestart={onRestart}
          renderFailure={renderFailure}
        >
          <button type="button" className="link-button" onClick={onRestart}>
            {t("secondFactor.cancelSignIn")}
          </button>
        </CodeForm>
      </div>
      )}
    </>
  );
}

/**
 * A button that runs a passkey ceremony and signs in with its answer: "Use a passkey" in the
 * second step, "Continue with a passkey" on the login pages. A closed dialog says so; a refusal
 * the API answers 401 for is the side's failure (the pending sign-in gone: start over).
 */
export function PasskeyButton<S>({
  label,
  primary,
  run,
  onSignedIn,
  onRestart,
  renderFailure,
}: {
  label: string;
  primary: boolean;
  run: () => Promise<S>;
  onSignedIn: (session: S) => void | Promise<void>;
  onRestart?: () => void;
  renderFailure: (error: unknown) => ReactNode;
}) {
  const { t } = useTranslation();
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<unknown>(undefined);
  const click = async () => {
    setBusy(true);
    setFailure(undefined);
    try {
      await onSignedIn(await run());
    } catch (error) {
      setFailure(error);
    } finally {
      setBusy(false);
    }
  };
  let notice: ReactNode = null;
  if (failure instanceof PasskeyCancelled) {
    notice = (
      <p role="alert" className="notice notice-error" data-testid="passkey-error">
        {t("passkeys.cancelled")}
      </p>
    );
  } else if (failure instanceof ApiError && failure.status === 401 && failure.problem?.errors?.some((e) => e.field === "credential")) {
    notice = (
      <p role="alert" className="notice notice-error" data-testid="passkey-error">
        {t("passkeys.refused")}
      </p>
    );
  } else if (failure !== undefined && onRestart) {
    notice = <RestartOrFailure error={failure} onRestart={onRestart} renderFailure={renderFailure} />;
  } else if (failure !== undefined) {
    notice = renderFailure(failure);
  }
  return (
    <>
      {notice}
      <p className="form-actions">
        <button
          type="button"
          className={primary ? "primary" : undefined}
          disabled={busy}
          onClick={() => void click()}
          data-testid="use-passkey"
        >
          {busy ? t("passkeys.signingIn") : label}
        </button>
      </p>
    </>
  );
}

/** A refused start of an enrolment: the pending sign-in gone (start again), or the side's failure. */
function RestartOrFailure({
  error,
  onRestart,
  renderFailure,
}: {
  error: unknown;
  onRestart: () => void;
  renderFailure: (error: unknown) => ReactNode;
}) {
  const { t } = useTranslation();
  if (error instanceof ApiError && error.status === 401) {
    return (
      <div role="alert" className="notice notice-error" data-testid="second-factor-error">
        <p>{t("secondFactor.expired")}</p>
        <p>
          <button type="button" onClick={onRestart}>
            {t("secondFactor.startOver")}
          </button>
        </p>
      </div>
    );
  }
  return renderFailure(error);
}
