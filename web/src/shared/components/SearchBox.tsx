import { useState } from "react";
import { useTranslation } from "react-i18next";
import { useNavigate } from "react-router";

/**
 * The header's search: a labelled search field (2 to 100 characters, as the API asks) that
 * opens `to?q=…`, the side's results page (loaded when first shown).
 */
export function SearchBox({ to, initial = "" }: { to: string; initial?: string }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [q, setQ] = useState(initial);
  const submit = () => {
    const query = q.trim();
    if (query.length < 2) return;
    void navigate(`${to}?q=${encodeURIComponent(query)}`);
  };
  return (
    <form role="search" className="site-search" onSubmit={(event) => {
        event.preventDefault();
        submit();
      }} aria-label={t("portal.searchLabel")}>
      <label htmlFor="site-search-q" className="visually-hidden">
        {t("portal.searchLabel")}
      </label>
      <input
        id="site-search-q"
        type="search"
        name="q"
        value={q}
        minLength={2}
        maxLength={100}
        required
        placeholder={t("portal.searchPlaceholder")}
        onChange={(event) => {
          setQ(event.target.value);
        }}
        data-testid="site-search"
      />
      <button type="submit">{t("portal.searchButton")}</button>
    </form>
  );
}
