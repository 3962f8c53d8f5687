import { zodResolver } from "@hookform/resolvers/zod";
import { useId } from "react";
import { useForm } from "react-hook-form";
import { useTranslation } from "react-i18next";
import { useProblems } from "../../shared/lib/problems";
import * as z from "zod/mini";
import { ApiError } from "../../shared/api/client";
import { PASSWORD_MAX, PASSWORD_MIN } from "../../shared/limits.gen";

interface NewPasswordValues {
  password: string;
  confirm: string;
}

interface NewPasswordFormProps {
  /** Text of the submit button, and while it is busy. */
  submitLabel: string;
  busyLabel: string;
  /**
   * Sends the password. A 422 with an error on `password` (a common password,
   * the email itself) is shown next to the field; anything else is thrown
   * back to the page through `onFailure`.
   */
  onSubmit: (password: string) => Promise<void>;
  onFailure: (error: unknown) => void;
}

/** A new password typed twice: 12 to 256 characters, the same both times. */
export function NewPasswordForm({ submitLabel, busyLabel, onSubmit, onFailure }: NewPasswordFormProps) {
  const { t } = useTranslation();
  const problems = useProblems();
  const id = useId();
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
  } = useForm<NewPasswordValues>({
    resolver: zodResolver(schema),
    defaultValues: { password: "", confirm: "" },
  });

  const submit = handleSubmit(async ({ password }) => {
    try {
      await onSubmit(password);
    } catch (error) {
      const fieldErrors =
        error instanceof ApiError && error.status === 422 ? (error.problem?.errors ?? []) : [];
      const passwordErrors = fieldErrors.filter((item) => item.field === "password");
      if (passwordErrors.length > 0) {
        setError("password", {
          type: "server",
          message: passwordErrors.map((item) => problems.field(item)).join(" "),
        });
      } else {
        onFailure(error);
      }
    }
  });

  return (
    <form className="form card" onSubmit={(event) => void submit(event)} noValidate>
      <div className="form-field">
        <label htmlFor={`${id}-password`}>{t("portalAuth.newPassword")}</label>
        <input
          id={`${id}-password`}
          type="password"
          autoComplete="new-password"
          aria-invalid={errors.password ? true : undefined}
          aria-describedby={`${id}-hint${errors.password ? ` ${id}-password-error` : ""}`}
          {...register("password")}
        />
        <p id={`${id}-hint`} className="field-hint">
          {t("portalAuth.passwordHint", { min: PASSWORD_MIN })}
        </p>
        {errors.password && (
          <p id={`${id}-password-error`} className="field-error" data-testid="password-error">
            {errors.password.message}
          </p>
        )}
      </div>
      <div className="form-field">
        <label htmlFor={`${id}-confirm`}>{t("portalAuth.confirmPassword")}</label>
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
          {isSubmitting ? busyLabel : submitLabel}
        </button>
      </div>
    </form>
  );
}
