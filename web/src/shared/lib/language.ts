import { useTranslation } from "react-i18next";
import { currentLanguage } from "../../i18n";

/** The UI language tag (en, pt-BR). */
export function useLanguage(): string {
  const { i18n } = useTranslation();
  return currentLanguage(i18n);
}
