import { useId, useState } from "react";
import { useTranslation } from "react-i18next";
import type { UserType } from "../../../shared/api/client";
import { startPreview } from "../../api/portalSetup";
import { ProblemNotice } from "../ProblemNotice";
import "./portalSetup.css";

/**
 * "Preview": pick a user type and open the customer portal as its users see
 * it, read-only, in a new tab.
 */
export function PreviewControl({ userTypes }: { userTypes: UserType[] }) {
  const { t } = useTranslation();
  const id = useId();
  const [selected, setSelected] = useState(userTypes[0]?.id ?? "");
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<unknown>(undefined);
  const current = userTypes.some((item) => item.id === selected) ? selected : userTypes[0]?.id;

  if (!current) return null;

  const onPreview = async () => {
    setBusy(true);
    setFailure(undefined);
    try {
      const preview = await startPreview(current);
      window.open(preview.url, "_blank", "noopener");
    } catch (error) {
      setFailure(error);
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="card preview-control" aria-labelledby={`${id}-heading`}>
      <h2 id={`${id}-heading`}>{t("preview.heading")}</h2>
      <p className="field-hint">{t("preview.intro")}</p>
      {failure !== undefined && <ProblemNotice error={failure} />}
      <div className="preview-row">
        <div className="form-field">
          <label htmlFor={`${id}-type`}>{t("preview.userType")}</label>
          <select
            id={`${id}-type`}
            value={current}
            onChange={(event) => {
              setSelected(event.currentTarget.value);
            }}
          >
            {userTypes.map((item) => (
              <option key={item.id} value={item.id}>
                {item.name}
              </option>
            ))}
          </select>
        </div>
        <button
          type="button"
          className="primary"
          disabled={busy}
          onClick={() => void onPreview()}
        >
          {busy ? t("preview.opening") : t("preview.button")}
        </button>
      </div>
    </section>
  );
}
