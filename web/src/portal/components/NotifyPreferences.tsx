import { useId } from "react";
import { useTranslation } from "react-i18next";
import {
  CUSTOMER_KINDS,
  KIND_KEYS,
  toggleKind,
  type CustomerNotifyKind,
} from "../../shared/lib/notifySettings";

/** The locale key naming a customer kind in the portal's own words. */
function portalKindLabelKey(kind: CustomerNotifyKind) {
  return `notifySettings.portalKinds.${KIND_KEYS[kind]}` as const;
}

interface NotifyPreferencesProps {
  /** The kinds the user turned off. */
  off: readonly CustomerNotifyKind[];
  onChange: (off: CustomerNotifyKind[]) => void;
}

/**
 * The "Notifications" group of the portal's preferences: one switch per kind
 * of notification, on unless the user turned it off (no email and no
 * notification in the portal of that kind). Saved with the other preferences.
 */
export function NotifyPreferences({ off, onChange }: NotifyPreferencesProps) {
  const { t } = useTranslation();
  const id = useId();
  return (
    <fieldset className="form-section notify-preferences" aria-describedby={`${id}-hint`} data-testid="notify-preferences">
      <legend>{t("notifySettings.portalLegend")}</legend>
      <p id={`${id}-hint`} className="field-hint">
        {t("notifySettings.portalHint")}
      </p>
      {CUSTOMER_KINDS.map((kind) => {
        const on = !off.includes(kind);
        return (
          <div key={kind} className="form-field form-field-check">
            <input
              id={`${id}-${kind}`}
              type="checkbox"
              role="switch"
              checked={on}
              onChange={(event) => {
                // A switch on is a kind not turned off.
                onChange(toggleKind(CUSTOMER_KINDS, off, kind, !event.target.checked));
              }}
            />
            <label htmlFor={`${id}-${kind}`}>{t(portalKindLabelKey(kind))}</label>
          </div>
        );
      })}
    </fieldset>
  );
}
