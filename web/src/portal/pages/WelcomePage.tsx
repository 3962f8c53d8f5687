import { zodResolver } from "@hookform/resolvers/zod";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useId, useMemo, useState } from "react";
import { useForm } from "react-hook-form";
import { useTranslation } from "react-i18next";
import { useProblems } from "../../shared/lib/problems";
import { useNavigate } from "react-router";
import * as z from "zod/mini";
import { saveBlob } from "../../shared/api/attachments";
import { customerKeys, fetchMyExport, savePreferences } from "../api/customer";
import { ApiError, type Me } from "../../shared/api/client";
import { currentLanguage, normalizeLanguage, setLanguage } from "../../i18n";
import { homePath, usePortalContext } from "../layouts/portalContext";
import { invalidProps } from "../../shared/lib/aria";
import { countryOptions, timeZoneOptions } from "../../shared/lib/countries";
import { TimeZoneSelect } from "../../shared/components/TimeZoneSelect";
import { PortalFailure } from "./PortalFailure";
import { NotifyPreferences } from "../components/NotifyPreferences";
import { MySecurity } from "../secondFactor/MySecurity";
import { EraseMyAccount } from "./EraseMyAccount";
import type { CustomerNotifyKind } from "../../shared/lib/notifySettings";

const TIME_FORMATS = ["24h", "12h"] as const;
const FIELDS = ["timeFormat", "timeZone", "country"] as const;
type PreferenceField = (typeof FIELDS)[number];

interface PreferenceValues {
  timeFormat: "12h" | "24h";
  timeZone: string;
  country: string;
}

/**
 * /p/:slug/welcome: the user's time format, time zone and country, first
 * shown after the first sign-in (the organization's defaults until saved),
 * and later from the header's "Preferences". The language is the header's
 * switcher (the one language control), saved here with the rest. Below: the user's
 * sign-in security (second factor), the download of their data and the erasure of their
 * account.
 */
export function WelcomePage() {
  const { me, portal } = usePortalContext();
  if (!me) return null;
  return (
    <>
      <PreferencesForm key={me.id} me={me} />
      {!me.preview && <MySecurity email={me.email} />}
      {!me.preview && <MyData />}
      {!me.preview && <EraseMyAccount slug={portal.slug} />}
    </>
  );
}

/**
 * "Download my data": GET /api/me/export saved as my-data.json, or with format=csv as
 * my-data.csv (one table a spreadsheet opens).
 */
function MyData() {
  const { t, i18n } = useTranslation();
  const [done, setDone] = useState<ExportFormat | undefined>(undefined);
  const [partial, setPartial] = useState(false);
  const exportData = useMutation({
    mutationFn: (format: ExportFormat) => fetchMyExport(currentLanguage(i18n), format),
    onSuccess: async (blob, format) => {
      saveBlob(blob, `my-data.${format}`);
      setPartial(await isPartialExport(blob, format));
      setDone(format);
    },
  });
  const download = (format: ExportFormat) => {
    setDone(undefined);
    exportData.mutate(format);
  };
  const pending = exportData.isPending ? exportData.variables : undefined;
  return (
    <section className="card my-data" aria-labelledby="my-data-heading">
      <h2 id="my-data-heading">{t("myData.heading")}</h2>
      <p>{t("myData.intro")}</p>
      {exportData.error && <PortalFailure error={exportData.error} />}
      {done && (
        <p role="status" className="notice notice-good">
          {t(done === "csv" ? "myData.doneCsv" : "myData.done")}
        </p>
      )}
      {done && partial && (
        <p role="status" className="notice notice-warn">
          {t("myData.partial")}
        </p>
      )}
      <p className="form-actions">
        <button
          type="button"
          disabled={exportData.isPending}
          onClick={() => {
            download("json");
          }}
        >
          {pending === "json" ? t("myData.downloading") : t("myData.download")}
        </button>
        <button
          type="button"
          disabled={exportData.isPending}
          onClick={() => {
            download("csv");
          }}
        >
          {pending === "csv" ? t("myData.downloading") : t("myData.downloadCsv")}
        </button>
      </p>
    </section>
  );
}

type ExportFormat = "json" | "csv";

async function isPartialExport(blob: Blob, format: ExportFormat): Promise<boolean> {
  if (format === "csv") {
    // A tab not whole in the file has a row "<module>,,truncated,<reason>".
    return /^[^,\n]*,,truncated,/m.test(await blob.text());
  }
  try {
    const data = JSON.parse(await blob.text()) as { truncated?: unknown };
    return Array.isArray(data.truncated) && data.truncated.length > 0;
  } catch {
    return false;
  }
}

function PreferencesForm({ me }: { me: Me }) {
  const { t, i18n } = useTranslation();
  const problems = useProblems();
  const id = useId();
  const { portal } = usePortalContext();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const uiLanguage = currentLanguage(i18n);
  const [failure, setFailure] = useState<unknown>(undefined);
  const countries = useMemo(() => countryOptions(uiLanguage), [uiLanguage]);
  const zones = useMemo(() => timeZoneOptions(me.preferences.timeZone), [me.preferences.timeZone]);
  const saved = me.preferences;
  const [notifyOff, setNotifyOff] = useState<CustomerNotifyKind[]>(saved.notifyOff ?? []);

  const schema = z.object({
    timeFormat: z.enum(TIME_FORMATS),
    timeZone: z.string().check(z.minLength(1, t("validation.required"))),
    country: z.string().check(z.regex(/^[A-Z]{2}$/, t("validation.required"))),
  });
  const {
    register,
    handleSubmit,
    setError,
    formState: { errors, isSubmitting },
  } = useForm<PreferenceValues>({
    resolver: zodResolver(schema),
    defaultValues: {
      timeFormat: saved.timeFormat,
      timeZone: saved.timeZone,
      country: saved.country,
    },
  });

  const onSubmit = handleSubmit(async (values) => {
    setFailure(undefined);
    try {
      const updated = await savePreferences({ ...values, language: currentLanguage(i18n), notifyOff });
      queryClient.setQueryData(customerKeys.me, updated);
      const language = normalizeLanguage(updated.preferences.language);
      if (language) await setLanguage(i18n, language);
      // The portal's frame confirms the save on the page this leads to.
      await navigate(homePath(portal.slug, updated), { state: { preferencesSaved: true } });
    } catch (error) {
      const fieldErrors =
        error instanceof ApiError && error.status === 422 ? (error.problem?.errors ?? []) : [];
      const known = new Set<string>(FIELDS);
      const mapped = fieldErrors.filter((item) => known.has(item.field));
      for (const item of mapped) {
        setError(item.field as PreferenceField, { type: "server", message: problems.field(item) });
      }
      if (mapped.length === 0 || mapped.length < fieldErrors.length) setFailure(error);
    }
  });

  const messages = (name: PreferenceField) =>
    errors[name]?.message ? [errors[name].message] : [];
  const errorText = (name: PreferenceField) =>
    errors[name] && (
      <p id={`${id}-${name}-error`} className="field-error">
        {errors[name].message}
      </p>
    );

  return (
    <>
      <h1>
        {me.preferencesSet
          ? t("portalAuth.preferencesHeading")
          : t("portalAuth.welcomeHeading", { name: me.name || me.email })}
      </h1>
      <p className="lead">
        {me.preferencesSet ? t("portalAuth.preferencesIntro") : t("portalAuth.welcomeIntro")}
      </p>
      {failure !== undefined && <PortalFailure error={failure} />}
      <form className="form card" onSubmit={(event) => void onSubmit(event)} noValidate>
        <p className="field-hint" data-testid="language-hint">
          {t("portalAuth.prefLanguageHint", {
            language: t(`language.options.${uiLanguage}`),
          })}
        </p>
        <div className="form-field">
          <label htmlFor={`${id}-timeFormat`}>{t("portalAuth.prefTimeFormat")}</label>
          <select
            id={`${id}-timeFormat`}
            {...invalidProps(messages("timeFormat"), `${id}-timeFormat-error`)}
            {...register("timeFormat")}
          >
            {TIME_FORMATS.map((format) => (
              <option key={format} value={format}>
                {t(`settings.timeFormats.${format}`)}
              </option>
            ))}
          </select>
          {errorText("timeFormat")}
        </div>
        <div className="form-field">
          <label htmlFor={`${id}-timeZone`}>{t("portalAuth.prefTimeZone")}</label>
          <TimeZoneSelect
            id={`${id}-timeZone`}
            zones={zones}
            {...invalidProps(messages("timeZone"), `${id}-timeZone-error`)}
            {...register("timeZone")}
          />
          {errorText("timeZone")}
        </div>
        <div className="form-field">
          <label htmlFor={`${id}-country`}>{t("portalAuth.prefCountry")}</label>
          <select
            id={`${id}-country`}
            {...invalidProps(messages("country"), `${id}-country-error`)}
            {...register("country")}
          >
            {!countries.some((country) => country.code === saved.country) && (
              <option value={saved.country}>{saved.country}</option>
            )}
            {countries.map((country) => (
              <option key={country.code} value={country.code}>
                {country.name}
              </option>
            ))}
          </select>
          {errorText("country")}
        </div>
        {!me.preview && <NotifyPreferences off={notifyOff} onChange={setNotifyOff} />}
        <div className="form-actions">
          <button type="submit" className="primary" disabled={isSubmitting}>
            {isSubmitting ? t("common.saving") : t("portalAuth.prefSave")}
          </button>
        </div>
      </form>
    </>
  );
}
