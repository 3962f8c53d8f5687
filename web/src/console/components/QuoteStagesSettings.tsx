import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useId, useState } from "react";
import { useTranslation } from "react-i18next";
import type { Org } from "../../shared/api/client";
import { useLanguage } from "../../shared/lib/language";
import { optionLabel } from "../../shared/lib/labels";
import { adminKeys, updateOrg, useModule } from "../api/admin";
import { ProblemNotice } from "./ProblemNotice";

/** The stages of an organization that has not chosen any (quotes.DefaultStages). */
const DEFAULT_STAGES = { accepted: "Closed Won", declined: "Closed Lost", awaiting: ["Negotiation", "Delivered"] };

/**
 * Settings' "Quote decisions": the organization's quoteStages (admins change it): the
 * Quote_Stage an acceptance and a decline move a quote to, and the stages in which a quote
 * awaits the customer's decision. The choices are the Quotes module's Quote_Stage values.
 */
export function QuoteStagesSettings({ org, readOnly }: { org: Org; readOnly: boolean }) {
  const { t } = useTranslation();
  const id = useId();
  const language = useLanguage();
  const queryClient = useQueryClient();
  const quotes = useModule("Quotes");
  const saved = { ...DEFAULT_STAGES, ...org.quoteStages };
  const [accepted, setAccepted] = useState(saved.accepted);
  const [declined, setDeclined] = useState(saved.declined);
  const [awaiting, setAwaiting] = useState<string[]>(saved.awaiting);
  const [done, setDone] = useState(false);
  const save = useMutation({
    mutationFn: () => updateOrg({ quoteStages: { accepted, declined, awaiting } }),
    onSuccess: (updated) => {
      queryClient.setQueryData(adminKeys.org, updated);
      setDone(true);
    },
  });
  const field = quotes.data?.fields.find((f) => f.apiName === "Quote_Stage");
  const values = field?.options?.map((o) => o.value) ?? [];
  const label = (value: string) => (field ? optionLabel(field, value, language) : value);
  // The rules the server checks (quotes.CheckStages), said before sending.
  const problem =
    accepted === declined
      ? t("quoteStages.sameStage")
      : awaiting.length === 0
        ? t("quoteStages.noAwaiting")
        : undefined;
  const pick = (value: string, set: (v: string) => void) => {
    set(value);
    setAwaiting((list) => list.filter((v) => v !== value));
  };
  return (
    <section className="card" aria-labelledby={`${id}-heading`} data-testid="quote-stages">
      <h2 id={`${id}-heading`}>{t("quoteStages.heading")}</h2>
      <p className="muted">{t("quoteStages.hint")}</p>
      {quotes.error && <ProblemNotice error={quotes.error} />}
      {save.error && <ProblemNotice error={save.error} />}
      {done && !save.isPending && (
        <p role="status" className="notice notice-good">
          {t("quoteStages.saved")}
        </p>
      )}
      <form
        className="form"
        onSubmit={(event) => {
          event.preventDefault();
          setDone(false);
          if (!problem) save.mutate();
        }}
      >
        <fieldset disabled={readOnly || save.isPending || !field} className="plain">
          <div className="form-field">
            <label htmlFor={`${id}-accepted`}>{t("quoteStages.accepted")}</label>
            <select id={`${id}-accepted`} value={accepted} onChange={(event) => { pick(event.target.value, setAccepted); }}>
              {values.map((value) => (
                <option key={value} value={value}>
                  {label(value)}
                </option>
              ))}
            </select>
          </div>
          <div className="form-field">
            <label htmlFor={`${id}-declined`}>{t("quoteStages.declined")}</label>
            <select id={`${id}-declined`} value={declined} onChange={(event) => { pick(event.target.value, setDeclined); }}>
              {values.map((value) => (
                <option key={value} value={value}>
                  {label(value)}
                </option>
              ))}
            </select>
          </div>
          <fieldset className="form-field plain" aria-describedby={`${id}-awaiting-hint`}>
            <legend>{t("quoteStages.awaiting")}</legend>
            <div className="check-grid">
              {values.map((value, i) => (
                <div key={value} className="form-field form-field-check">
                  <input
                    id={`${id}-awaiting-${String(i)}`}
                    type="checkbox"
                    checked={awaiting.includes(value)}
                    disabled={value === accepted || value === declined}
                    onChange={(event) => {
                      const on = event.target.checked;
                      setAwaiting((list) => (on ? [...list, value] : list.filter((v) => v !== value)));
                    }}
                  />
                  <label htmlFor={`${id}-awaiting-${String(i)}`}>{label(value)}</label>
                </div>
              ))}
            </div>
            <p id={`${id}-awaiting-hint`} className="field-hint">
              {t("quoteStages.awaitingHint")}
            </p>
          </fieldset>
          {problem && (
            <p role="alert" className="field-error">
              {problem}
            </p>
          )}
          {!readOnly && (
            <div className="form-actions">
              <button type="submit" className="primary" disabled={save.isPending || problem !== undefined}>
                {save.isPending ? t("common.saving") : t("quoteStages.save")}
              </button>
            </div>
          )}
        </fieldset>
      </form>
    </section>
  );
}
