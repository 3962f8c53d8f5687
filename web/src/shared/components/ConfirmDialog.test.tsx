import { screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { useState } from "react";
import { describe, expect, it, vi } from "vitest";
import { renderWithProviders } from "../../test/utils";
import { ConfirmDialog } from "./ConfirmDialog";

function Page({ busy = false, onConfirm }: { busy?: boolean; onConfirm: () => void }) {
  const [open, setOpen] = useState(false);
  return (
    <>
      <button
        type="button"
        onClick={() => {
          setOpen(true);
        }}
      >
        Delete
      </button>
      {open && (
        <ConfirmDialog
          title="Delete this note?"
          confirmLabel="Yes, delete"
          busyLabel="Deleting…"
          busy={busy}
          onConfirm={onConfirm}
          onCancel={() => {
            setOpen(false);
          }}
        >
          <p>It cannot be undone.</p>
        </ConfirmDialog>
      )}
    </>
  );
}

describe("ConfirmDialog", () => {
  it("starts on Cancel, so Enter by reflex destroys nothing, and Escape gives focus back", async () => {
    const onConfirm = vi.fn();
    renderWithProviders(<Page onConfirm={onConfirm} />, { language: "en" });
    const user = userEvent.setup();

    await user.click(screen.getByRole("button", { name: "Delete" }));
    const dialog = screen.getByRole("alertdialog", { name: "Delete this note?" });
    expect(dialog).toHaveTextContent("It cannot be undone.");
    expect(screen.getByRole("button", { name: "Cancel" })).toHaveFocus();

    await user.keyboard("{Enter}");
    expect(onConfirm).not.toHaveBeenCalled();
    expect(screen.queryByRole("alertdialog")).not.toBeInTheDocument();
    expect(screen.getByRole("button", { name: "Delete" })).toHaveFocus();

    await user.click(screen.getByRole("button", { name: "Delete" }));
    await user.keyboard("{Escape}");
    expect(screen.queryByRole("alertdialog")).not.toBeInTheDocument();
    expect(onConfirm).not.toHaveBeenCalled();
  });

  it("holds the action while busy", () => {
    const onConfirm = vi.fn();
    renderWithProviders(
      <ConfirmDialog
        title="Delete?"
        confirmLabel="Yes, delete"
        busyLabel="Deleting…"
        busy
        onConfirm={onConfirm}
        onCancel={onConfirm}
      />,
      { language: "en" },
    );
    expect(screen.getByRole("button", { name: "Deleting…" })).toBeDisabled();
  });

  it("runs the action once asked", async () => {
    const onConfirm = vi.fn();
    renderWithProviders(<Page onConfirm={onConfirm} />, { language: "en" });
    const user = userEvent.setup();

    await user.click(screen.getByRole("button", { name: "Delete" }));
    await user.click(screen.getByRole("button", { name: "Yes, delete" }));
    expect(onConfirm).toHaveBeenCalledTimes(1);

  });
});
