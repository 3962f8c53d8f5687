import { zodResolver } from "@hookform/resolvers/zod";
import { useId, useState } from "react";
import { useForm } from "react-hook-form";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import * as z from "zod/mini";
import { requestPortalReset } from "../api/customer";
import { portalPath, usePortalContext, usePortalTitle } from "../layouts/portalContext";
import { PortalFailure } from "./PortalFailure";

/** /p/:slug/forgot: asks for a password reset link; the answer never tells who is a user. */
export function ForgotPasswordPage() {
  const { t } = useTranslation();
  const id = useId();
  const { portal } = usePortalContext();
  usePortalTitle(t("portalPages.forgot"));
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
  } = useForm<{ email: string }>({
    resolver: zodResolver(schema),
    defaultValues: { email: "" },
  });

  const onSubmit = handleSubmit(async ({ email }) => {
    setFailure(undefined);
    try {
      await requestPortalReset(portal.slug, email);
      setSent(true);
    } catch (error) {
      setFailure(error);
    }
  });

  return (
    <>
      <h1>{t("portalAuth.forgotHeading")}</h1>
      {sent ? (
        <p role="status" className="notice notice-good" data-testid="reset-sent">
          {t("portalAuth.forgotSent")}
        </p>
      ) : (
        <>
          <p className="lead">{t("portalAuth.forgotIntro")}</p>
          {failure !== undefined && <PortalFailure error={failure} />}
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
            <div className="form-actions">
              <button type="submit" className="primary" disabled={isSubmitting}>
                {isSubmitting ? t("portalAuth.forgotSending") : t("portalAuth.forgotSubmit")}
              </button>
            </div>
          </form>
        </>
      )}
      <p>
        <Link to={portalPath(portal.slug, "login")}>{t("portalAuth.backToLogin")}</Link>
      </p>
    </>
  );
}
