import { useId, useState, type ReactNode, type SyntheticEvent } from "react";
import { useTranslation } from "react-i18next";
import { ApiError } from "../api/client";
import type { SelfServiceApi } from "./SecuritySection";
import type { Passkey } from "./types";
import { PasskeyCancelled, passkeysSupported, validPasskeyName } from "./webauthn";

type Editing = { kind: "rename"; passkey: Passkey; name: string } | { kind: "remove"; passkey: Passkey; password: string };

/**
 * The person's passkeys in "Sign-in security": each with its name, when it was added and last
 * used, renaming and removal (with the password); adding one names it, then the browser's own
 * dialog creates it. `onChanged` reloads the status with a message for the person.
 */
export function PasskeysPanel({
  api,
  passkeys,
  formatDate,
  onChanged,
  renderFailure,
}: {
  api: SelfServiceApi;
  passkeys: Passkey[];
  formatDate: (iso: string) => string;
  onChanged: (message: string) => void;
  renderFailure: (error: unknown) => ReactNode;
}) {
  const { t } = useTranslation();
  const id = useId();
  const [name, setName] = useState("");
  const [nameError, setNameError] = useState<string | undefined>(undefined);
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<unknown>(undefined);
  const [editing, setEditing] = useState<Editing | undefined>(undefined);
  const supported = passkeysSupported();

  const run = async (work: () => Promise<string>) => {
    setBusy(true);
    setFailure(undefined);
    try {
      onChanged(await work());
      setEditing(undefined);
    } catch (error) {
      setFailure(error);
    } finally {
      setBusy(false);
    }
  };

  const add = (event: SyntheticEvent) => {
    event.preventDefault();
    if (!validPasskeyName(name)) {
      setNameError(t("passkeys.nameRequired"));
      return;
    }
    setNameError(undefined);
    void run(async () => {
      const added = await api.addPasskey(name.trim());
      setName("");
      return t("passkeys.added", { name: added.name });
    });
  };

  const failureNotice = (error: unknown) => {
    let text: string | undefined;
    if (error instanceof PasskeyCancelled) text = t("passkeys.cancelled");
    else if (error instanceof ApiError && error.status === 409) text = t("passkeys.removeLast");
    else if (error instanceof ApiError && error.status === 422 && error.problem?.errors?.some((e) => e.field === "passkeys"))
      text = t("passkeys.tooMany");
    else if (error instanceof ApiError && error.status === 422 && error.problem?.errors?.some((e) => e.field === "password"))
      text = t("secondFactor.passwordWrong");
    else if (error instanceof ApiError && error.status === 422 && error.problem?.errors?.some((e) => e.field === "credential"))
      text = t("passkeys.refused");
    if (text === undefined) return renderFailure(error);
    return (
      <p role="alert" className="notice notice-error" data-testid="passkey-error">
        {text}
      </p>
    );
  };

  return (
    <div className="passkeys" data-testid="passkeys">
      <h3>{t("passkeys.heading")}</h3>
      <p className="field-hint">{t("passkeys.intro")}</p>
      {failure !== undefined && failureNotice(failure)}
      {passkeys.length === 0 ? (
        <p className="muted">{t("passkeys.none")}</p>
      ) : (
        <ul className="passkey-list">
          {passkeys.map((k) => (
            <li key={k.id} data-testid="passkey">
              <div className="passkey-name">{k.name}</div>
              <div className="muted">
                {t("passkeys.created", { date: formatDate(k.createdAt) })}
                {" · "}
                {k.lastUsedAt ? t("passkeys.lastUsed", { date: formatDate(k.lastUsedAt) }) : t("passkeys.neverUsed")}
              </div>
              {editing?.passkey.id === k.id ? (
                <form
                  className="form passkey-edit"
                  noValidate
                  onSubmit={(event) => {
                    event.preventDefault();
                    if (editing.kind === "rename") {
                      if (!validPasskeyName(editing.name)) {
                        setNameError(t("passkeys.nameRequired"));
                        return;
                      }
                      void run(async () => {
                        await api.renamePasskey(k.id, editing.name.trim());
                        return "";
                      });
                    } else {
                      void run(async () => {
                        await api.removePasskey(k.id, editing.password);
                        return t("passkeys.removed", { name: k.name });
                      });
                    }
                  }}
                >
                  <div className="form-field">
                    {editing.kind === "rename" ? (
                      <>
                        <label htmlFor={`${id}-rename`}>{t("passkeys.renameLabel", { name: k.name })}</label>
                        <input
                          id={`${id}-rename`}
                          value={editing.name}
                          maxLength={60}
                          onChange={(event) => {
                            setEditing({ ...editing, name: event.target.value });
                          }}
                        />
                      </>
                    ) : (
                      <>
                        <p>{t("passkeys.removeIntro", { name: k.name })}</p>
                        <label htmlFor={`${id}-password`}>{t("secondFactor.password")}</label>
                        <input
                          id={`${id}-password`}
                          type="password"
                          autoComplete="current-password"
                          value={editing.password}
                          onChange={(event) => {
                            setEditing({ ...editing, password: event.target.value });
                          }}
                        />
                      </>
                    )}
                  </div>
                  <p className="form-actions">
                    <button type="submit" className={editing.kind === "remove" ? "danger" : "primary"} disabled={busy}>
                      {editing.kind === "remove" ? t("passkeys.remove") : t("passkeys.save")}
                    </button>
                    <button
                      type="button"
                      onClick={() => {
                        setEditing(undefined);
                      }}
                    >
                      {t("common.cancel")}
                    </button>
                  </p>
                </form>
              ) : (
                <p className="form-actions">
                  <button
                    type="button"
                    className="link-button"
                    onClick={() => {
                      setEditing({ kind: "rename", passkey: k, name: k.name });
                    }}
                  >
                    {t("passkeys.rename")}
                  </button>
                  <button
                    type="button"
                    className="link-button"
                    onClick={() => {
                      setEditing({ kind: "remove", passkey: k, password: "" });
                    }}
                  >
                    {t("passkeys.remove")}
                  </button>
                </p>
              )}
            </li>
          ))}
        </ul>
      )}
      {supported ? (
        <form className="form" noValidate onSubmit={add}>
          <div className="form-field">
            <label htmlFor={`${id}-name`}>{t("passkeys.nameLabel")}</label>
            <input
              id={`${id}-name`}
              value={name}
              maxLength={60}
              onChange={(event) => {
                setName(event.target.value);
              }}
              aria-invalid={nameError ? true : undefined}
              aria-describedby={nameError ? `${id}-name-error` : `${id}-name-hint`}
            />
            {nameError ? (
              <p id={`${id}-name-error`} className="field-error">
                {nameError}
              </p>
            ) : (
              <p id={`${id}-name-hint`} className="field-hint">
                {t("passkeys.nameHint")}
              </p>
            )}
          </div>
          <p className="form-actions">
            <button type="submit" disabled={busy} data-testid="add-passkey">
              {busy ? t("passkeys.adding") : t("passkeys.add")}
            </button>
          </p>
        </form>
      ) : (
        <p className="muted">{t("passkeys.unsupported")}</p>
      )}
    </div>
  );
}
