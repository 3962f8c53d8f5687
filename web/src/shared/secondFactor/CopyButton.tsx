import { useState } from "react";
import { useTranslation } from "react-i18next";

/**
 * Copies `text` to the clipboard and says so next to the button (a live status); where the
 * browser refuses (no clipboard outside a secure page), it says to copy by hand.
 */
export function CopyButton({ text, label }: { text: string; label: string }) {
  const { t } = useTranslation();
  const [result, setResult] = useState<"copied" | "failed" | undefined>(undefined);
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(text);
      setResult("copied");
    } catch {
      setResult("failed");
    }
  };
  return (
    <>
      <button type="button" onClick={() => void copy()}>
        {label}
      </button>{" "}
      <span role="status" className="muted">
        {result === "copied" && t("secondFactor.copied")}
        {result === "failed" && t("secondFactor.copyFailed")}
      </span>
    </>
  );
}
