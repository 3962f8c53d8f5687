import { useTranslation } from "react-i18next";

/**
 * Previous / Next paging over an opaque-cursor list: `cursors` is the stack of cursors of the
 * pages before the current one, so Previous pops it and Next pushes `nextCursor`.
 */
export function CursorPager({
  cursors,
  setCursors,
  nextCursor,
  busy,
  nextDisabled,
  pageTestId,
}: {
  cursors: string[];
  setCursors: (update: (stack: string[]) => string[]) => void;
  nextCursor: string | undefined;
  busy: boolean;
  nextDisabled: boolean;
  pageTestId: string;
}) {
  const { t } = useTranslation();
  return (
    <nav className="pager" aria-label={t("records.paging")}>
      <button
        type="button"
        disabled={cursors.length === 0 || busy}
        onClick={() => {
          setCursors((stack) => stack.slice(0, -1));
        }}
      >
        {t("records.previous")}
      </button>
      <span data-testid={pageTestId}>{t("records.page", { page: cursors.length + 1 })}</span>
      <button
        type="button"
        disabled={!nextCursor || nextDisabled}
        onClick={() => {
          if (nextCursor) setCursors((stack) => [...stack, nextCursor]);
        }}
      >
        {t("records.next")}
      </button>
    </nav>
  );
}
