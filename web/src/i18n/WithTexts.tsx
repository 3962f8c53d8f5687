import { use, useContext, type ReactNode } from "react";
import { I18nContext } from "react-i18next";
import { currentLanguage, hasTexts, loadTexts, type TextSet } from ".";

/**
 * Renders its children once the shown language's texts of the set (or of each set) are
 * loaded; until then it suspends (the nearest Suspense shows its fallback). A page of the
 * other side reached without a reload (the landing page's link to the console, leaving a
 * portal preview) loads them here, and so does a page its own sets (lazyPage).
 */
export function WithTexts({
  set,
  children,
}: {
  set: TextSet | readonly TextSet[];
  children: ReactNode;
}) {
  // The instance from context: with useTranslation here, the lazily loaded side below never
  // rendered under the tests' act environment.
  const { i18n } = useContext(I18nContext);
  const language = currentLanguage(i18n);
  const sets: readonly TextSet[] = typeof set === "string" ? [set] : set;
  const missing = sets.filter((name) => !hasTexts(i18n, name, language));
  if (missing.length > 0) use(loadTexts(i18n, missing, language));
  return children;
}
