import { useEffect, useId, useRef, type ReactNode } from "react";

const TABBABLE = [
  "a[href]",
  "button:not([disabled])",
  "input:not([disabled]):not([type='hidden'])",
  "select:not([disabled])",
  "textarea:not([disabled])",
  "[tabindex]:not([tabindex='-1'])",
].join(", ");

/** The elements inside `root` that Tab can reach, in document order. */
function tabbables(root: HTMLElement): HTMLElement[] {
  return [...root.querySelectorAll<HTMLElement>(TABBABLE)].filter(
    (element) => !element.hasAttribute("inert") && element.closest("[hidden]") === null,
  );
}

/**
 * The one modal dialog of the app, a native <dialog> opened with showModal():
 * the browser makes the page behind inert (no clicks, no focus, hidden from
 * assistive technology) and dims it with ::backdrop.
 *
 * Contract: it is open while mounted. On open, focus moves to the control
 * marked data-autofocus, else the first control inside (or the dialog
 * itself); Tab and Shift+Tab wrap inside it, so focus never reaches the
 * browser's address bar either; Escape calls onClose
 * (the parent unmounts it); on unmount focus returns to the element that had
 * it when the dialog opened, when that element is still on the page. The
 * dialog is labelled by its heading. A click on the backdrop does nothing, so
 * a half-filled form is not lost by a stray click.
 */
export function Dialog({
  title,
  onClose,
  children,
  role = "dialog",
}: {
  title: string;
  onClose: () => void;
  children: ReactNode;
  role?: "dialog" | "alertdialog";
}) {
  const id = useId();
  const ref = useRef<HTMLDialogElement>(null);
  // onClose changes on every render of most parents; the effects read the latest.
  const closeRef = useRef(onClose);
  useEffect(() => {
    closeRef.current = onClose;
  }, [onClose]);

  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    const opener = document.activeElement;
    // jsdom (the unit tests) has no showModal(); the open attribute shows it there.
    if (typeof dialog.showModal === "function") {
      if (!dialog.open) dialog.showModal();
    } else {
      dialog.setAttribute("open", "");
    }
    // A control marked data-autofocus (Cancel, in a confirmation) is where focus starts.
    const preferred = dialog.querySelector<HTMLElement>("[data-autofocus]");
    (preferred ?? tabbables(dialog)[0] ?? dialog).focus();
    // Escape and the other close requests (e.g. Android's back gesture) arrive
    // as "cancel"; the dialog closes when its parent unmounts it, not by itself.
    const cancel = (event: Event) => {
      event.preventDefault();
      closeRef.current();
    };
    dialog.addEventListener("cancel", cancel);
    return () => {
      dialog.removeEventListener("cancel", cancel);
      if (typeof dialog.close === "function" && dialog.open) dialog.close();
      if (opener instanceof HTMLElement && opener.isConnected) opener.focus();
    };
  }, []);

  return (
    <dialog
      ref={ref}
      role={role === "alertdialog" ? "alertdialog" : undefined}
      aria-labelledby={`${id}-title`}
      aria-modal="true"
      className="dialog card"
      tabIndex={-1}
      onKeyDown={(event) => {
        if (event.key === "Escape") {
          // Handled here so the browser does not also fire "cancel".
          event.preventDefault();
          event.stopPropagation();
          onClose();
          return;
        }
        if (event.key !== "Tab") return;
        const items = tabbables(event.currentTarget);
        const first = items[0];
        const last = items[items.length - 1];
        if (!first || !last) {
          event.preventDefault();
          return;
        }
        const active = document.activeElement;
        if (event.shiftKey && (active === first || active === event.currentTarget)) {
          event.preventDefault();
          last.focus();
        } else if (!event.shiftKey && active === last) {
          event.preventDefault();
          first.focus();
        }
      }}
    >
      <h2 id={`${id}-title`}>{title}</h2>
      {children}
    </dialog>
  );
}
