import {
  useCallback,
  useMemo,
  useRef,
  useState,
  type ComponentPropsWithRef,
  type KeyboardEvent,
} from "react";
import { useTranslation } from "react-i18next";
import { filterTimeZones, timeZoneChoices } from "../lib/timeZones";
import "./TimeZoneSelect.css";

type Props = Omit<ComponentPropsWithRef<"select">, "children" | "id"> & {
  /** The select's id: the page's <label htmlFor={id}> names it. */
  id: string;
  /** IANA names to offer (timeZoneOptions: the browser's, with the current value kept). */
  zones: readonly string[];
};

/**
 * A time-zone field: a native select (so keyboard and screen readers work as everywhere)
 * whose options read "(UTC−03:00) Sao Paulo — America/Sao_Paulo", sorted by offset, with a
 * search box above it that narrows them ("paulo", "-03", "tokyo"). Enter in the box picks the
 * first match. The value selected stays listed whatever the search, so narrowing never
 * changes it. The other props (react-hook-form's register, aria-*) go to the select.
 */
export function TimeZoneSelect({ id, zones, ref, ...selectProps }: Props) {
  const { t } = useTranslation();
  const [query, setQuery] = useState("");
  const [pinned, setPinned] = useState<string | undefined>(undefined);
  const selectRef = useRef<HTMLSelectElement | null>(null);
  const options = useMemo(() => timeZoneChoices(zones), [zones]);
  const matches = useMemo(() => filterTimeZones(options, query), [options, query]);
  const visible = useMemo(() => {
    const kept = pinned === undefined ? undefined : options.find((o) => o.zone === pinned);
    return kept && !matches.includes(kept) ? [kept, ...matches] : matches;
  }, [options, matches, pinned]);

  const setRef = useCallback(
    (element: HTMLSelectElement | null) => {
      selectRef.current = element;
      if (typeof ref === "function") ref(element);
      else if (ref) ref.current = element;
    },
    [ref],
  );

  const onSearchKey = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.key !== "Enter") return;
    // Enter picks, it does not submit the form.
    event.preventDefault();
    const first = matches[0];
    const select = selectRef.current;
    if (!first || !select) return;
    select.value = first.zone;
    select.dispatchEvent(new Event("change", { bubbles: true }));
    setPinned(first.zone);
  };

  return (
    <div className="time-zone-select">
      <input
        type="search"
        id={`${id}-search`}
        className="time-zone-search"
        aria-label={t("timeZoneSelect.search")}
        aria-controls={id}
        placeholder={t("timeZoneSelect.placeholder")}
        autoComplete="off"
        value={query}
        onChange={(event) => {
          setPinned(selectRef.current?.value);
          setQuery(event.target.value);
        }}
        onKeyDown={onSearchKey}
      />
      <select id={id} ref={setRef} {...selectProps}>
        {visible.map((option) => (
          <option key={option.zone} value={option.zone}>
            {option.label}
          </option>
        ))}
      </select>
      {query !== "" && matches.length === 0 && (
        <p role="status" className="muted time-zone-none">
          {t("timeZoneSelect.none", { query })}
        </p>
      )}
    </div>
  );
}
