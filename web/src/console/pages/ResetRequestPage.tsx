import { zodResolver } from "@hookform/resolvers/zod";
import { useId, useState } from "react";
import { useForm } from "react-hook-form";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import * as z from "zod/mini";
import { requestPasswordReset } from "../api/admin";
import { ApiError } from "../../shared/api/client";
import { ProblemNotice } from "../components/ProblemNotice";
import { useRetryText } from "../../shared/lib/retry";

export function ResetRequestPage() {
  const { t } = useTranslation();
  const id = useId();
  const retryText = useRetryText();
  const [sent, setSent] = useState(false);
  const [failure, setFailure] = useState<unknown>(undefined);
  const schema = z.object({
    email: z
      .string()
      .check(
        z.trim(),
        z.minLength(1, t("validation.required")),
        z.regex(/^[^\s@]+@[^\s@]+$/, t("validation.email")),
      ),
  });
  const {
    register,
    handleSubmit,
    formState: { errors, isSubmitting },
  } = useForm<{ email: string }>({ resolver: zodResolver(schema), defaultValues: { email: "" } });

  const onSubmit = handleSubmit(async ({ email }) => {
    setFailure(undefined);
    try {
      await requestPasswordReset(email);
      setSent(true);
    } catch (error) {
      setFailure(error);
    }
  });

  return (
    <>
      <h1>{t("reset.requestHeading")}</h1>
      {sent ? (
        <p role="status" className="notice notice-good">
          {t("reset.sent")}
        </p>
      ) : (
        <>
          <p className="lead">{t("reset.requestIntro")}</p>
          {failure instanceof ApiError && failure.status === 429 ? (
            <p role="alert" className="notice notice-error">
              {retryText(failure.retryAfter)}
            </p>
          ) : (
            failure !== undefined && <ProblemNotice error={failure} />
          )}
          <form className="form card" onSubmit={(event) => void onSubmit(event)} noValidate>
            <div className="form-field">
              <label htmlFor={`${id}-email`}>{t("reset.email")}</label>
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
            <div className="form-actions">
              <button type="submit" className="primary" disabled={isSubmitting}>
                {isSubmitting ? t("reset.sending") : t("reset.send")}
              </button>
            </div>
          </form>
        </>
      )}
      <p>
        <Link to="/admin/login">{t("reset.backToLogin")}</Link>
      </p>
    </>
  );
}
