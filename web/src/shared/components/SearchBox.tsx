import { useState } from "react";
import { useTranslation } from "react-i18next";
import { useNavigate } from "react-router";

/**
 * The header's search: a labelled search field (2 to 100 characters, as the API asks) that
 * opens `to?q=…`, the side's results page (loaded when first shown). `texts` names the
 * side's namespace holding its words (searchLabel, searchPlaceholder, searchButton): each side
 * loads only its own frame's texts.
 */
export function SearchBox({
  to,
  initial = "",
  texts = "portal",
}: {
  to: string;
  initial?: string;
  texts?: "portal" | "console";
}) {
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
      }} aria-label={t(`${texts}.searchLabel`)}>
      <label htmlFor="site-search-q" className="visually-hidden">
        {t(`${texts}.searchLabel`)}
      </label>
      <input
        id="site-search-q"
        type="search"
        name="q"
        value={q}
        minLength={2}
        maxLength={100}
        required
        placeholder={t(`${texts}.searchPlaceholder`)}
        onChange={(event) => {
          setQ(event.target.value);
        }}
        data-testid="site-search"
      />
      <button type="submit">{t(`${texts}.searchButton`)}</button>
    </form>
  );
}
