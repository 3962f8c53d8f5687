import { screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it, vi } from "vitest";
import { freeType, invoicesModule } from "../../test/portal";
import { renderWithProviders } from "../../test/utils";
import { TabNotifyFields, UserTypeNotify } from "./NotifySettings";

describe("a user type's notification kinds", () => {
  it("shows each customer kind and reports the list in the settings' order", async () => {
    const onChange = vi.fn();
    renderWithProviders(
      <UserTypeNotify value={["record.linked"]} messages={[]} onChange={onChange} />,
      { language: "en" },
    );
    expect(screen.getByRole("checkbox", { name: /new record for you/i })).toBeChecked();
    const replies = screen.getByRole("checkbox", { name: /reply or public note/i });
    expect(replies).not.toBeChecked();
    await userEvent.click(replies);
    expect(onChange).toHaveBeenCalledWith(["note.public", "record.linked"]);
  });
});

describe("a tab's notifying fields", () => {
  const found = freeType.tabs?.find((t) => t.module === "Invoices");
  if (!found) throw new Error("the fixture has no Invoices tab");
  const tab = found;

  it("offers the fields the tab's layouts show and adds the one checked", async () => {
    const onChange = vi.fn();
    renderWithProviders(
      <TabNotifyFields tab={{ ...tab, notifyFields: [] }} module={invoicesModule} messages={[]} onChange={onChange} />,
      { language: "en" },
    );
    await userEvent.click(screen.getByRole("checkbox", { name: "Status" }));
    expect(onChange).toHaveBeenCalledWith(expect.objectContaining({ notifyFields: ["Status"] }));
  });

  it("drops the list when the last field is unchecked", async () => {
    const onChange = vi.fn();
    renderWithProviders(
      <TabNotifyFields tab={{ ...tab, notifyFields: ["Status"] }} module={invoicesModule} messages={[]} onChange={onChange} />,
      { language: "en" },
    );
    await userEvent.click(screen.getByRole("checkbox", { name: "Status" }));
    expect(onChange.mock.calls[0]?.[0]).not.toHaveProperty("notifyFields");
  });

  it("says a catalog tab notifies no one", () => {
    renderWithProviders(
      <TabNotifyFields tab={{ ...tab, scope: "catalog" }} module={invoicesModule} messages={[]} onChange={vi.fn()} />,
      { language: "en" },
    );
    expect(screen.queryByRole("checkbox")).not.toBeInTheDocument();
    expect(screen.getByText(/notifies no one/)).toBeInTheDocument();
  });
});
