import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import type { Language } from "../../i18n";
import { LanguageSwitcher } from "./LanguageSwitcher";

interface SiteHeaderProps {
  /** Shown after the product name, e.g. the console or the customer's name. */
  context?: string;
  /**
   * Replaces the product name and its link to the product's root page: the
   * customer portal shows the company's brand, linking inside the portal.
   */
  brand?: ReactNode;
  /** Section navigation for the shell. */
  children?: ReactNode;
  /** Shown after the language switcher, e.g. the signed-in user and "Sign out". */
  actions?: ReactNode;
  /** Called when the language switcher changed the language (see LanguageSwitcher). */
  onLanguageChange?: ((language: Language) => void) | undefined;
}

export function SiteHeader({ context, brand, children, actions, onLanguageChange }: SiteHeaderProps) {
  const { t } = useTranslation();

  return (
    <>
      <a className="skip-link" href="#main">
        {t("app.skipToContent")}
      </a>
      <header className="site-header">
        <div className="site-header-inner">
          <p className="brand">
            {brand ?? (
              <>
                <Link to="/">{t("app.name")}</Link>
                {context && <span className="brand-context">{context}</span>}
              </>
            )}
          </p>
          {children}
          <LanguageSwitcher onChange={onLanguageChange} />
          {actions}
        </div>
      </header>
    </>
  );
}
