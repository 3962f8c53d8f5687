import { useEffect, useId, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import "./MoreMenu.css";

export interface MenuItem {
  key: string;
  label: string;
  onSelect: () => void;
}

/** A "More" button that opens a small menu of actions. */
export function MoreMenu({ items }: { items: MenuItem[] }) {
  const { t } = useTranslation();
  const id = useId();
  const [open, setOpen] = useState(false);
  const menu = useRef<HTMLUListElement>(null);
  const button = useRef<HTMLButtonElement>(null);

  useEffect(() => {
    if (open) menu.current?.querySelector<HTMLElement>("[role='menuitem']")?.focus();
  }, [open]);

  const close = () => {
    setOpen(false);
    button.current?.focus();
  };

  return (
    <div
      className="menu"
      onBlur={(event) => {
        if (!event.currentTarget.contains(event.relatedTarget)) setOpen(false);
      }}
    >
      <button
        ref={button}
        type="button"
        aria-haspopup="menu"
        aria-expanded={open}
        aria-controls={open ? `${id}-menu` : undefined}
        onClick={() => {
          setOpen((value) => !value);
        }}
      >
        {t("common.more")}
      </button>
      {open && (
        <ul
          ref={menu}
          id={`${id}-menu`}
          role="menu"
          aria-label={t("common.more")}
          className="menu-list"
          onKeyDown={(event) => {
            const entries = [
              ...event.currentTarget.querySelectorAll<HTMLElement>("[role='menuitem']"),
            ];
            const index = entries.indexOf(document.activeElement as HTMLElement);
            if (event.key === "Escape") {
              event.preventDefault();
              close();
            } else if (event.key === "ArrowDown") {
              event.preventDefault();
              entries[(index + 1) % entries.length]?.focus();
            } else if (event.key === "ArrowUp") {
              event.preventDefault();
              entries[(index - 1 + entries.length) % entries.length]?.focus();
            }
          }}
        >
          {items.map((item) => (
            <li key={item.key} role="none">
              <button
                type="button"
                role="menuitem"
                onClick={() => {
                  // Focus goes back to "More" first, so a dialog the item opens
                  // returns focus there when it closes.
                  close();
                  item.onSelect();
                }}
              >
                {item.label}
              </button>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
