import { useId } from "react";
import { useTranslation } from "react-i18next";
import "./secondFactor.css";
import { saveBlob } from "../api/attachments";
import { recoveryCodesText } from "./codes";
import { CopyButton } from "./CopyButton";

/**
 * The ten recovery codes, shown this once (the API keeps only their hashes): to copy, to
 * download as a text file, and a button that says they are kept. `title` heads the file (the
 * portal or console and the person's email), so a saved file says what it is for.
 */
export function RecoveryCodes({
  codes,
  title,
  continueLabel,
  onContinue,
  headingLevel = 2,
}: {
  /** The heading's level: 2 on a page of its own, 3 inside a section. */
  headingLevel?: 2 | 3;
  codes: readonly string[];
  title: string;
  continueLabel: string;
  onContinue: () => void;
}) {
  const { t } = useTranslation();
  const headingId = useId();
  const text = recoveryCodesText(title, codes);
  const Heading = headingLevel === 2 ? "h2" : "h3";
  return (
    <section className="recovery-codes" aria-labelledby={headingId} data-testid="recovery-codes">
      <Heading id={headingId}>{t("secondFactor.codesHeading")}</Heading>
      <p>{t("secondFactor.codesIntro")}</p>
      <ol className="recovery-code-list">
        {codes.map((code) => (
          <li key={code}>
            <code>{code}</code>
          </li>
        ))}
      </ol>
      <p className="form-actions">
        <CopyButton text={codes.join("\n")} label={t("secondFactor.copyCodes")} />
        <button
          type="button"
          onClick={() => {
            saveBlob(new Blob([text], { type: "text/plain;charset=utf-8" }), "recovery-codes.txt");
          }}
        >
          {t("secondFactor.downloadCodes")}
        </button>
      </p>
      <p className="form-actions">
        <button type="button" className="primary" onClick={onContinue}>
          {continueLabel}
        </button>
      </p>
    </section>
  );
}
