import { zodResolver } from "@hookform/resolvers/zod";
import { useQueryClient } from "@tanstack/react-query";
import { useId, useState } from "react";
import { useForm } from "react-hook-form";
import { useTranslation } from "react-i18next";
import { Link, useLocation, useNavigate, useSearchParams } from "react-router";
import * as z from "zod/mini";
import { adminKeys } from "../api/admin";
import { ApiError, type StaffSession } from "../../shared/api/client";
import {
  staffEnrolAtLogin,
  staffPasskeySignIn,
  staffPasskeyStep,
  staffSecondFactor,
  staffSignIn,
} from "../secondFactor/api";
import { PasskeyButton, SecondFactorLogin } from "../../shared/secondFactor/SecondFactorLogin";
import { passkeysSupported } from "../../shared/secondFactor/webauthn";
import { withoutRecoveryCodes, type SecondFactorChallenge } from "../../shared/secondFactor/types";
import { ProblemNotice } from "../components/ProblemNotice";
import { useRetryText } from "../../shared/lib/retry";
import { safeNext } from "../lib/next";

interface LoginValues {
  email: string;
  password: string;
}

export function LoginPage() {
  const { t } = useTranslation();
  const id = useId();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [params] = useSearchParams();
  const location = useLocation();
  // Set by "Sign out" on its way here.
  const signedOut = (location.state as { signedOut?: boolean } | null)?.signedOut === true;
  const retryText = useRetryText();
  const [failure, setFailure] = useState<unknown>(undefined);
  const [challenge, setChallenge] = useState<{ email: string; step: SecondFactorChallenge }>();

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

  const signedIn = async (session: StaffSession) => {
    queryClient.removeQueries({ queryKey: adminKeys.all });
    queryClient.setQueryData(adminKeys.me, withoutRecoveryCodes(session));
    await navigate(safeNext(params.get("next")), { replace: true });
  };

  const onSubmit = handleSubmit(async ({ email, password }) => {
    setFailure(undefined);
    try {
      const start = await staffSignIn(email, password);
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
        account={t("secondFactor.codesFile", { account: `${t("console.name")}, ${challenge.email}` })}
        verify={staffSecondFactor}
        enrol={staffEnrolAtLogin}
        onSignedIn={signedIn}
        passkeyStep={staffPasskeyStep}
        onRestart={() => {
          setChallenge(undefined);
          reset({ email: challenge.email, password: "" });
        }}
        renderFailure={(error) => <ProblemNotice error={error} />}
      />
    );
  }

  let message: string | undefined;
  if (failure instanceof ApiError && failure.status === 401) message = t("login.invalid");
  else if (failure instanceof ApiError && failure.status === 429)
    message = retryText(failure.retryAfter);

  return (
    <>
      <h1>{t("login.heading")}</h1>
      {signedOut && !failure && (
        <p role="status" className="notice notice-good" data-testid="signed-out">
          {t("login.signedOut")}
        </p>
      )}
      {params.get("reset") === "done" && !failure && (
        <p role="status" className="notice notice-good">
          {t("login.passwordChanged")}
        </p>
      )}
      {message ? (
        <p role="alert" className="notice notice-error" data-testid="login-error">
          {message}
        </p>
      ) : (
        failure !== undefined && <ProblemNotice error={failure} />
      )}
      <form className="form card" onSubmit={(event) => void onSubmit(event)} noValidate>
        <div className="form-field">
          <label htmlFor={`${id}-email`}>{t("login.email")}</label>
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
          <label htmlFor={`${id}-password`}>{t("login.password")}</label>
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
            {isSubmitting ? t("login.submitting") : t("login.submit")}
          </button>
          <Link to="/admin/reset">{t("login.forgot")}</Link>
        </div>
      </form>
      {passkeysSupported() && (
        <div className="card passkey-sign-in" data-testid="passkey-sign-in">
          <PasskeyButton
            label={t("passkeys.signInWithPasskey")}
            primary={false}
            run={staffPasskeySignIn}
            onSignedIn={signedIn}
            renderFailure={(error) =>
              error instanceof ApiError && error.status === 401 ? (
                <p role="alert" className="notice notice-error" data-testid="login-error">
                  {t("passkeys.refused")}
                </p>
              ) : (
                <ProblemNotice error={error} />
              )
            }
          />
        </div>
      )}
    </>
  );
}
