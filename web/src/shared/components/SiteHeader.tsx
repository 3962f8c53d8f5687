import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { LanguageSwitcher } from "./LanguageSwitcher";

interface SiteHeaderProps {
  /** Shown after the product name, e.g. the console or the customer's name. */
  context?: string;
  /** Section navigation for the shell. */
  children?: ReactNode;
  /** Shown after the language switcher, e.g. the signed-in user and "Sign out". */
  actions?: ReactNode;
}

export function SiteHeader({ context, children, actions }: SiteHeaderProps) {
  const { t } = useTranslation();

  return (
    <>
      <a className="skip-link" href="#main">
        {t("app.skipToContent")}
      </a>
      <header className="site-header">
        <div className="site-header-inner">
          <p className="brand">
            <Link to="/">{t("app.name")}</Link>
            {context && <span className="brand-context">{context}</span>}
          </p>
          {children}
          <LanguageSwitcher />
          {actions}
        </div>
      </header>
    </>
  );
}
