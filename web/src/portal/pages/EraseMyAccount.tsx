import { useQueryClient } from "@tanstack/react-query";
import { useId, useState } from "react";
import { useTranslation } from "react-i18next";
import { useNavigate } from "react-router";
import { ApiError } from "../../shared/api/client";
import { eraseMyAccount } from "../api/customer";
import { portalPath } from "../layouts/portalContext";
import { PortalFailure } from "./PortalFailure";

/**
 * "Delete my account" in the preferences: what an erasure removes and keeps, then the
 * password that confirms it. Done, the browser forgets the session's data and goes to the
 * sign-in page.
 */
export function EraseMyAccount({ slug }: { slug: string }) {
  const { t } = useTranslation();
  const id = useId();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [open, setOpen] = useState(false);
  const [password, setPassword] = useState("");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(undefined);
  const wrongPassword =
    error instanceof ApiError && error.status === 422 && error.problem?.errors?.some((e) => e.field === "password");
  return (
    <section className="card erase-account" aria-labelledby={`${id}-heading`} data-testid="erase-account">
      <h2 id={`${id}-heading`}>{t("myData.eraseHeading")}</h2>
      <p>{t("myData.eraseIntro")}</p>
      {!open ? (
        <p className="form-actions">
          <button
            type="button"
            className="danger"
            onClick={() => {
              setOpen(true);
            }}
          >
            {t("myData.eraseStart")}
          </button>
        </p>
      ) : (
        <form
          onSubmit={(event) => {
            event.preventDefault();
            setBusy(true);
            setError(undefined);
            eraseMyAccount(password).then(
              () => {
                queryClient.clear();
                void navigate(portalPath(slug, "login"), { replace: true, state: { signedOut: true } });
              },
              (err: unknown) => {
                setBusy(false);
                setError(err);
              },
            );
          }}
        >
          {wrongPassword ? (
            <p role="alert" className="notice notice-error" id={`${id}-error`}>
              {t("myData.erasePasswordWrong")}
            </p>
          ) : (
            error !== undefined && <PortalFailure error={error} />
          )}
          <div className="form-field">
            <label htmlFor={`${id}-password`}>{t("myData.erasePassword")}</label>
            <input
              id={`${id}-password`}
              type="password"
              autoComplete="current-password"
              required
              value={password}
              aria-invalid={wrongPassword ? true : undefined}
              aria-describedby={wrongPassword ? `${id}-error` : undefined}
              onChange={(event) => {
                setPassword(event.target.value);
              }}
            />
          </div>
          <p className="form-actions">
            <button type="submit" className="danger" disabled={busy || password === ""}>
              {busy ? t("myData.erasing") : t("myData.eraseConfirm")}
            </button>
            <button
              type="button"
              disabled={busy}
              onClick={() => {
                setOpen(false);
                setPassword("");
                setError(undefined);
              }}
            >
              {t("myData.eraseCancel")}
            </button>
          </p>
        </form>
      )}
    </section>
  );
}
