import { useTranslation } from "react-i18next";

/**
 * The last item of a problem's list of field errors: "and N more" when the
 * problem lists only the first of them (its `moreErrors` count).
 */
export function MoreErrorsItem({ count }: { count?: number | undefined }) {
  const { t } = useTranslation();
  if (!count || count <= 0) return null;
  return <li className="muted">{t("problem.moreErrors", { count })}</li>;
}
