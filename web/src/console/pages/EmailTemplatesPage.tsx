import { useQueryClient } from "@tanstack/react-query";
import { useId, useState } from "react";
import { useTranslation } from "react-i18next";
import { useProblems } from "../../shared/lib/problems";
import { adminKeys } from "../api/admin";
import { ApiError, type EmailTemplate } from "../../shared/api/client";
import {
  restoreEmailTemplate,
  saveEmailTemplate,
  useEmailTemplates,
  type TemplateLanguage,
  type TemplateName,
} from "../api/portalUsers";
import { ErrorText, PortalSetupNav } from "../components/portalSetup/PortalBits";
import { Loading, ProblemNotice } from "../components/ProblemNotice";
import { StatusBadge } from "../../shared/components/StatusBadge";
import { invalidProps } from "../../shared/lib/aria";

const NAMES: readonly TemplateName[] = ["invitation", "portal-reset", "notification"];
const LANGUAGES: readonly TemplateLanguage[] = ["en", "pt-BR", "es"];
const PARTS = ["subject", "text", "html"] as const;
type Part = (typeof PARTS)[number];
/** The values a template can use; the text and the HTML must hold the link. The last five are
 *  the notification email's. */
const VALUES = [
  "Portal",
  "Company",
  "Name",
  "Email",
  "Link",
  "Expires",
  "Brand",
  "Logo",
  "RecordName",
  "ModuleName",
  "Subject",
  "Summary",
  "Unsubscribe",
] as const;

/** /admin/portal/emails: the invitation, password reset and notification emails, in each language. */
export function EmailTemplatesPage() {
  const { t } = useTranslation();
  const templates = useEmailTemplates();

  return (
    <>
      <PortalSetupNav />
      <h1>{t("console.sections.emails")}</h1>
      <p className="lead">{t("emails.intro")}</p>
      <section className="card" aria-labelledby="email-values">
        <h2 id="email-values">{t("emails.valuesHeading")}</h2>
        <dl className="summary" data-testid="email-values">
          {VALUES.map((name) => (
            <div key={name}>
              {/* The legend's terms are placeholders to copy as they are: Go templates are
                  case-sensitive, so the summary's uppercase terms must not apply here. */}
              <dt style={{ textTransform: "none", letterSpacing: "normal" }}>
                <code>{`{{.${name}}}`}</code>
              </dt>
              <dd>{t(`emails.values.${name}`)}</dd>
            </div>
          ))}
        </dl>
        <p className="field-hint">
          {t("emails.linkRequired")} <code>{"{{.Link}}"}</code>
        </p>
      </section>
      {templates.error ? (
        <ProblemNotice error={templates.error} onRetry={() => void templates.refetch()} />
      ) : !templates.data ? (
        <Loading label={t("console.loading")} />
      ) : (
        NAMES.flatMap((name) =>
          LANGUAGES.map((language) => {
            const template = templates.data.find(
              (item) => item.name === name && item.language === language,
            );
            return template ? (
              <TemplateForm
                key={`${name}-${language}`}
                template={template}
                name={name}
                language={language}
              />
            ) : null;
          }),
        )
      )}
    </>
  );
}

function TemplateForm({
  template,
  name,
  language,
}: {
  template: EmailTemplate;
  name: TemplateName;
  language: TemplateLanguage;
}) {
  const { t } = useTranslation();
  const problems = useProblems();
  const id = useId();
  const queryClient = useQueryClient();
  const [values, setValues] = useState<Record<Part, string>>({
    subject: template.subject,
    text: template.text,
    html: template.html,
  });
  const [errors, setErrors] = useState<Partial<Record<Part, string[]>>>({});
  const [failure, setFailure] = useState<unknown>(undefined);
  const [notice, setNotice] = useState<"saved" | "restored" | undefined>(undefined);
  const [busy, setBusy] = useState<"save" | "restore" | undefined>(undefined);
  const [custom, setCustom] = useState(template.custom);
  const title = t("emails.formHeading", {
    email: t(`emails.names.${name}`),
    language: t(`language.options.${language}`),
  });

  const settle = (saved: EmailTemplate) => {
    setValues({ subject: saved.subject, text: saved.text, html: saved.html });
    setCustom(saved.custom);
    queryClient.setQueryData<EmailTemplate[]>(adminKeys.emailTemplates, (list) =>
      list?.map((item) =>
        item.name === saved.name && item.language === saved.language ? saved : item,
      ),
    );
  };

  const save = async () => {
    setBusy("save");
    setErrors({});
    setFailure(undefined);
    setNotice(undefined);
    try {
      settle(await saveEmailTemplate(name, language, values));
      setNotice("saved");
    } catch (error) {
      const fieldErrors =
        error instanceof ApiError && error.status === 422 ? (error.problem?.errors ?? []) : [];
      const mapped: Partial<Record<Part, string[]>> = {};
      let count = 0;
      for (const item of fieldErrors) {
        if ((PARTS as readonly string[]).includes(item.field)) {
          const part = item.field as Part;
          mapped[part] = [...(mapped[part] ?? []), problems.field(item)];
          count++;
        }
      }
      setErrors(mapped);
      if (count === 0 || count < fieldErrors.length) setFailure(error);
    } finally {
      setBusy(undefined);
    }
  };

  const restore = async () => {
    setBusy("restore");
    setErrors({});
    setFailure(undefined);
    setNotice(undefined);
    try {
      settle(await restoreEmailTemplate(name, language));
      setNotice("restored");
    } catch (error) {
      setFailure(error);
    } finally {
      setBusy(undefined);
    }
  };

  const control = (part: Part) => ({
    id: `${id}-${part}`,
    value: values[part],
    disabled: busy !== undefined,
    ...invalidProps(errors[part] ?? [], `${id}-${part}-error`),
    onChange: (event: { target: { value: string } }) => {
      setValues((current) => ({ ...current, [part]: event.target.value }));
    },
  });

  return (
    <form
      className="form card"
      aria-labelledby={`${id}-heading`}
      data-testid={`template-${name}-${language}`}
      noValidate
      onSubmit={(event) => {
        event.preventDefault();
        void save();
      }}
    >
      <div className="card-header">
        <h2 id={`${id}-heading`}>{title}</h2>
        <StatusBadge tone={custom ? "warn" : "good"}>
          {custom ? t("emails.custom") : t("emails.standard")}
        </StatusBadge>
      </div>
      {notice && (
        <p role="status" className="notice notice-good">
          {notice === "saved" ? t("emails.saved") : t("emails.restored")}
        </p>
      )}
      {failure !== undefined && <ProblemNotice error={failure} />}
      <div className="form-field">
        <label htmlFor={`${id}-subject`}>{t("emails.subject")}</label>
        <input type="text" lang={language} {...control("subject")} />
        <ErrorText id={`${id}-subject-error`} messages={errors.subject ?? []} />
      </div>
      <div className="form-field">
        <label htmlFor={`${id}-text`}>{t("emails.text")}</label>
        <textarea rows={8} lang={language} {...control("text")} />
        <ErrorText id={`${id}-text-error`} messages={errors.text ?? []} />
      </div>
      <div className="form-field">
        <label htmlFor={`${id}-html`}>{t("emails.html")}</label>
        <textarea rows={10} lang={language} className="code" {...control("html")} />
        <ErrorText id={`${id}-html-error`} messages={errors.html ?? []} />
      </div>
      <div className="form-actions">
        <button type="submit" className="primary" disabled={busy !== undefined}>
          {busy === "save" ? t("common.saving") : t("common.save")}
        </button>
        <button type="button" disabled={busy !== undefined} onClick={() => void restore()}>
          {busy === "restore" ? t("emails.restoring") : t("emails.restore")}
        </button>
      </div>
    </form>
  );
}
