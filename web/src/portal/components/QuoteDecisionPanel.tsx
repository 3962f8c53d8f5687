import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useId, useState } from "react";
import { useTranslation } from "react-i18next";
import { ApiError, type MyRecord, type MyTab } from "../../shared/api/client";
import { Dialog } from "../../shared/components/Dialog";
import { formatCurrency, formatDateTime, type FormatContext } from "../../shared/lib/format";
import { customerKeys, decideMyQuote } from "../api/customer";
import { PortalFailure } from "../pages/PortalFailure";
import { PortalConflict } from "./PortalConflict";

/** The longest signer's name the server keeps. */
const MAX_SIGNER = 200;

/**
 * A quote's decision on its page: the signature (or the decline) when it has
 * one; else, when the tab lets the user decide, Accept (a dialog asking for
 * the signer's full name and "I agree") and Decline (an optional reason).
 * The server decides whether the quote still awaits the user: a refusal
 * (expired, decided, changed) is shown in the dialog.
 */
export function QuoteDecisionPanel({
  tab,
  record,
  language,
  ctx,
  readOnly,
}: {
  tab: MyTab;
  record: MyRecord;
  language: string;
  ctx: FormatContext;
  readOnly: boolean;
}) {
  const { t } = useTranslation();
  const [open, setOpen] = useState<"accept" | "decline" | undefined>();
  const decision = record.decision;
  if (decision) {
    return (
      <section className="card" data-testid="quote-decision" aria-labelledby="quote-decision-heading">
        <h2 id="quote-decision-heading">
          {decision.decision === "accept" ? t("quoteDecision.accepted") : t("quoteDecision.declined")}
        </h2>
        <p>
          {decision.decision === "accept"
            ? t("quoteDecision.signedBy", {
                name: decision.signerName ?? "",
                when: formatDateTime(decision.at, ctx),
              })
            : t("quoteDecision.declinedBy", { name: decision.by, when: formatDateTime(decision.at, ctx) })}
        </p>
        <p className="muted">
          {t("quoteDecision.terms", {
            version: decision.quoteVersion,
            total: decision.grandTotal ? formatCurrency(decision.grandTotal, ctx) : "—",
          })}
        </p>
        {decision.reason && <p>{t("quoteDecision.reasonShown", { reason: decision.reason })}</p>}
      </section>
    );
  }
  if (readOnly || !tab.permissions.decide) return null;
  return (
    <section className="card" data-testid="quote-decide" aria-labelledby="quote-decide-heading">
      <h2 id="quote-decide-heading">{t("quoteDecision.heading")}</h2>
      <p>{t("quoteDecision.intro")}</p>
      <p className="form-actions">
        <button type="button" className="primary" onClick={() => { setOpen("accept"); }}>
          {t("quoteDecision.accept")}
        </button>
        <button type="button" onClick={() => { setOpen("decline"); }}>
          {t("quoteDecision.decline")}
        </button>
      </p>
      {open && (
        <DecisionDialog
          kind={open}
          record={record}
          language={language}
          onClose={() => {
            setOpen(undefined);
          }}
        />
      )}
    </section>
  );
}

function DecisionDialog({
  kind,
  record,
  language,
  onClose,
}: {
  kind: "accept" | "decline";
  record: MyRecord;
  language: string;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const id = useId();
  const queryClient = useQueryClient();
  const [name, setName] = useState("");
  const [agree, setAgree] = useState(false);
  const [reason, setReason] = useState("");
  const [problem, setProblem] = useState<{ name?: string; agree?: string }>({});
  const decide = useMutation({
    mutationFn: () =>
      decideMyQuote(
        record.id,
        record.version,
        kind === "accept"
          ? { decision: "accept", signerName: name.trim(), agree: true }
          : { decision: "decline", ...(reason.trim() ? { reason: reason.trim() } : {}) },
        language,
      ),
    onSuccess: async (next) => {
      queryClient.setQueryData(customerKeys.record("Quotes", record.id, language), next);
      await queryClient.invalidateQueries({ queryKey: customerKeys.moduleRecords("Quotes") });
      onClose();
    },
  });
  const reload = async () => {
    await queryClient.invalidateQueries({ queryKey: customerKeys.oneRecord("Quotes", record.id) });
    onClose();
  };
  const error = decide.error;
  const status = error instanceof ApiError ? error.status : 0;
  return (
    <Dialog title={kind === "accept" ? t("quoteDecision.acceptTitle") : t("quoteDecision.declineTitle")} onClose={onClose}>
      <form
        noValidate
        onSubmit={(event) => {
          event.preventDefault();
          if (kind === "accept") {
            const next: { name?: string; agree?: string } = {};
            if (name.trim() === "") next.name = t("quoteDecision.nameRequired");
            else if (name.trim().length > MAX_SIGNER) next.name = t("quoteDecision.nameTooLong");
            if (!agree) next.agree = t("quoteDecision.agreeRequired");
            setProblem(next);
            if (next.name || next.agree) return;
          }
          decide.mutate();
        }}
      >
        {kind === "accept" ? (
          <>
            <div className="form-field">
              <label htmlFor={`${id}-name`}>{t("quoteDecision.signerName")}</label>
              <input
                id={`${id}-name`}
                autoComplete="name"
                value={name}
                maxLength={MAX_SIGNER + 50}
                aria-invalid={problem.name ? true : undefined}
                aria-describedby={problem.name ? `${id}-name-error` : undefined}
                onChange={(event) => {
                  setName(event.target.value);
                }}
              />
              {problem.name && (
                <p id={`${id}-name-error`} className="field-error">
                  {problem.name}
                </p>
              )}
            </div>
            <div className="form-field form-field-check">
              <input
                id={`${id}-agree`}
                type="checkbox"
                checked={agree}
                aria-invalid={problem.agree ? true : undefined}
                aria-describedby={problem.agree ? `${id}-agree-error` : undefined}
                onChange={(event) => {
                  setAgree(event.target.checked);
                }}
              />
              <label htmlFor={`${id}-agree`}>{t("quoteDecision.agree")}</label>
              {problem.agree && (
                <p id={`${id}-agree-error`} className="field-error">
                  {problem.agree}
                </p>
              )}
            </div>
          </>
        ) : (
          <div className="form-field">
            <label htmlFor={`${id}-reason`}>{t("quoteDecision.reason")}</label>
            <textarea
              id={`${id}-reason`}
              rows={3}
              maxLength={2000}
              value={reason}
              onChange={(event) => {
                setReason(event.target.value);
              }}
            />
          </div>
        )}
        {status === 412 ? (
          <PortalConflict message={t("quoteDecision.changed")} onReload={() => void reload()} />
        ) : status === 409 ? (
          <p role="alert" className="notice notice-error">
            {t("quoteDecision.notAwaiting")}
          </p>
        ) : status === 422 && error instanceof ApiError && (error.problem?.errors ?? []).some((f) => f.field === "Valid_Till") ? (
          <p role="alert" className="notice notice-error">
            {t("quoteDecision.expired")}
          </p>
        ) : (
          error && <PortalFailure error={error} />
        )}
        <p className="form-actions">
          <button type="submit" className={kind === "accept" ? "primary" : "danger"} disabled={decide.isPending}>
            {decide.isPending
              ? t("quoteDecision.sending")
              : kind === "accept"
                ? t("quoteDecision.confirmAccept")
                : t("quoteDecision.confirmDecline")}
          </button>
          <button type="button" onClick={onClose}>
            {t("common.cancel")}
          </button>
        </p>
      </form>
    </Dialog>
  );
}
