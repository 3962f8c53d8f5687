import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useId, useState } from "react";
import { useTranslation } from "react-i18next";
import type { Org } from "../../shared/api/client";
import { KIND_KEYS, STAFF_KINDS, toggleKind, type StaffNotifyKind } from "../../shared/lib/notifySettings";
import { adminKeys, updateOrg } from "../api/admin";
import { notifySettingsKeys, saveMyPreferences, useMyPreferences } from "../api/notifySettings";
import { ProblemNotice } from "./ProblemNotice";

/** The locale key naming a staff kind in the settings. */
function kindLabelKey(kind: StaffNotifyKind) {
  return `notifySettings.kinds.${KIND_KEYS[kind]}` as const;
}

type StaffRoleChoice = "" | "admin" | "all";
const ROLE_CHOICES: readonly StaffRoleChoice[] = ["", "admin", "all"];

/** Settings' "Notifications to staff": the organization's staffNotify (admins change it). */
export function StaffNotifySettings({ org, readOnly }: { org: Org; readOnly: boolean }) {
  const { t } = useTranslation();
  const id = useId();
  const queryClient = useQueryClient();
  const saved = org.staffNotify ?? { email: "", role: "" };
  const [email, setEmail] = useState(saved.email);
  const [role, setRole] = useState<StaffRoleChoice>(saved.role);
  const [done, setDone] = useState(false);
  const save = useMutation({
    mutationFn: () => updateOrg({ staffNotify: { email: email.trim(), role } }),
    onSuccess: (updated) => {
      queryClient.setQueryData(adminKeys.org, updated);
      setDone(true);
    },
  });
  return (
    <section className="card" aria-labelledby={`${id}-heading`} data-testid="staff-notify">
      <h2 id={`${id}-heading`}>{t("notifySettings.staffLegend")}</h2>
      <p className="muted">{t("notifySettings.staffHint")}</p>
      {save.error && <ProblemNotice error={save.error} />}
      {done && !save.isPending && (
        <p role="status" className="notice notice-good">
          {t("notifySettings.staffSaved")}
        </p>
      )}
      <form
        className="form"
        onSubmit={(event) => {
          event.preventDefault();
          setDone(false);
          save.mutate();
        }}
      >
        <fieldset disabled={readOnly || save.isPending} className="plain">
          <div className="form-field">
            <label htmlFor={`${id}-email`}>{t("notifySettings.staffEmail")}</label>
            <input
              id={`${id}-email`}
              type="email"
              autoComplete="off"
              value={email}
              aria-describedby={`${id}-email-hint`}
              onChange={(event) => {
                setEmail(event.target.value);
              }}
            />
            <p id={`${id}-email-hint`} className="field-hint">
              {t("notifySettings.staffEmailHint")}
            </p>
          </div>
          <div className="form-field">
            <label htmlFor={`${id}-role`}>{t("notifySettings.staffRole")}</label>
            <select
              id={`${id}-role`}
              value={role}
              onChange={(event) => {
                setRole(event.target.value as StaffRoleChoice);
              }}
            >
              {ROLE_CHOICES.map((choice) => (
                <option key={choice} value={choice}>
                  {t(`notifySettings.roles.${choice === "" ? "none" : choice}`)}
                </option>
              ))}
            </select>
          </div>
          {!readOnly && (
            <div className="form-actions">
              <button type="submit" className="primary" disabled={save.isPending}>
                {save.isPending ? t("common.saving") : t("notifySettings.staffSave")}
              </button>
            </div>
          )}
        </fieldset>
      </form>
    </section>
  );
}

/** Settings' "My notifications": the member's own kinds, one switch each. */
export function MyNotifications() {
  const { t } = useTranslation();
  const id = useId();
  const prefs = useMyPreferences();
  return (
    <section className="card" aria-labelledby={`${id}-heading`} data-testid="my-notifications">
      <h2 id={`${id}-heading`}>{t("notifySettings.myHeading")}</h2>
      <p className="muted">{t("notifySettings.myIntro")}</p>
      {prefs.error && <ProblemNotice error={prefs.error} />}
      {prefs.data && <MyNotificationsForm saved={prefs.data.notifyOff} />}
    </section>
  );
}

function MyNotificationsForm({ saved }: { saved: StaffNotifyKind[] }) {
  const { t } = useTranslation();
  const id = useId();
  const queryClient = useQueryClient();
  const [off, setOff] = useState<StaffNotifyKind[]>(saved);
  const [done, setDone] = useState(false);
  const save = useMutation({
    mutationFn: (notifyOff: StaffNotifyKind[]) => saveMyPreferences({ notifyOff }),
    onSuccess: (updated) => {
      queryClient.setQueryData(notifySettingsKeys.myPreferences, updated);
      setDone(true);
    },
  });
  return (
    <>
      {save.error && <ProblemNotice error={save.error} />}
      {done && !save.isPending && (
        <p role="status" className="notice notice-good">
          {t("notifySettings.mySaved")}
        </p>
      )}
      {(
        <form
          className="form"
          onSubmit={(event) => {
            event.preventDefault();
            setDone(false);
            save.mutate(off);
          }}
        >
          <fieldset disabled={save.isPending} className="plain">
            <legend className="visually-hidden">{t("notifySettings.myHeading")}</legend>
            {STAFF_KINDS.map((kind) => (
              <div key={kind} className="form-field form-field-check">
                <input
                  id={`${id}-${kind}`}
                  type="checkbox"
                  role="switch"
                  checked={!off.includes(kind)}
                  onChange={(event) => {
                    setOff(toggleKind(STAFF_KINDS, off, kind, !event.target.checked));
                  }}
                />
                <label htmlFor={`${id}-${kind}`}>{t(kindLabelKey(kind))}</label>
              </div>
            ))}
            <div className="form-actions">
              <button type="submit" className="primary" disabled={save.isPending}>
                {save.isPending ? t("common.saving") : t("notifySettings.mySave")}
              </button>
            </div>
          </fieldset>
        </form>
      )}
    </>
  );
}
