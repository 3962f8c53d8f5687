import { zodResolver } from "@hookform/resolvers/zod";
import { useQueryClient } from "@tanstack/react-query";
import { useId, useState } from "react";
import { useForm } from "react-hook-form";
import { useTranslation } from "react-i18next";
import { useProblems } from "../../shared/lib/problems";
import { Link } from "react-router";
import * as z from "zod/mini";
import { useOrg } from "../api/admin";
import { ApiError } from "../../shared/api/client";
import {
  createToken,
  revokeToken,
  staffKeys,
  TOKEN_DAYS_MIN,
  useOrgTokens,
  useTokens,
  type ApiToken,
  type ApiTokenCreated,
  type OrgApiToken,
} from "../api/staff";
import { Dialog } from "../../shared/components/Dialog";
import { Loading, ProblemNotice } from "../components/ProblemNotice";
import { StatusBadge } from "../../shared/components/StatusBadge";
import { useFormatContext, useSession } from "../session";
import { formatDateTime } from "../../shared/lib/format";
import { DEFAULT_TOKEN_DAYS, TOKEN_DAYS_MAX } from "../../shared/limits.gen";

const MAX_TOKEN_NAME = 100;

/**
 * /admin/tokens: the signed-in member's personal API tokens (create, see
 * once, revoke) and, for admins, every token of the organization.
 */
export function ApiTokensPage() {
  const { t } = useTranslation();
  const session = useSession();
  const queryClient = useQueryClient();
  const [created, setCreated] = useState<ApiTokenCreated | undefined>(undefined);
  const [revoking, setRevoking] = useState<ApiToken | OrgApiToken | undefined>(undefined);
  const [notice, setNotice] = useState<string | undefined>(undefined);
  const isAdmin = session.user.role === "admin";

  const refresh = () =>
    Promise.all([
      queryClient.invalidateQueries({ queryKey: staffKeys.tokens }),
      queryClient.invalidateQueries({ queryKey: staffKeys.orgTokens }),
    ]);

  return (
    <>
      <h1>{t("tokens.heading")}</h1>
      <p className="lead">{t("tokens.intro")}</p>
      <p>
        <Link to="/admin/api" data-testid="tokens-api-link">
          {t("apiPage.tokensPageLink")}
        </Link>
      </p>
      {notice && (
        <p role="status" className="notice notice-good" data-testid="tokens-notice">
          {notice}
        </p>
      )}
      {created ? (
        <NewSecret
          created={created}
          onDone={() => {
            setCreated(undefined);
          }}
        />
      ) : (
        <NewTokenForm
          onCreated={(answer) => {
            setNotice(undefined);
            setCreated(answer);
            void refresh();
          }}
        />
      )}
      <section className="card" aria-labelledby="tokens-mine">
        <h2 id="tokens-mine">{t("tokens.mineHeading")}</h2>
        <MyTokens onRevoke={setRevoking} />
      </section>
      {isAdmin && (
        <section className="card" aria-labelledby="tokens-org" data-testid="org-tokens">
          <h2 id="tokens-org">{t("tokens.orgHeading")}</h2>
          <p className="muted">{t("tokens.orgIntro")}</p>
          <OrgTokens onRevoke={setRevoking} />
        </section>
      )}
      {revoking && (
        <ConfirmRevoke
          token={revoking}
          onClose={() => {
            setRevoking(undefined);
          }}
          onRevoked={() => {
            setNotice(t("tokens.revoked", { name: revoking.name }));
            setRevoking(undefined);
            void refresh();
          }}
        />
      )}
    </>
  );
}

interface NewTokenValues {
  name: string;
  expiresInDays: number;
}

const TOKEN_FIELDS = new Set<string>(["name", "expiresInDays"]);

/** Name and lifetime of a new token; the lifetime starts at the organization's default. */
function NewTokenForm({ onCreated }: { onCreated: (created: ApiTokenCreated) => void }) {
  const { t } = useTranslation();
  const org = useOrg();
  if (!org.data && !org.error) return <Loading label={t("console.loading")} />;
  // Without the organization's settings the form still works with the usual default.
  const days = org.data?.apiTokenLifetimeDays ?? DEFAULT_TOKEN_DAYS;
  return <NewTokenFields key={days} days={days} onCreated={onCreated} />;
}

function NewTokenFields({
  days,
  onCreated,
}: {
  days: number;
  onCreated: (created: ApiTokenCreated) => void;
}) {
  const { t } = useTranslation();
  const problems = useProblems();
  const id = useId();
  const [failure, setFailure] = useState<unknown>(undefined);
  const invalidDays = t("tokens.expiresInvalid");
  const schema = z.object({
    name: z
      .string()
      .check(
        z.trim(),
        z.minLength(1, t("validation.required")),
        z.maxLength(MAX_TOKEN_NAME, t("validation.maxLength", { max: MAX_TOKEN_NAME })),
      ),
    expiresInDays: z
      .number(invalidDays)
      .check(
        z.int(invalidDays),
        z.gte(TOKEN_DAYS_MIN, invalidDays),
        z.lte(TOKEN_DAYS_MAX, invalidDays),
      ),
  });
  const {
    register,
    handleSubmit,
    setError,
    reset,
    formState: { errors, isSubmitting },
  } = useForm<NewTokenValues>({
    resolver: zodResolver(schema),
    defaultValues: { name: "", expiresInDays: days },
  });

  const onSubmit = handleSubmit(async (values) => {
    setFailure(undefined);
    try {
      const answer = await createToken(values);
      reset({ name: "", expiresInDays: days });
      onCreated(answer);
    } catch (error) {
      const fieldErrors =
        error instanceof ApiError && error.status === 422 ? (error.problem?.errors ?? []) : [];
      const mapped = fieldErrors.filter((item) => TOKEN_FIELDS.has(item.field));
      for (const item of mapped) {
        setError(item.field as keyof NewTokenValues, { type: "server", message: problems.field(item) });
      }
      if (mapped.length === 0 || mapped.length < fieldErrors.length) setFailure(error);
    }
  });

  const messages = (name: keyof NewTokenValues) => {
    const message = errors[name]?.message;
    return message ? [message] : [];
  };
  const errorText = (name: keyof NewTokenValues) =>
    messages(name).length > 0 && (
      <p id={`${id}-${name}-error`} className="field-error">
        {messages(name).join(" ")}
      </p>
    );
  const described = (name: keyof NewTokenValues, hint: string) =>
    messages(name).length > 0
      ? { "aria-invalid": true as const, "aria-describedby": `${hint} ${id}-${name}-error` }
      : { "aria-describedby": hint };

  return (
    <form
      className="form card"
      aria-labelledby={`${id}-heading`}
      onSubmit={(event) => void onSubmit(event)}
      noValidate
    >
      <h2 id={`${id}-heading`}>{t("tokens.createHeading")}</h2>
      {failure !== undefined && <ProblemNotice error={failure} />}
      <div className="form-field">
        <label htmlFor={`${id}-name`}>{t("tokens.name")}</label>
        <input
          id={`${id}-name`}
          type="text"
          autoComplete="off"
          maxLength={MAX_TOKEN_NAME}
          {...described("name", `${id}-name-hint`)}
          {...register("name")}
        />
        <p id={`${id}-name-hint`} className="field-hint">
          {t("tokens.nameHint")}
        </p>
        {errorText("name")}
      </div>
      <div className="form-field">
        <label htmlFor={`${id}-days`}>{t("tokens.expiresInDays")}</label>
        <input
          id={`${id}-days`}
          type="number"
          inputMode="numeric"
          min={TOKEN_DAYS_MIN}
          max={TOKEN_DAYS_MAX}
          step={1}
          {...described("expiresInDays", `${id}-days-hint`)}
          {...register("expiresInDays", { valueAsNumber: true })}
        />
        <p id={`${id}-days-hint`} className="field-hint">
          {t("tokens.expiresHint", { days })}
        </p>
        {errorText("expiresInDays")}
      </div>
      <div className="form-actions">
        <button type="submit" className="primary" disabled={isSubmitting}>
          {isSubmitting ? t("tokens.creating") : t("tokens.create")}
        </button>
      </div>
    </form>
  );
}

/**
 * The secret of a token just created. It lives only in this component's
 * state: the API never shows it again, and once dismissed it is gone.
 */
function NewSecret({ created, onDone }: { created: ApiTokenCreated; onDone: () => void }) {
  const { t } = useTranslation();
  const id = useId();
  const [copy, setCopy] = useState<"idle" | "copied" | "failed">("idle");

  return (
    <section
      className="card notice notice-warn"
      aria-labelledby={`${id}-heading`}
      data-testid="token-secret"
    >
      <h2 id={`${id}-heading`}>{t("tokens.secretHeading")}</h2>
      <p>{t("tokens.secretWarning")}</p>
      <div className="form-field">
        <label htmlFor={`${id}-secret`}>
          {t("tokens.secretLabel", { name: created.token.name })}
        </label>
        {/* A textarea wraps the whole secret on a phone, where an input would hide most of it. */}
        <textarea
          id={`${id}-secret`}
          className="code"
          rows={2}
          readOnly
          value={created.secret}
          spellCheck={false}
          autoComplete="off"
          onFocus={(event) => {
            event.target.select();
          }}
        />
      </div>
      <p className="form-actions">
        <button
          type="button"
          className="primary"
          onClick={() => {
            // navigator.clipboard is missing outside secure contexts: the call throws.
            Promise.resolve()
              .then(() => navigator.clipboard.writeText(created.secret))
              .then(
                () => {
                  setCopy("copied");
                },
                () => {
                  setCopy("failed");
                },
              );
          }}
        >
          {t("tokens.copy")}
        </button>
        <button type="button" onClick={onDone}>
          {t("tokens.dismiss")}
        </button>
      </p>
      <p role="status" className="muted">
        {copy === "copied" ? t("tokens.copied") : copy === "failed" ? t("tokens.copyFailed") : ""}
      </p>
    </section>
  );
}

function MyTokens({ onRevoke }: { onRevoke: (token: ApiToken) => void }) {
  const { t } = useTranslation();
  const tokens = useTokens();
  if (tokens.error) return <ProblemNotice error={tokens.error} onRetry={() => void tokens.refetch()} />;
  if (!tokens.data) return <Loading label={t("tokens.loading")} />;
  if (tokens.data.length === 0) return <p className="muted">{t("tokens.empty")}</p>;
  return (
    <TokenTable
      caption={t("tokens.mineCaption")}
      tokens={tokens.data}
      busy={tokens.isFetching}
      onRevoke={onRevoke}
      testId="my-tokens"
    />
  );
}

function OrgTokens({ onRevoke }: { onRevoke: (token: OrgApiToken) => void }) {
  const { t } = useTranslation();
  const tokens = useOrgTokens();
  if (tokens.error) return <ProblemNotice error={tokens.error} onRetry={() => void tokens.refetch()} />;
  if (!tokens.data) return <Loading label={t("tokens.loading")} />;
  if (tokens.data.length === 0) return <p className="muted">{t("tokens.orgEmpty")}</p>;
  return (
    <TokenTable
      caption={t("tokens.orgCaption")}
      tokens={tokens.data}
      busy={tokens.isFetching}
      onRevoke={onRevoke}
      withOwner
      testId="all-tokens"
    />
  );
}

function TokenTable<T extends ApiToken | OrgApiToken>({
  caption,
  tokens,
  busy,
  onRevoke,
  withOwner = false,
  testId,
}: {
  caption: string;
  tokens: T[];
  busy: boolean;
  onRevoke: (token: T) => void;
  withOwner?: boolean;
  testId: string;
}) {
  const { t } = useTranslation();
  const format = useFormatContext();

  return (
    <div className="table-scroll">
      <table className="records" aria-busy={busy} data-testid={testId}>
        <caption className="visually-hidden">{caption}</caption>
        <thead>
          <tr>
            <th scope="col">{t("tokens.name")}</th>
            {withOwner && <th scope="col">{t("tokens.owner")}</th>}
            <th scope="col">{t("tokens.role")}</th>
            <th scope="col">{t("tokens.createdAt")}</th>
            <th scope="col">{t("tokens.lastUsed")}</th>
            <th scope="col">{t("tokens.expires")}</th>
            {/* Visible: a visually hidden header is positioned absolutely and, outside the
                scroll box's clipping, would widen a phone's page. */}
            <th scope="col">{t("tokens.actions")}</th>
          </tr>
        </thead>
        <tbody>
          {tokens.map((token) => (
            <tr key={token.id} data-testid={`${testId}-${token.id}`}>
              <th scope="row">{token.name}</th>
              {withOwner && <td>{"userName" in token ? token.userName : ""}</td>}
              <td>{t(`console.role.${token.role}`)}</td>
              <td>
                <time dateTime={token.createdAt}>{formatDateTime(token.createdAt, format)}</time>
              </td>
              <td>
                {token.lastUsedAt ? (
                  <time dateTime={token.lastUsedAt}>
                    {formatDateTime(token.lastUsedAt, format)}
                  </time>
                ) : (
                  <span className="muted">{t("tokens.neverUsed")}</span>
                )}
              </td>
              <td>
                {/* Expired as the API found it when it answered: it keeps listing expired
                    tokens until they are revoked. */}
                {token.expired && <StatusBadge tone="bad">{t("tokens.expired")}</StatusBadge>}{" "}
                <time dateTime={token.expiresAt}>{formatDateTime(token.expiresAt, format)}</time>
              </td>
              <td>
                <button
                  type="button"
                  className="danger"
                  aria-label={t("tokens.revokeNamed", { name: token.name })}
                  onClick={() => {
                    onRevoke(token);
                  }}
                >
                  {t("tokens.revoke")}
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function ConfirmRevoke({
  token,
  onClose,
  onRevoked,
}: {
  token: ApiToken | OrgApiToken;
  onClose: () => void;
  onRevoked: () => void;
}) {
  const { t } = useTranslation();
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<unknown>(undefined);

  const revoke = async () => {
    setBusy(true);
    setFailure(undefined);
    try {
      await revokeToken(token.id);
      onRevoked();
    } catch (error) {
      // Already gone (revoked elsewhere, or its owner was deactivated): the goal is reached.
      if (error instanceof ApiError && error.status === 404) {
        onRevoked();
        return;
      }
      setFailure(error);
      setBusy(false);
    }
  };

  return (
    <Dialog
      role="alertdialog"
      title={t("tokens.revokeTitle", { name: token.name })}
      onClose={onClose}
    >
      <p>{t("tokens.revokeBody")}</p>
      {"userName" in token && <p>{t("tokens.revokeOwner", { owner: token.userName })}</p>}
      {failure !== undefined && <ProblemNotice error={failure} />}
      <p className="form-actions">
        <button type="button" className="danger" disabled={busy} onClick={() => void revoke()}>
          {busy ? t("tokens.revoking") : t("tokens.revokeConfirm")}
        </button>
        <button type="button" onClick={onClose}>
          {t("common.cancel")}
        </button>
      </p>
    </Dialog>
  );
}
