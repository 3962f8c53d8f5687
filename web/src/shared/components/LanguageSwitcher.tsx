import { useId } from "react";
import { useTranslation } from "react-i18next";
import {
  SUPPORTED_LANGUAGES,
  currentLanguage,
  normalizeLanguage,
  setLanguage,
  type Language,
} from "../../i18n";

interface LanguageSwitcherProps {
  /**
   * Called after the page switched to the chosen language, e.g. to save it as
   * the signed-in user's preference so that the next load keeps it.
   */
  onChange?: ((language: Language) => void) | undefined;
}

/**
 * The one language control of every page: it switches the page at once and
 * remembers the choice in this browser; onChange saves it for the user.
 */
export function LanguageSwitcher({ onChange }: LanguageSwitcherProps) {
  const { t, i18n } = useTranslation();
  const id = useId();

  return (
    <div className="language-switcher">
      <label htmlFor={id}>{t("language.label")}</label>
      <select
        id={id}
        value={currentLanguage(i18n)}
        onChange={(event) => {
          const language = normalizeLanguage(event.target.value);
          if (!language) return;
          void setLanguage(i18n, language).then(() => onChange?.(language));
        }}
      >
        {SUPPORTED_LANGUAGES.map((language) => (
          <option key={language} value={language} lang={language}>
            {t(`language.options.${language}`)}
          </option>
        ))}
      </select>
    </div>
  );
}
