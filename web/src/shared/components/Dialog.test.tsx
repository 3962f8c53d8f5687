import { fireEvent, render, screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { useState } from "react";
import { afterEach, describe, expect, it, vi } from "vitest";
import { Dialog } from "./Dialog";

/** A page with a button that opens a dialog of two fields and two buttons. */
function Page({ onPageKey }: { onPageKey?: (key: string) => void }) {
  const [open, setOpen] = useState(false);
  return (
    <div
      onKeyDown={(event) => {
        onPageKey?.(event.key);
      }}
    >
      <button type="button">Before</button>
      <button
        type="button"
        onClick={() => {
          setOpen(true);
        }}
      >
        Invite
      </button>
      {open && (
        <Dialog
          title="Send invitation"
          onClose={() => {
            setOpen(false);
          }}
        >
          <label>
            Name <input />
          </label>
          <button type="button" disabled>
            Disabled
          </button>
          <button type="button">Send</button>
          <button
            type="button"
            onClick={() => {
              setOpen(false);
            }}
          >
            Cancel
          </button>
        </Dialog>
      )}
      <button type="button">After</button>
    </div>
  );
}

async function openDialog(onPageKey?: (key: string) => void) {
  const user = userEvent.setup();
  render(<Page {...(onPageKey ? { onPageKey } : {})} />);
  const opener = screen.getByRole("button", { name: "Invite" });
  await user.click(opener);
  return { user, opener, dialog: screen.getByRole("dialog", { name: "Send invitation" }) };
}

describe("Dialog", () => {
  afterEach(() => {
    // Remove the stand-ins of the native methods some tests install.
    Reflect.deleteProperty(HTMLDialogElement.prototype, "showModal");
    Reflect.deleteProperty(HTMLDialogElement.prototype, "close");
  });

  it("is a dialog named by its title, and focus moves to its first control", async () => {
    const { dialog } = await openDialog();
    expect(dialog.tagName).toBe("DIALOG");
    expect(dialog).toHaveAttribute("open");
    expect(screen.getByRole("textbox", { name: "Name" })).toHaveFocus();
  });

  it("keeps Tab inside: forwards from the last control wraps to the first", async () => {
    const { user } = await openDialog();
    const visited: string[] = [];
    for (let i = 0; i < 4; i++) {
      await user.tab();
      const active = document.activeElement;
      visited.push(active instanceof HTMLInputElement ? "Name" : (active?.textContent ?? ""));
    }
    // Name → Send → Cancel → Name (wrapped) → Send; never Before/After/Invite.
    expect(visited).toEqual(["Send", "Cancel", "Name", "Send"]);
  });

  it("keeps Shift+Tab inside: backwards from the first control wraps to the last", async () => {
    const { user } = await openDialog();
    await user.tab({ shift: true });
    expect(screen.getByRole("button", { name: "Cancel" })).toHaveFocus();
    await user.tab({ shift: true });
    expect(screen.getByRole("button", { name: "Send" })).toHaveFocus();
  });

  it("closes on Escape, returns focus to the opener and keeps the key from the page", async () => {
    const pageKeys: string[] = [];
    const { user, opener } = await openDialog((key) => pageKeys.push(key));
    await user.keyboard("{Escape}");
    expect(screen.queryByRole("dialog")).not.toBeInTheDocument();
    expect(opener).toHaveFocus();
    expect(pageKeys).not.toContain("Escape");
  });

  it("returns focus to the opener when a button inside closes it", async () => {
    const { user, opener } = await openDialog();
    await user.click(screen.getByRole("button", { name: "Cancel" }));
    expect(screen.queryByRole("dialog")).not.toBeInTheDocument();
    expect(opener).toHaveFocus();
  });

  it("opens with the browser's showModal and closes on its cancel event", async () => {
    const showModal = vi.fn(function (this: HTMLDialogElement) {
      this.setAttribute("open", "");
    });
    const close = vi.fn(function (this: HTMLDialogElement) {
      this.removeAttribute("open");
    });
    Object.defineProperty(HTMLDialogElement.prototype, "showModal", {
      value: showModal,
      configurable: true,
    });
    Object.defineProperty(HTMLDialogElement.prototype, "close", {
      value: close,
      configurable: true,
    });
    const { dialog, opener } = await openDialog();
    expect(showModal).toHaveBeenCalledTimes(1);

    // The browser's close request (Escape, Android's back gesture) arrives as "cancel".
    const cancel = new Event("cancel", { cancelable: true });
    fireEvent(dialog, cancel);
    expect(cancel.defaultPrevented).toBe(true);
    expect(screen.queryByRole("dialog")).not.toBeInTheDocument();
    expect(close).toHaveBeenCalledTimes(1);
    expect(opener).toHaveFocus();
  });
});
