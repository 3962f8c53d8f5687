import { zodResolver } from "@hookform/resolvers/zod";
import { useQueryClient } from "@tanstack/react-query";
import { useId, useRef, useState } from "react";
import { useForm } from "react-hook-form";
import { useTranslation } from "react-i18next";
import { useProblems } from "../../../shared/lib/problems";
import { Link } from "react-router";
import { adminKeys } from "../../api/admin";
import {
  ApiError,
  problemMember,
  type Portal,
  type PortalChange,
} from "../../../shared/api/client";
import { updatePortal } from "../../api/portalSetup";
import { ConflictNotice } from "../ConflictNotice";
import { LogoUpload } from "./LogoUpload";
import { CopyButton } from "./PortalBits";
import { ProblemNotice } from "../ProblemNotice";
import { useFormatContext, useSession } from "../../session";
import { invalidProps } from "../../../shared/lib/aria";
import { formatDateTime } from "../../../shared/lib/format";
import {
  DEFAULT_COLOR,
  nameSchema,
  SLUG_MAX,
  SLUG_PATTERN,
  WELCOME_LANGUAGES,
  WELCOME_MAX,
  type Notice,
  type WelcomeLanguage,
} from "../../lib/portalSettings";
import { PortalAvailability, PortalPreview } from "./PortalAvailability";
import * as z from "zod/mini";
import { TakenNotice } from "./PortalStart";
import "./portalSetup.css";

export interface PortalValues {
  name: string;
  slug: string;
  primaryColor: string;
  welcome: Record<WelcomeLanguage, string>;
}

export function PortalDetails({
  portal,
  notice,
  onSaved,
}: {
  portal: Portal;
  notice: Notice | undefined;
  onSaved: (notice: Notice | undefined) => void;
}) {
  const { t } = useTranslation();
  const problems = useProblems();
  const session = useSession();
  const format = useFormatContext();
  const queryClient = useQueryClient();
  const id = useId();
  const formRef = useRef<HTMLFormElement>(null);
  const [forbidden, setForbidden] = useState(false);
  const [suggestion, setSuggestion] = useState<string | undefined>(undefined);
  const [failure, setFailure] = useState<unknown>(undefined);
  const readOnly = forbidden || session.user.role !== "admin";
  const origin = new URL(portal.url).origin;

  const schema = z.object({
    name: nameSchema(t),
    slug: z
      .string()
      .check(
        z.trim(),
        z.maxLength(SLUG_MAX, t("validation.maxLength", { max: SLUG_MAX })),
        z.regex(SLUG_PATTERN, t("portalSetup.slugInvalid")),
      ),
    primaryColor: z.string().check(z.regex(/^#[0-9a-fA-F]{6}$/, t("portalSetup.colorInvalid"))),
    welcome: z.object({
      "pt-BR": z
        .string()
        .check(z.maxLength(WELCOME_MAX, t("validation.maxLength", { max: WELCOME_MAX }))),
      en: z
        .string()
        .check(z.maxLength(WELCOME_MAX, t("validation.maxLength", { max: WELCOME_MAX }))),
      es: z
        .string()
        .check(z.maxLength(WELCOME_MAX, t("validation.maxLength", { max: WELCOME_MAX }))),
    }),
  });
  const {
    register,
    handleSubmit,
    setError,
    setValue,
    formState: { errors, isSubmitting, dirtyFields },
  } = useForm<PortalValues>({
    resolver: zodResolver(schema),
    defaultValues: {
      name: portal.name,
      slug: portal.slug,
      primaryColor: portal.branding.primaryColor ?? DEFAULT_COLOR,
      welcome: {
        "pt-BR": portal.branding.welcome?.["pt-BR"] ?? "",
        en: portal.branding.welcome?.en ?? "",
        es: portal.branding.welcome?.es ?? "",
      },
    },
  });

  const onSubmit = handleSubmit(async (values) => {
    onSaved(undefined);
    setFailure(undefined);
    setSuggestion(undefined);
    const change: PortalChange = {};
    if (dirtyFields.name && values.name !== portal.name) change.name = values.name;
    // A rename keeps the address; only an address typed here moves the portal.
    if (dirtyFields.slug && values.slug !== portal.slug) change.slug = values.slug;
    const colorChanged = Boolean(dirtyFields.primaryColor);
    const welcomeChanged = WELCOME_LANGUAGES.some((tag) => dirtyFields.welcome?.[tag]);
    if (colorChanged || welcomeChanged) {
      // The branding is replaced as a whole: keep the languages not edited here.
      const welcome = Object.fromEntries(
        [
          ...Object.entries(portal.branding.welcome ?? {}).filter(
            ([tag]) => !(WELCOME_LANGUAGES as readonly string[]).includes(tag),
          ),
          ...WELCOME_LANGUAGES.map((tag) => [tag, values.welcome[tag].trim()] as const),
        ].filter(([, text]) => text !== ""),
      );
      const primaryColor =
        colorChanged || portal.branding.primaryColor
          ? values.primaryColor.toLowerCase()
          : undefined;
      // The rest of the branding (the logo) goes back as it was.
      change.branding = { ...portal.branding, ...(primaryColor ? { primaryColor } : {}), welcome };
    }
    if (Object.keys(change).length === 0) {
      onSaved({ kind: "saved", url: portal.url });
      return;
    }
    try {
      const updated = await updatePortal(portal.version, change);
      onSaved({ kind: updated.slug !== portal.slug ? "renamed" : "saved", url: updated.url });
      queryClient.setQueryData(adminKeys.portal, updated);
    } catch (error) {
      const taken = problemMember(error, "suggestion");
      if (error instanceof ApiError && error.status === 409 && taken) {
        setSuggestion(taken);
        return;
      }
      if (error instanceof ApiError && error.status === 403) {
        setForbidden(true);
        return;
      }
      const fieldErrors =
        error instanceof ApiError && error.status === 422 ? (error.problem?.errors ?? []) : [];
      const paths: Record<
        string,
        "name" | "slug" | "primaryColor" | "welcome.pt-BR" | "welcome.en" | "welcome.es"
      > = {
        name: "name",
        slug: "slug",
        "branding.primaryColor": "primaryColor",
        "branding.welcome.pt-BR": "welcome.pt-BR",
        "branding.welcome.en": "welcome.en",
        "branding.welcome.es": "welcome.es",
      };
      let mapped = 0;
      for (const item of fieldErrors) {
        const path = paths[item.field];
        if (path) {
          setError(path, { type: "server", message: problems.field(item) }, { shouldFocus: mapped === 0 });
          mapped++;
        }
      }
      if (mapped === 0 || mapped < fieldErrors.length) setFailure(error);
    }
  });

  const conflict = failure instanceof ApiError && failure.status === 412;
  const messages = {
    name: errors.name?.message ? [errors.name.message] : [],
    slug: errors.slug?.message ? [errors.slug.message] : [],
    primaryColor: errors.primaryColor?.message ? [errors.primaryColor.message] : [],
    "pt-BR": errors.welcome?.["pt-BR"]?.message ? [errors.welcome["pt-BR"].message] : [],
    en: errors.welcome?.en?.message ? [errors.welcome.en.message] : [],
    es: errors.welcome?.es?.message ? [errors.welcome.es.message] : [],
  };
  const errorText = (key: keyof typeof messages) =>
    messages[key].length > 0 && (
      <p id={`${id}-${key}-error`} className="field-error">
        {messages[key].join(" ")}
      </p>
    );

  return (
    <>
      {notice?.kind === "created" && (
        <div role="status" className="notice notice-good" data-testid="portal-created">
          <p className="notice-title">{t("portalSetup.created")}</p>
          <p>{t("portalSetup.createdUrl")}</p>
          <p>
            <a href={notice.url}>{notice.url}</a>
          </p>
        </div>
      )}
      {notice?.kind === "renamed" && (
        <p role="status" className="notice notice-good" data-testid="portal-saved">
          {t("portalSetup.renamed", { url: notice.url })}
        </p>
      )}
      {notice?.kind === "logo" && (
        <p role="status" className="notice notice-good" data-testid="portal-saved">
          {t("portalSetup.logoSaved")}
        </p>
      )}
      {notice?.kind === "saved" && (
        <p role="status" className="notice notice-good" data-testid="portal-saved">
          {t("portalSetup.saved")}
        </p>
      )}
      <section className="card" aria-labelledby={`${id}-address`}>
        <h2 id={`${id}-address`}>{t("portalSetup.addressHeading")}</h2>
        <dl className="summary">
          <div>
            <dt>{t("portalSetup.name")}</dt>
            <dd data-testid="portal-name">{portal.name}</dd>
          </div>
          <div className="summary-wide">
            <dt>{t("portalSetup.url")}</dt>
            <dd>
              <a href={portal.url} data-testid="portal-url">
                {portal.url}
              </a>{" "}
              <CopyButton text={portal.url} label={t("portalSetup.copy")} />
            </dd>
          </div>
          <div>
            <dt>{t("portalSetup.createdAt")}</dt>
            <dd>{formatDateTime(portal.createdAt, format)}</dd>
          </div>
        </dl>
        {portal.oldSlugs && portal.oldSlugs.length > 0 && (
          <>
            <h3>{t("portalSetup.oldAddresses")}</h3>
            <p className="field-hint">{t("portalSetup.oldAddressesHint")}</p>
            <ul className="old-addresses">
              {portal.oldSlugs.map((slug) => (
                <li key={slug}>
                  <code>{`${origin}/p/${slug}`}</code>
                </li>
              ))}
            </ul>
          </>
        )}
        <p className="form-actions">
          <Link className="button primary" to="/admin/portal/user-types">
            {t("portalSetup.next")}
          </Link>
        </p>
      </section>

      {!readOnly && <PortalPreview />}
      <PortalAvailability portal={portal} readOnly={readOnly} />
      <LogoUpload
        portal={portal}
        readOnly={readOnly}
        onSaved={() => {
          onSaved({ kind: "logo", url: portal.url });
        }}
      />
      {readOnly && (
        <p role="status" className="notice notice-warn card" data-testid="portal-read-only">
          {t("portalSetup.readOnly")}
        </p>
      )}
      {suggestion && (
        <TakenNotice
          suggestion={suggestion}
          disabled={isSubmitting}
          onUse={() => {
            setValue("slug", suggestion, { shouldDirty: true });
            formRef.current?.requestSubmit();
          }}
        />
      )}
      {conflict ? (
        <ConflictNotice
          message={t("portalSetup.conflict")}
          onReload={() => void queryClient.invalidateQueries({ queryKey: adminKeys.portal })}
        />
      ) : (
        failure !== undefined && <ProblemNotice error={failure} />
      )}
      <form
        ref={formRef}
        className="form card"
        aria-labelledby={`${id}-branding`}
        onSubmit={(event) => void onSubmit(event)}
        noValidate
      >
        <h2 id={`${id}-branding`}>{t("portalSetup.brandingHeading")}</h2>
        <fieldset disabled={readOnly} className="plain">
          <div className="form-field">
            <label htmlFor={`${id}-name`}>{t("portalSetup.name")}</label>
            <input
              id={`${id}-name`}
              type="text"
              {...invalidProps(messages.name, `${id}-name-error`)}
              {...register("name")}
            />
            <p className="field-hint">{t("portalSetup.renameHint")}</p>
            {errorText("name")}
          </div>
          <div className="form-field">
            <label htmlFor={`${id}-slug`}>{t("portalSetup.slug")}</label>
            <input
              id={`${id}-slug`}
              type="text"
              spellCheck={false}
              autoCapitalize="none"
              {...invalidProps(messages.slug, `${id}-slug-error`)}
              {...register("slug")}
            />
            <p className="field-hint">{t("portalSetup.slugHint", { origin })}</p>
            {errorText("slug")}
          </div>
          <div className="form-field">
            <label htmlFor={`${id}-primaryColor`}>{t("portalSetup.primaryColor")}</label>
            <input
              id={`${id}-primaryColor`}
              type="color"
              className="color-input"
              {...invalidProps(messages.primaryColor, `${id}-primaryColor-error`)}
              {...register("primaryColor")}
            />
            {!portal.branding.primaryColor && (
              <p className="field-hint">{t("portalSetup.colorUnset")}</p>
            )}
            {errorText("primaryColor")}
          </div>
          {WELCOME_LANGUAGES.map((tag) => (
            <div className="form-field" key={tag}>
              <label htmlFor={`${id}-welcome-${tag}`}>
                {t("portalSetup.welcome", { language: t(`language.options.${tag}`) })}
              </label>
              <textarea
                id={`${id}-welcome-${tag}`}
                lang={tag}
                rows={3}
                {...invalidProps(messages[tag], `${id}-${tag}-error`)}
                {...register(`welcome.${tag}`)}
              />
              {errorText(tag)}
            </div>
          ))}
          {!readOnly && (
            <div className="form-actions">
              <button type="submit" className="primary" disabled={isSubmitting}>
                {isSubmitting ? t("common.saving") : t("common.save")}
              </button>
            </div>
          )}
        </fieldset>
      </form>
    </>
  );
}
