import { zodResolver } from "@hookform/resolvers/zod";
import { useId, useState } from "react";
import { useForm } from "react-hook-form";
import { useTranslation } from "react-i18next";
import { useProblems } from "../../shared/lib/problems";
import { Link, useNavigate, useParams } from "react-router";
import * as z from "zod/mini";
import { resetPassword } from "../api/admin";
import { ApiError } from "../../shared/api/client";
import { ProblemNotice } from "../components/ProblemNotice";
import { useRetryText } from "../../shared/lib/retry";
import { PASSWORD_MAX, PASSWORD_MIN } from "../../shared/limits.gen";

interface ResetValues {
  password: string;
  confirm: string;
}

export function ResetPasswordPage() {
  const { t } = useTranslation();
  const problems = useProblems();
  const id = useId();
  const { token = "" } = useParams();
  const navigate = useNavigate();
  const retryText = useRetryText();
  const [failure, setFailure] = useState<unknown>(undefined);
  const schema = z
    .object({
      password: z
        .string()
        .check(
          z.minLength(PASSWORD_MIN, t("validation.passwordLength")),
          z.maxLength(PASSWORD_MAX, t("validation.maxLength", { max: PASSWORD_MAX })),
        ),
      confirm: z.string(),
    })
    .check(
      z.refine((values) => values.password === values.confirm, {
        error: t("validation.passwordMatch"),
        path: ["confirm"],
      }),
    );
  const {
    register,
    handleSubmit,
    setError,
    formState: { errors, isSubmitting },
  } = useForm<ResetValues>({
    resolver: zodResolver(schema),
    defaultValues: { password: "", confirm: "" },
  });

  const onSubmit = handleSubmit(async ({ password }) => {
    setFailure(undefined);
    try {
      await resetPassword(token, password);
      await navigate("/admin/login?reset=done", { replace: true });
    } catch (error) {
      const passwordError =
        error instanceof ApiError && error.status === 422
          ? error.problem?.errors?.find((item) => item.field === "password")
          : undefined;
      if (passwordError) setError("password", { type: "server", message: problems.field(passwordError) });
      else setFailure(error);
    }
  });

  const expired = failure instanceof ApiError && failure.status === 410;

  return (
    <>
      <h1>{t("reset.newHeading")}</h1>
      {expired ? (
        <div role="alert" className="notice notice-error">
          <p>{t("reset.expired")}</p>
          <p>
            <Link to="/admin/reset">{t("reset.askAgain")}</Link>
          </p>
        </div>
      ) : failure instanceof ApiError && failure.status === 429 ? (
        <p role="alert" className="notice notice-error">
          {retryText(failure.retryAfter)}
        </p>
      ) : (
        failure !== undefined && <ProblemNotice error={failure} />
      )}
      {!expired && (
        <form className="form card" onSubmit={(event) => void onSubmit(event)} noValidate>
          <div className="form-field">
            <label htmlFor={`${id}-password`}>{t("reset.password")}</label>
            <input
              id={`${id}-password`}
              type="password"
              autoComplete="new-password"
              aria-invalid={errors.password ? true : undefined}
              aria-describedby={`${id}-hint${errors.password ? ` ${id}-password-error` : ""}`}
              {...register("password")}
            />
            <p id={`${id}-hint`} className="field-hint">
              {t("reset.hint")}
            </p>
            {errors.password && (
              <p id={`${id}-password-error`} className="field-error">
                {errors.password.message}
              </p>
            )}
          </div>
          <div className="form-field">
            <label htmlFor={`${id}-confirm`}>{t("reset.confirm")}</label>
            <input
              id={`${id}-confirm`}
              type="password"
              autoComplete="new-password"
              aria-invalid={errors.confirm ? true : undefined}
              aria-describedby={errors.confirm ? `${id}-confirm-error` : undefined}
              {...register("confirm")}
            />
            {errors.confirm && (
              <p id={`${id}-confirm-error`} className="field-error">
                {errors.confirm.message}
              </p>
            )}
          </div>
          <div className="form-actions">
            <button type="submit" className="primary" disabled={isSubmitting}>
              {isSubmitting ? t("reset.submitting") : t("reset.submit")}
            </button>
          </div>
        </form>
      )}
      <p>
        <Link to="/admin/login">{t("reset.backToLogin")}</Link>
      </p>
    </>
  );
}
