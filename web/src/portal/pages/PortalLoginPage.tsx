import { zodResolver } from "@hookform/resolvers/zod";
import { useId, useState } from "react";
import { useForm } from "react-hook-form";
import { useTranslation } from "react-i18next";
import { Link, useLocation, useNavigate } from "react-router";
import * as z from "zod/mini";
import { ApiError, type Me } from "../../shared/api/client";
import {
  portalEnrolAtLogin,
  portalPasskeySignIn,
  portalPasskeyStep,
  portalSecondFactor,
  portalSignIn,
} from "../secondFactor/api";
import { PasskeyButton, SecondFactorLogin } from "../../shared/secondFactor/SecondFactorLogin";
import { passkeysSupported } from "../../shared/secondFactor/webauthn";
import { withoutRecoveryCodes, type SecondFactorChallenge } from "../../shared/secondFactor/types";
import {
  landingPath,
  portalPath,
  usePortalContext,
  usePortalTitle,
} from "../layouts/portalContext";
import { pickLabel } from "../../shared/lib/labels";
import { PortalFailure } from "./PortalFailure";
import { useStartSession } from "../session";

interface LoginValues {
  email: string;
  password: string;
}

/**
 * /p/:slug/login: a portal user signs in with their email and password, then, when a second
 * factor is due (the API answers 202), with a code from their app or a recovery code, or sets
 * one up first where their user type requires it.
 */
export function PortalLoginPage() {
  const { t } = useTranslation();
  const id = useId();
  const { portal, language } = usePortalContext();
  const navigate = useNavigate();
  const startSession = useStartSession();
  const [failure, setFailure] = useState<unknown>(undefined);
  const [challenge, setChallenge] = useState<{ email: string; step: SecondFactorChallenge }>();
  const location = useLocation();
  // Set by "Log out" on its way here.
  const signedOut = (location.state as { signedOut?: boolean } | null)?.signedOut === true;
  usePortalTitle(t("portalPages.login"));
  const welcome = pickLabel(portal.branding.welcome, language);
  const forgot = portalPath(portal.slug, "forgot");

  const schema = z.object({
    email: z
      .string()
      .check(
        z.trim(),
        z.minLength(1, t("validation.required")),
        z.regex(/^[^\s@]+@[^\s@]+$/, t("validation.email")),
      ),
    password: z.string().check(z.minLength(1, t("validation.required"))),
  });
  const {
    register,
    handleSubmit,
    reset,
    formState: { errors, isSubmitting },
  } = useForm<LoginValues>({
    resolver: zodResolver(schema),
    defaultValues: { email: "", password: "" },
  });

  const signedIn = async (answer: Me) => {
    const me = withoutRecoveryCodes(answer);
    startSession(me);
    await navigate(landingPath(portal.slug, me), { replace: true });
  };

  const onSubmit = handleSubmit(async ({ email, password }) => {
    setFailure(undefined);
    try {
      const start = await portalSignIn(portal.slug, email, password);
      if ("secondFactor" in start) setChallenge({ email, step: start.secondFactor });
      else await signedIn(start.session);
    } catch (error) {
      setFailure(error);
    }
  });

  if (challenge) {
    return (
      <SecondFactorLogin
        challenge={challenge.step}
        account={t("secondFactor.codesFile", { account: `${portal.name}, ${challenge.email}` })}
        verify={(method, code) => portalSecondFactor(portal.slug, method, code)}
        enrol={() => portalEnrolAtLogin(portal.slug)}
        onSignedIn={signedIn}
        passkeyStep={() => portalPasskeyStep(portal.slug)}
        onRestart={() => {
          setChallenge(undefined);
          reset({ email: challenge.email, password: "" });
        }}
        renderFailure={(error) => <PortalFailure error={error} />}
      />
    );
  }

  let notice;
  if (failure instanceof ApiError && failure.status === 401) {
    notice = (
      <p role="alert" className="notice notice-error" data-testid="login-error">
        {t("portalAuth.loginInvalid")}
      </p>
    );
  } else if (
    failure instanceof ApiError &&
    failure.status === 429 &&
    failure.problem?.limit === "network"
  ) {
    // Too many failures from this network: a reset would not lift it, so none is offered.
    notice = (
      <p role="alert" className="notice notice-error" data-testid="login-error">
        {t("portalAuth.loginTooManyNetwork")}
      </p>
    );
  } else if (failure instanceof ApiError && failure.status === 429) {
    notice = (
      <p role="alert" className="notice notice-error" data-testid="login-error">
        {t("portalAuth.loginTooMany")} <Link to={forgot}>{t("portalAuth.resetLink")}</Link>
      </p>
    );
  } else if (failure !== undefined) {
    notice = <PortalFailure error={failure} />;
  } else if (signedOut) {
    notice = (
      <p role="status" className="notice notice-good" data-testid="signed-out">
        {t("portalPages.signedOut")}
      </p>
    );
  }

  return (
    <>
      <h1>{t("portalAuth.loginHeading", { portal: portal.name })}</h1>
      <p className="lead portal-welcome" data-testid="portal-welcome">
        {welcome || t("portal.welcome")}
      </p>
      {notice}
      <form className="form card" onSubmit={(event) => void onSubmit(event)} noValidate>
        <div className="form-field">
          <label htmlFor={`${id}-email`}>{t("portalAuth.email")}</label>
          <input
            id={`${id}-email`}
            type="email"
            autoComplete="username"
            aria-invalid={errors.email ? true : undefined}
            aria-describedby={errors.email ? `${id}-email-error` : undefined}
            {...register("email")}
          />
          {errors.email && (
            <p id={`${id}-email-error`} className="field-error">
              {errors.email.message}
            </p>
          )}
        </div>
        <div className="form-field">
          <label htmlFor={`${id}-password`}>{t("portalAuth.password")}</label>
          <input
            id={`${id}-password`}
            type="password"
            autoComplete="current-password"
            aria-invalid={errors.password ? true : undefined}
            aria-describedby={errors.password ? `${id}-password-error` : undefined}
            {...register("password")}
          />
          {errors.password && (
            <p id={`${id}-password-error`} className="field-error">
              {errors.password.message}
            </p>
          )}
        </div>
        <div className="form-actions">
          <button type="submit" className="primary" disabled={isSubmitting}>
            {isSubmitting ? t("portalAuth.loggingIn") : t("portalAuth.loginSubmit")}
          </button>
          <Link to={forgot}>{t("portalAuth.forgotLink")}</Link>
        </div>
      </form>
      {portal.passkeyLogin && passkeysSupported() && (
        <div className="card passkey-sign-in" data-testid="passkey-sign-in">
          <PasskeyButton
            label={t("passkeys.signInWithPasskey")}
            primary={false}
            run={() => portalPasskeySignIn(portal.slug)}
            onSignedIn={signedIn}
            renderFailure={(error) =>
              error instanceof ApiError && error.status === 401 ? (
                <p role="alert" className="notice notice-error" data-testid="login-error">
                  {t("passkeys.refused")}
                </p>
              ) : (
                <PortalFailure error={error} />
              )
            }
          />
        </div>
      )}
    </>
  );
}
