import { useTranslation } from "react-i18next";

/** Turns Retry-After seconds into a sentence; minutes when it is long. */
export function useRetryText() {
  const { t } = useTranslation();
  return (seconds: number | undefined) => {
    if (seconds === undefined) return t("problem.tooManyLater");
    if (seconds >= 120) return t("problem.tooManyMinutes", { count: Math.ceil(seconds / 60) });
    return t("problem.tooMany", { count: Math.max(seconds, 1) });
  };
}
