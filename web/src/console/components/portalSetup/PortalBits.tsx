import { useState } from "react";
import { useTranslation } from "react-i18next";
import { NavLink } from "react-router";
import "./portalSetup.css";

/** The portal setup's own sections: address and branding, user types, licenses, users, emails. */
export function PortalSetupNav() {
  const { t } = useTranslation();
  return (
    <nav aria-label={t("portalSetup.navLabel")} className="sub-nav">
      <NavLink to="/admin/portal" end>
        {t("portalSetup.navPortal")}
      </NavLink>
      <NavLink to="/admin/portal/user-types">{t("portalSetup.navUserTypes")}</NavLink>
      <NavLink to="/admin/portal/licenses">{t("portalSetup.navLicenses")}</NavLink>
      <NavLink to="/admin/portal/users">{t("portalSetup.navUsers")}</NavLink>
      <NavLink to="/admin/portal/emails">{t("portalSetup.navEmails")}</NavLink>
      <NavLink to="/admin/portal/erasure-requests">{t("portalSetup.navErasure")}</NavLink>
    </nav>
  );
}

/** Copies `text` to the clipboard and says whether it worked. */
export function CopyButton({ text, label }: { text: string; label: string }) {
  const { t } = useTranslation();
  const [state, setState] = useState<"idle" | "copied" | "failed">("idle");

  return (
    <span className="copy">
      <button
        type="button"
        onClick={() => {
          // navigator.clipboard is missing outside secure contexts: the call throws.
          Promise.resolve()
            .then(() => navigator.clipboard.writeText(text))
            .then(
              () => {
                setState("copied");
              },
              () => {
                setState("failed");
              },
            );
        }}
      >
        {label}
      </button>
      <span role="status" className="copy-status muted">
        {state === "copied"
          ? t("portalSetup.copied")
          : state === "failed"
            ? t("portalSetup.copyFailed")
            : ""}
      </span>
    </span>
  );
}

/** Users of a type against what it may hold: a small bar and "12 of 3,000". */
export function UsageMeter({
  users,
  capacity,
  label,
}: {
  users: number;
  capacity: number;
  label: string;
}) {
  const { t, i18n } = useTranslation();
  const number = new Intl.NumberFormat(i18n.language);
  const max = Math.max(capacity, 1);
  return (
    <span className="usage">
      <meter
        min={0}
        max={max}
        value={Math.min(users, max)}
        high={max * 0.9}
        optimum={0}
        aria-label={label}
      />
      <span className="usage-text">
        {t("userTypes.usage", { users: number.format(users), capacity: number.format(capacity) })}
      </span>
    </span>
  );
}

/** Error messages shown under a control; `id` is what the control's aria-describedby names. */
export function ErrorText({ id, messages }: { id: string; messages: string[] }) {
  if (messages.length === 0) return null;
  return (
    <p id={id} className="field-error">
      {messages.join(" ")}
    </p>
  );
}
