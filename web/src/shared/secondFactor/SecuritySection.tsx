import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useId, useState, type ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { ApiError } from "../api/client";
import { StatusBadge } from "../components/StatusBadge";
import { CodeForm } from "./CodeForm";
import { PasskeysPanel } from "./PasskeysPanel";
import { RecoveryCodes } from "./RecoveryCodes";
import { TotpSetup } from "./TotpSetup";
import type { MfaStatus, Passkey, TotpEnrolment } from "./types";

/** A person's own second factor, as each side's API offers it (portal: /api/me/mfa; staff: /api/admin/me/mfa). */
export interface SelfServiceApi {
  status: (signal?: AbortSignal) => Promise<MfaStatus>;
  start: () => Promise<TotpEnrolment>;
  confirm: (code: string) => Promise<string[]>;
  disable: (password: string, code: string) => Promise<void>;
  regenerate: (password: string, code: string) => Promise<string[]>;
  /** Registers a new passkey named name: the API's options, the browser's dialog, the API's finish. */
  addPasskey: (name: string) => Promise<Passkey>;
  renamePasskey: (id: string, name: string) => Promise<void>;
  removePasskey: (id: string, password: string) => Promise<void>;
}

type View =
  | { name: "status" }
  | { name: "enrolling"; enrolment: TotpEnrolment }
  | { name: "codes"; codes: string[] }
  | { name: "disable" }
  | { name: "regenerate" };

/**
 * "Sign-in security": whether the person's two-step verification is on, what their policy
 * says, how many recovery codes they have left; turning it on (the same QR code, key and
 * first code as at sign-in, then the recovery codes shown once), turning it off and making
 * new recovery codes (each with the password and a current code). Off is not offered while
 * the policy requires a factor; nothing is offered while the policy is off.
 */
export function SecuritySection({
  api,
  queryKey,
  account,
  formatDate,
  renderFailure,
}: {
  api: SelfServiceApi;
  queryKey: readonly unknown[];
  /** Heads the recovery codes' file (the portal or console and the person's email). */
  account: string;
  formatDate: (iso: string) => string;
  renderFailure: (error: unknown) => ReactNode;
}) {
  const { t } = useTranslation();
  const headingId = useId();
  const queryClient = useQueryClient();
  const status = useQuery({ queryKey, queryFn: ({ signal }) => api.status(signal) });
  const [view, setView] = useState<View>({ name: "status" });
  const [done, setDone] = useState<string | undefined>(undefined);
  const [starting, setStarting] = useState(false);
  const [failure, setFailure] = useState<unknown>(undefined);

  const back = (message?: string) => {
    setDone(message);
    setView({ name: "status" });
    void queryClient.invalidateQueries({ queryKey });
  };
  const start = async () => {
    setStarting(true);
    setDone(undefined);
    setFailure(undefined);
    try {
      setView({ name: "enrolling", enrolment: await api.start() });
    } catch (error) {
      setFailure(error);
    } finally {
      setStarting(false);
    }
  };
  const cancel = (
    <button
      type="button"
      onClick={() => {
        back();
      }}
    >
      {t("common.cancel")}
    </button>
  );

  let body: ReactNode;
  if (status.error) {
    body = renderFailure(status.error);
  } else if (!status.data) {
    body = (
      <p role="status" className="muted">
        {t("secondFactor.loading")}
      </p>
    );
  } else if (view.name === "enrolling") {
    body = (
      <TotpSetup
        enrolment={view.enrolment}
        confirmLabel={t("secondFactor.turnOnConfirm")}
        onConfirm={async (code) => {
          const codes = await api.confirm(code);
          setView({ name: "codes", codes });
          void queryClient.invalidateQueries({ queryKey });
        }}
        renderFailure={renderFailure}
      >
        {cancel}
      </TotpSetup>
    );
  } else if (view.name === "codes") {
    body = (
      <RecoveryCodes
        headingLevel={3}
        codes={view.codes}
        title={account}
        continueLabel={t("secondFactor.codesDone")}
        onContinue={() => {
          back(t("secondFactor.codesSaved"));
        }}
      />
    );
  } else if (view.name === "disable" || view.name === "regenerate") {
    const disabling = view.name === "disable";
    body = (
      <>
        <p>{disabling ? t("secondFactor.disableIntro") : t("secondFactor.regenerateIntro")}</p>
        <CodeForm
          withPassword
          allowRecovery={false}
          submitLabel={disabling ? t("secondFactor.turnOff") : t("secondFactor.regenerate")}
          busyLabel={t("secondFactor.verifying")}
          onSubmit={async ({ code, password = "" }) => {
            if (disabling) {
              await api.disable(password, code);
              back(t("secondFactor.turnedOff"));
            } else {
              setView({ name: "codes", codes: await api.regenerate(password, code) });
            }
          }}
          renderFailure={(error) =>
            error instanceof ApiError && error.status === 409 ? (
              <p role="alert" className="notice notice-error">
                {t("secondFactor.requiredCannotOff")}
              </p>
            ) : (
              renderFailure(error)
            )
          }
        >
          {cancel}
        </CodeForm>
      </>
    );
  } else {
    body = (
      <>
        <StatusView
          status={status.data}
          formatDate={formatDate}
          starting={starting}
          onStart={() => void start()}
          onDisable={() => {
            setDone(undefined);
            setView({ name: "disable" });
          }}
          onRegenerate={() => {
            setDone(undefined);
            setView({ name: "regenerate" });
          }}
        />
        {status.data.policy !== "off" && (
          <PasskeysPanel
            api={api}
            passkeys={status.data.passkeys ?? []}
            formatDate={formatDate}
            onChanged={(message) => {
              back(message || undefined);
            }}
            renderFailure={renderFailure}
          />
        )}
      </>
    );
  }

  return (
    <section className="card security-section" aria-labelledby={headingId} data-testid="security-section">
      <h2 id={headingId}>{t("secondFactor.securityHeading")}</h2>
      {done && (
        <p role="status" className="notice notice-good" data-testid="security-done">
          {done}
        </p>
      )}
      {failure !== undefined && renderFailure(failure)}
      {body}
    </section>
  );
}

function StatusView({
  status,
  formatDate,
  starting,
  onStart,
  onDisable,
  onRegenerate,
}: {
  status: MfaStatus;
  formatDate: (iso: string) => string;
  starting: boolean;
  onStart: () => void;
  onDisable: () => void;
  onRegenerate: () => void;
}) {
  const { t } = useTranslation();
  const on = status.totp.enabled;
  return (
    <>
      <dl className="summary">
        <div>
          <dt>{t("secondFactor.methodTotp")}</dt>
          <dd>
            <StatusBadge tone={on ? "good" : status.policy === "required" ? "bad" : "warn"}>
              {on ? t("secondFactor.on") : t("secondFactor.off")}
            </StatusBadge>
            {on && status.totp.enabledAt && (
              <>
                {" "}
                <span className="muted">
                  {t("secondFactor.since", { date: formatDate(status.totp.enabledAt) })}
                </span>
              </>
            )}
          </dd>
        </div>
        {on && (
          <div>
            <dt>{t("secondFactor.codesLeftLabel")}</dt>
            <dd data-testid="recovery-codes-left">{status.recoveryCodesLeft}</dd>
          </div>
        )}
      </dl>
      <p className="field-hint">{t(`secondFactor.policy.${status.policy}`)}</p>
      {on && status.recoveryCodesLeft <= 2 && (
        <p role="status" className="notice notice-warn">
          {t("secondFactor.codesLow", { count: status.recoveryCodesLeft })}
        </p>
      )}
      <p className="form-actions">
        {!on && status.policy !== "off" && (
          <button type="button" className="primary" disabled={starting} onClick={onStart}>
            {starting ? t("secondFactor.starting") : t("secondFactor.turnOn")}
          </button>
        )}
        {on && (
          <button type="button" onClick={onRegenerate}>
            {t("secondFactor.regenerate")}
          </button>
        )}
        {on && status.policy !== "required" && (
          <button type="button" className="danger" onClick={onDisable}>
            {t("secondFactor.turnOff")}
          </button>
        )}
      </p>
    </>
  );
}
