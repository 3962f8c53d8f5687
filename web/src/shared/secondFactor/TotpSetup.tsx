import { useState, type ReactNode } from "react";
import { useTranslation } from "react-i18next";
import "./secondFactor.css";
import { CodeForm } from "./CodeForm";
import { groupSecret } from "./codes";
import { CopyButton } from "./CopyButton";
import type { TotpEnrolment } from "./types";

/**
 * Adding an authenticator app: its QR code (the server's SVG, shown as an image so nothing in
 * it runs), the same secret as text to type or copy and as an otpauth:// link (phones open
 * it in their app), then the first code the app shows, which `onConfirm` sends.
 */
export function TotpSetup({
  enrolment,
  confirmLabel,
  onConfirm,
  onRestart,
  renderFailure,
  children,
}: {
  enrolment: TotpEnrolment;
  confirmLabel: string;
  onConfirm: (code: string) => Promise<void>;
  onRestart?: (() => void) | undefined;
  renderFailure: (error: unknown) => ReactNode;
  /** Controls after the confirm button (a Cancel). */
  children?: ReactNode;
}) {
  const { t } = useTranslation();
  const [qrSrc] = useState(() =>
    enrolment.qrSvg ? `data:image/svg+xml;charset=utf-8,${encodeURIComponent(enrolment.qrSvg)}` : undefined,
  );
  return (
    <div className="totp-setup" data-testid="totp-setup">
      <ol className="totp-steps">
        <li>
          <p>{t("secondFactor.scanStep")}</p>
          {qrSrc && (
            <img className="totp-qr" src={qrSrc} width={200} height={200} alt={t("secondFactor.qrAlt")} />
          )}
          <p>{t("secondFactor.secretStep")}</p>
          <p className="totp-secret">
            <code data-testid="totp-secret" aria-label={t("secondFactor.secretLabel")}>
              {groupSecret(enrolment.secret)}
            </code>{" "}
            <CopyButton text={enrolment.secret} label={t("secondFactor.copySecret")} />
          </p>
          <p>
            <a href={enrolment.otpauthUri}>{t("secondFactor.openApp")}</a>
          </p>
        </li>
        <li>
          <p>{t("secondFactor.confirmStep")}</p>
          <CodeForm
            submitLabel={confirmLabel}
            busyLabel={t("secondFactor.verifying")}
            onSubmit={({ code }) => onConfirm(code)}
            onRestart={onRestart}
            renderFailure={renderFailure}
          >
            {children}
          </CodeForm>
        </li>
      </ol>
    </div>
  );
}
