import { zodResolver } from "@hookform/resolvers/zod";
import { QuoteStagesSettings } from "../components/QuoteStagesSettings";
import { MyNotifications, StaffNotifySettings } from "../components/StaffNotifySettings";
import { StaffSecurity } from "../secondFactor/StaffSecurity";
import { STAFF_MFA_POLICIES, type StaffMfaPolicy } from "../../shared/secondFactor/types";
import { useQueryClient } from "@tanstack/react-query";
import { useId, useMemo, useState } from "react";
import { useForm } from "react-hook-form";
import { useTranslation } from "react-i18next";
import { useProblems } from "../../shared/lib/problems";
import * as z from "zod/mini";
import { adminKeys, updateOrg, useOrg } from "../api/admin";
import { ApiError, type Org, type OrgUpdate } from "../../shared/api/client";
import { TOKEN_DAYS_MIN } from "../api/staff";
import { Loading, ProblemNotice } from "../components/ProblemNotice";
import { useLanguage, useSession } from "../session";
import { countryOptions, timeZoneOptions } from "../../shared/lib/countries";
import { TimeZoneSelect } from "../../shared/components/TimeZoneSelect";
import { DEFAULT_TOKEN_DAYS, TOKEN_DAYS_MAX } from "../../shared/limits.gen";
import { ORG_NAME_MAX } from "../../shared/limits.gen";

const ORG_LANGUAGES = ["pt-BR", "en", "es"] as const;
const TIME_FORMATS = ["24h", "12h"] as const;
type SettingsField =
  | "name"
  | "language"
  | "timeFormat"
  | "timeZone"
  | "country"
  | "invitationHours"
  | "apiTokenLifetimeDays"
  | "staffMfa"
  | "paymentUrl"
  | "erasure"
  | "customDomain";
/** How customers' account deletion requests are answered (erasure.Mode). */
const ERASURE_MODES = ["immediate", "approval"] as const;
/** The longest host name (shared/customdomain). */
const DOMAIN_MAX = 253;
/** The longest payment link template (shared/paylink.MaxLength). */
const PAYMENT_URL_MAX = 1000;
/** How long an invitation link works unless the organization says otherwise. */
const DEFAULT_INVITATION_HOURS = 72;
const MAX_INVITATION_HOURS = 720;

interface SettingsValues {
  name: string;
  language: string;
  timeFormat: "12h" | "24h";
  timeZone: string;
  country: string;
  invitationHours: number;
  apiTokenLifetimeDays: number;
  staffMfa: StaffMfaPolicy;
  staffPasskeyLogin: boolean;
  paymentUrl: string;
  erasure: (typeof ERASURE_MODES)[number];
  customDomain: string;
}

export function SettingsPage() {
  const { t } = useTranslation();
  const org = useOrg();
  const admin = useSession().user.role === "admin";

  return (
    <>
      <h1>{t("console.sections.settings")}</h1>
      <p className="lead">{t("settings.intro")}</p>
      {org.error && <ProblemNotice error={org.error} onRetry={() => void org.refetch()} />}
      {!org.data && !org.error && <Loading label={t("console.loading")} />}
      {org.data && <SettingsForm key={org.data.id} org={org.data} />}
      {org.data && <StaffNotifySettings key={`notify-${org.data.id}`} org={org.data} readOnly={!admin} />}
      {org.data && <QuoteStagesSettings key={`quotes-${org.data.id}`} org={org.data} readOnly={!admin} />}
      <MyNotifications />
      <StaffSecurity />
    </>
  );
}

function SettingsForm({ org }: { org: Org }) {
  const { t } = useTranslation();
  const problems = useProblems();
  const language = useLanguage();
  const session = useSession();
  const queryClient = useQueryClient();
  const id = useId();
  const [forbidden, setForbidden] = useState(false);
  const [saved, setSaved] = useState(false);
  const [failure, setFailure] = useState<unknown>(undefined);
  const readOnly = forbidden || session.user.role !== "admin";
  const countries = useMemo(() => countryOptions(language), [language]);
  const zones = useMemo(() => timeZoneOptions(org.timeZone), [org.timeZone]);
  const languages: readonly string[] = ORG_LANGUAGES.includes(
    org.language as (typeof ORG_LANGUAGES)[number],
  )
    ? ORG_LANGUAGES
    : [org.language, ...ORG_LANGUAGES];

  const schema = z.object({
    name: z
      .string()
      .check(
        z.trim(),
        z.minLength(1, t("validation.required")),
        z.maxLength(ORG_NAME_MAX, t("validation.maxLength", { max: ORG_NAME_MAX })),
      ),
    language: z.string().check(z.minLength(1, t("validation.required"))),
    timeFormat: z.enum(TIME_FORMATS),
    timeZone: z.string().check(z.minLength(1, t("validation.required"))),
    country: z.string().check(z.regex(/^[A-Z]{2}$/, t("validation.required"))),
    invitationHours: z.number(t("settings.invitationHoursInvalid")).check(
      z.int(t("settings.invitationHoursInvalid")),
      z.gte(1, t("settings.invitationHoursInvalid")),
      z.lte(MAX_INVITATION_HOURS, t("settings.invitationHoursInvalid")),
    ),
    apiTokenLifetimeDays: z.number(t("settings.apiTokenDaysInvalid")).check(
      z.int(t("settings.apiTokenDaysInvalid")),
      z.gte(TOKEN_DAYS_MIN, t("settings.apiTokenDaysInvalid")),
      z.lte(TOKEN_DAYS_MAX, t("settings.apiTokenDaysInvalid")),
    ),
    staffMfa: z.enum(STAFF_MFA_POLICIES),
    staffPasskeyLogin: z.boolean(),
    erasure: z.enum(ERASURE_MODES),
    customDomain: z
      .string()
      .check(z.trim(), z.toLowerCase(), z.maxLength(DOMAIN_MAX, t("validation.maxLength", { max: DOMAIN_MAX }))),
    paymentUrl: z
      .string()
      .check(
        z.trim(),
        z.maxLength(PAYMENT_URL_MAX, t("validation.maxLength", { max: PAYMENT_URL_MAX })),
        z.refine((v) => v === "" || /^https:\/\//i.test(v), t("settings.paymentUrlHttps")),
      ),
  });
  const invitationHours = org.invitationHours ?? DEFAULT_INVITATION_HOURS;
  const apiTokenLifetimeDays = org.apiTokenLifetimeDays ?? DEFAULT_TOKEN_DAYS;
  const staffMfa = org.staffMfa ?? "optional";
  const {
    register,
    handleSubmit,
    setError,
    reset,
    formState: { errors, isSubmitting },
  } = useForm<SettingsValues>({
    resolver: zodResolver(schema),
    defaultValues: {
      name: org.name,
      language: org.language,
      timeFormat: org.timeFormat,
      timeZone: org.timeZone,
      country: org.country,
      invitationHours,
      apiTokenLifetimeDays,
      staffMfa,
      staffPasskeyLogin: org.staffPasskeyLogin ?? false,
      paymentUrl: org.paymentUrl ?? "",
      erasure: org.erasure ?? "immediate",
      customDomain: org.customDomain ?? "",
    },
  });

  const onSubmit = handleSubmit(async (values) => {
    setSaved(false);
    setFailure(undefined);
    const changes: OrgUpdate = {};
    if (values.name !== org.name) changes.name = values.name;
    if (values.language !== org.language) changes.language = values.language;
    if (values.timeFormat !== org.timeFormat) changes.timeFormat = values.timeFormat;
    if (values.timeZone !== org.timeZone) changes.timeZone = values.timeZone;
    if (values.country !== org.country) changes.country = values.country;
    if (values.invitationHours !== invitationHours) changes.invitationHours = values.invitationHours;
    if (values.apiTokenLifetimeDays !== apiTokenLifetimeDays) {
      changes.apiTokenLifetimeDays = values.apiTokenLifetimeDays;
    }
    if (values.staffMfa !== staffMfa) changes.staffMfa = values.staffMfa;
    if (values.staffPasskeyLogin !== (org.staffPasskeyLogin ?? false)) changes.staffPasskeyLogin = values.staffPasskeyLogin;
    if (values.paymentUrl !== (org.paymentUrl ?? "")) changes.paymentUrl = values.paymentUrl;
    if (values.erasure !== (org.erasure ?? "immediate")) changes.erasure = values.erasure;
    if (values.customDomain !== (org.customDomain ?? "")) changes.customDomain = values.customDomain;
    if (Object.keys(changes).length === 0) {
      setSaved(true);
      return;
    }
    try {
      const updated = await updateOrg(changes);
      queryClient.setQueryData(adminKeys.org, updated);
      reset({
        name: updated.name,
        language: updated.language,
        timeFormat: updated.timeFormat,
        timeZone: updated.timeZone,
        country: updated.country,
        invitationHours: updated.invitationHours ?? DEFAULT_INVITATION_HOURS,
        apiTokenLifetimeDays: updated.apiTokenLifetimeDays ?? DEFAULT_TOKEN_DAYS,
        staffMfa: updated.staffMfa ?? "optional",
        staffPasskeyLogin: updated.staffPasskeyLogin ?? false,
        paymentUrl: updated.paymentUrl ?? "",
        erasure: updated.erasure ?? "immediate",
        customDomain: updated.customDomain ?? "",
      });
      // The header shows the organization's name from the session.
      await queryClient.invalidateQueries({ queryKey: adminKeys.me });
      setSaved(true);
    } catch (error) {
      if (error instanceof ApiError && error.status === 403) {
        setForbidden(true);
        return;
      }
      const fieldErrors =
        error instanceof ApiError && (error.status === 422 || error.status === 409)
          ? (error.problem?.errors ?? [])
          : [];
      const known = new Set<string>([
        "name",
        "language",
        "timeFormat",
        "timeZone",
        "country",
        "invitationHours",
        "apiTokenLifetimeDays",
        "staffMfa",
        "paymentUrl",
        "erasure",
        "customDomain",
      ]);
      const mapped = fieldErrors.filter((item) => known.has(item.field));
      for (const item of mapped) {
        setError(item.field as SettingsField, { type: "server", message: problems.field(item) });
      }
      if (mapped.length === 0 || mapped.length < fieldErrors.length) setFailure(error);
    }
  });

  const describe = (name: SettingsField) =>
    errors[name]
      ? { "aria-invalid": true as const, "aria-describedby": `${id}-${name}-error` }
      : {};
  const errorText = (name: SettingsField) =>
    errors[name] && (
      <p id={`${id}-${name}-error`} className="field-error">
        {errors[name].message}
      </p>
    );

  return (
    <>
      {readOnly && (
        <p role="status" className="notice notice-warn" data-testid="settings-read-only">
          {t("settings.readOnly")}
        </p>
      )}
      {saved && (
        <p role="status" className="notice notice-good">
          {t("settings.saved")}
        </p>
      )}
      {failure !== undefined && <ProblemNotice error={failure} />}
      <form className="form card" onSubmit={(event) => void onSubmit(event)} noValidate>
        <fieldset disabled={readOnly} className="plain">
          <div className="form-field">
            <label htmlFor={`${id}-name`}>{t("settings.name")}</label>
            <input id={`${id}-name`} type="text" {...describe("name")} {...register("name")} />
            {errorText("name")}
          </div>
          <div className="form-field">
            <label htmlFor={`${id}-language`}>{t("settings.language")}</label>
            <select id={`${id}-language`} {...describe("language")} {...register("language")}>
              {languages.map((tag) => (
                <option key={tag} value={tag} lang={tag}>
                  {ORG_LANGUAGES.includes(tag as (typeof ORG_LANGUAGES)[number])
                    ? t(`settings.languages.${tag as (typeof ORG_LANGUAGES)[number]}`)
                    : tag}
                </option>
              ))}
            </select>
            {errorText("language")}
          </div>
          <div className="form-field">
            <label htmlFor={`${id}-timeFormat`}>{t("settings.timeFormat")}</label>
            <select id={`${id}-timeFormat`} {...describe("timeFormat")} {...register("timeFormat")}>
              {TIME_FORMATS.map((format) => (
                <option key={format} value={format}>
                  {t(`settings.timeFormats.${format}`)}
                </option>
              ))}
            </select>
            {errorText("timeFormat")}
          </div>
          <div className="form-field">
            <label htmlFor={`${id}-timeZone`}>{t("settings.timeZone")}</label>
            <TimeZoneSelect
              id={`${id}-timeZone`}
              zones={zones}
              {...describe("timeZone")}
              {...register("timeZone")}
            />
            {errorText("timeZone")}
          </div>
          <div className="form-field">
            <label htmlFor={`${id}-country`}>{t("settings.country")}</label>
            <select id={`${id}-country`} {...describe("country")} {...register("country")}>
              {!countries.some((country) => country.code === org.country) && (
                <option value={org.country}>{org.country}</option>
              )}
              {countries.map((country) => (
                <option key={country.code} value={country.code}>
                  {country.name}
                </option>
              ))}
            </select>
            {errorText("country")}
          </div>
          <div className="form-field">
            <label htmlFor={`${id}-invitationHours`}>{t("settings.invitationHours")}</label>
            <input
              id={`${id}-invitationHours`}
              type="number"
              inputMode="numeric"
              min={1}
              max={MAX_INVITATION_HOURS}
              step={1}
              {...describe("invitationHours")}
              {...register("invitationHours", { valueAsNumber: true })}
            />
            <p className="field-hint">{t("settings.invitationHoursHint")}</p>
            {errorText("invitationHours")}
          </div>
          <div className="form-field">
            <label htmlFor={`${id}-apiTokenLifetimeDays`}>{t("settings.apiTokenDays")}</label>
            <input
              id={`${id}-apiTokenLifetimeDays`}
              type="number"
              inputMode="numeric"
              min={TOKEN_DAYS_MIN}
              max={TOKEN_DAYS_MAX}
              step={1}
              {...describe("apiTokenLifetimeDays")}
              {...register("apiTokenLifetimeDays", { valueAsNumber: true })}
            />
            <p className="field-hint">{t("settings.apiTokenDaysHint")}</p>
            {errorText("apiTokenLifetimeDays")}
          </div>
          <div className="form-field">
            <label htmlFor={`${id}-staffMfa`}>{t("secondFactor.staffPolicyLabel")}</label>
            <select id={`${id}-staffMfa`} {...describe("staffMfa")} {...register("staffMfa")}>
              {STAFF_MFA_POLICIES.map((policy) => (
                <option key={policy} value={policy}>
                  {t(`secondFactor.staffPolicies.${policy}`)}
                </option>
              ))}
            </select>
            <p className="field-hint">{t("secondFactor.staffPolicyHint")}</p>
            {errorText("staffMfa")}
          </div>
          <div className="form-field form-field-check">
            <input id={`${id}-staffPasskeyLogin`} type="checkbox" {...register("staffPasskeyLogin")} />
            <label htmlFor={`${id}-staffPasskeyLogin`}>{t("passkeys.staffLoginLabel")}</label>
          </div>
          <div className="form-field">
            <label htmlFor={`${id}-paymentUrl`}>{t("settings.paymentUrl")}</label>
            <input
              id={`${id}-paymentUrl`}
              type="url"
              inputMode="url"
              placeholder="https://pay.example.com/checkout?invoice={id}&amount={amount}"
              maxLength={PAYMENT_URL_MAX}
              {...describe("paymentUrl")}
              {...register("paymentUrl")}
            />
            <p className="field-hint">{t("settings.paymentUrlHint")}</p>
            {errorText("paymentUrl")}
          </div>
          <div className="form-field">
            <label htmlFor={`${id}-erasure`}>{t("settings.erasure")}</label>
            <select id={`${id}-erasure`} {...describe("erasure")} {...register("erasure")}>
              {ERASURE_MODES.map((mode) => (
                <option key={mode} value={mode}>
                  {t(`settings.erasureMode.${mode}`)}
                </option>
              ))}
            </select>
            <p className="field-hint">{t("settings.erasureHint")}</p>
            {errorText("erasure")}
          </div>
          <div className="form-field">
            <label htmlFor={`${id}-customDomain`}>{t("settings.customDomain")}</label>
            <input
              id={`${id}-customDomain`}
              type="text"
              inputMode="url"
              autoCapitalize="none"
              spellCheck={false}
              placeholder="portal.example.com"
              maxLength={DOMAIN_MAX}
              {...describe("customDomain")}
              {...register("customDomain")}
            />
            <p className="field-hint">{t("settings.customDomainHint")}</p>
            {errorText("customDomain")}
          </div>
          {!readOnly && (
            <div className="form-actions">
              <button type="submit" className="primary" disabled={isSubmitting}>
                {isSubmitting ? t("common.saving") : t("common.save")}
              </button>
            </div>
          )}
        </fieldset>
      </form>
      <section className="card">
        <h2>{t("settings.limitsHeading")}</h2>
        <p className="muted">{t("settings.limitsIntro")}</p>
        <dl className="summary">
          <div>
            <dt>{t("settings.userTypes")}</dt>
            <dd>{org.limits.userTypes}</dd>
          </div>
          <div>
            <dt>{t("settings.freeSeats")}</dt>
            <dd>{new Intl.NumberFormat(language).format(org.limits.freeSeats)}</dd>
          </div>
          <div>
            <dt>{t("settings.licensePool")}</dt>
            <dd>{new Intl.NumberFormat(language).format(org.limits.licensePool)}</dd>
          </div>
        </dl>
      </section>
    </>
  );
}
