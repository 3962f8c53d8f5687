import { useQueryClient } from "@tanstack/react-query";
import { useId, useState } from "react";
import { useTranslation } from "react-i18next";
import { useNavigate } from "react-router";
import { ApiError } from "../../shared/api/client";
import { erasureKey, requestErasure, useMyErasure, withdrawErasure } from "../api/erasure";
import { portalPath } from "../layouts/portalContext";
import { PortalFailure } from "./PortalFailure";

/**
 * "Delete my account" in the preferences: what an erasure removes and keeps, then the
 * password that confirms it. Done, the browser forgets the session's data and goes to the
 * sign-in page. In an organization whose erasure mode is approval the password sends a
 * request instead: the section then shows it pending, with a way to withdraw it.
 */
export function EraseMyAccount({ slug }: { slug: string }) {
  const { t, i18n } = useTranslation();
  const id = useId();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [open, setOpen] = useState(false);
  const [password, setPassword] = useState("");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(undefined);
  const state = useMyErasure();
  const approval = state.data?.mode === "approval";
  const pendingSince = state.data?.state === "pending" ? state.data.requestedAt : undefined;
  const wrongPassword =
    error instanceof ApiError && error.status === 422 && error.problem?.errors?.some((e) => e.field === "password");
  return (
    <section className="card erase-account" aria-labelledby={`${id}-heading`} data-testid="erase-account">
      <h2 id={`${id}-heading`}>{t("myData.eraseHeading")}</h2>
      <p>{t("myData.eraseIntro")}</p>
      {approval && pendingSince === undefined && <p>{t("myData.eraseApprovalIntro")}</p>}
      {pendingSince !== undefined ? (
        <div role="status" className="notice" data-testid="erase-pending">
          <p>
            {t("myData.erasePending", {
              when: new Date(pendingSince).toLocaleString(i18n.language, { dateStyle: "medium", timeStyle: "short" }),
            })}
          </p>
          {error !== undefined && <PortalFailure error={error} />}
          <p className="form-actions">
            <button
              type="button"
              disabled={busy}
              onClick={() => {
                setBusy(true);
                setError(undefined);
                withdrawErasure().then(
                  () => {
                    setBusy(false);
                    setOpen(false);
                    void queryClient.invalidateQueries({ queryKey: erasureKey });
                  },
                  (err: unknown) => {
                    setBusy(false);
                    setError(err);
                  },
                );
              }}
            >
              {t("myData.eraseWithdraw")}
            </button>
          </p>
        </div>
      ) : !open ? (
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
            requestErasure(password).then(
              (pending) => {
                if (pending) {
                  setBusy(false);
                  setPassword("");
                  queryClient.setQueryData(erasureKey, pending);
                  return;
                }
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
              {busy ? t("myData.erasing") : approval ? t("myData.eraseRequest") : t("myData.eraseConfirm")}
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
