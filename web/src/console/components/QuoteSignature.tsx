import { useTranslation } from "react-i18next";
import type { CrmRecord } from "../../shared/api/client";
import { formatCurrency, formatDateTime, type FormatContext } from "../../shared/lib/format";

/**
 * The customer's decision on a quote, as staff see it: who signed (the name
 * typed and the portal user), when, from which address, on which version and
 * total; nothing when the quote has no decision.
 */
export function QuoteSignature({ record, format }: { record: CrmRecord; format: FormatContext }) {
  const { t } = useTranslation();
  const decision = record.decision;
  if (!decision) return null;
  const when = formatDateTime(decision.at, format);
  const ip = decision.ip ?? "—";
  return (
    <section className="card" data-testid="quote-signature" aria-labelledby="quote-signature-heading">
      <h2 id="quote-signature-heading">
        {decision.decision === "accept" ? t("quoteDecision.accepted") : t("quoteDecision.declined")}
      </h2>
      <p>
        {decision.decision === "accept"
          ? t("quoteDecision.consoleSigned", { name: decision.signerName ?? "", user: decision.by.name, when, ip })
          : t("quoteDecision.consoleDeclined", { user: decision.by.name, when, ip })}
      </p>
      <p className="muted">
        {t("quoteDecision.terms", {
          version: decision.quoteVersion,
          total: decision.grandTotal ? formatCurrency(decision.grandTotal, format) : "—",
        })}
      </p>
      {decision.reason && <p>{t("quoteDecision.reasonShown", { reason: decision.reason })}</p>}
    </section>
  );
}
