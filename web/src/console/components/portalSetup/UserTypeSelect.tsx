import { useId } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { useUserTypes } from "../../api/portalSetup";
import { typesFor } from "../../lib/portalUsers";
import { Loading, ProblemNotice } from "../ProblemNotice";

/**
 * Picks a user type of the base module `module`, with the seats each one
 * uses against what it may hold.
 */
export function UserTypeSelect({
  module,
  value,
  onChange,
  label,
  disabled,
}: {
  module: string;
  value: string;
  onChange: (id: string) => void;
  label: string;
  disabled?: boolean;
}) {
  const { t, i18n } = useTranslation();
  const id = useId();
  const userTypes = useUserTypes();
  const number = new Intl.NumberFormat(i18n.language);

  if (userTypes.error) {
    return <ProblemNotice error={userTypes.error} onRetry={() => void userTypes.refetch()} />;
  }
  if (!userTypes.data) return <Loading label={t("console.loading")} />;
  const types = typesFor(userTypes.data.items, module);
  if (types.length === 0) {
    return (
      <p role="status" className="notice notice-warn" data-testid="no-user-types">
        {t("invite.noTypes", { module })}{" "}
        <Link to="/admin/portal/user-types">{t("invite.toUserTypes")}</Link>
      </p>
    );
  }
  return (
    <div className="form-field">
      <label htmlFor={id}>{label}</label>
      <select
        id={id}
        value={value}
        disabled={disabled}
        onChange={(event) => {
          onChange(event.target.value);
        }}
      >
        <option value="">{t("invite.chooseType")}</option>
        {types.map((type) => (
          <option key={type.id} value={type.id} disabled={type.users >= type.capacity}>
            {t("invite.typeOption", {
              name: type.name,
              users: number.format(type.users),
              capacity: number.format(type.capacity),
            })}
          </option>
        ))}
      </select>
    </div>
  );
}
