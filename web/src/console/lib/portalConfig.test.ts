import { describe, expect, it } from "vitest";
import type { Module } from "../../shared/api/client";
import { contactsModule } from "../../test/console";
import { accountsModule, freeType, invoicesModule } from "../../test/portal";
import {
  apiPath,
  candidateTabs,
  checkChange,
  editorState,
  ErrorIndex,
  scopeChoices,
  switchDisplay,
  toChange,
  withAction,
  withLabel,
  withScope,
  writeBlock,
  type ValidationTexts,
} from "./portalConfig";

const productsModule: Module = {
  ...accountsModule,
  apiName: "Products",
  labels: { en: "Products" },
  fields: [
    {
      apiName: "Product_Name",
      labels: { en: "Product Name" },
      type: "text",
      required: true,
      system: false,
      custom: false,
    },
  ],
  layouts: [
    { id: "default", name: "Standard", sections: [{ name: "P", fields: ["Product_Name"] }] },
  ],
};
const leadsModule: Module = {
  ...contactsModule,
  apiName: "Leads",
  fields: contactsModule.fields.filter((field) => field.apiName !== "Account_Name"),
};

const texts: ValidationTexts = {
  required: "required",
  nameLength: "name length",
  seats: "seats",
  seatsBelowUsers: "below users",
  layouts: "layouts",
  columns: "columns",
  cardFields: "card fields",
  repeats: "repeats",
  criterionOne: "one",
  criterionMany: "many",
  labelLength: "label length",
};

describe("portal tab rules", () => {
  it("offers own, account and catalog scopes as the API allows them", () => {
    expect(scopeChoices(contactsModule, contactsModule)).toEqual([{ scope: "own", fields: [] }]);
    const invoices = scopeChoices(invoicesModule, contactsModule);
    expect(invoices.map((choice) => [choice.scope, choice.fields.map((f) => f.apiName)])).toEqual([
      ["own", ["Contact_Name"]],
      ["account", ["Account_Name"]],
    ]);
    // Leads have no account: only own through a lookup to Leads, which Invoices lack.
    expect(scopeChoices(invoicesModule, leadsModule)).toEqual([]);
    expect(scopeChoices(productsModule, contactsModule).map((choice) => choice.scope)).toEqual([
      "catalog",
    ]);
  });

  it("builds the candidate tabs: the base module first, off, with five list columns", () => {
    const tabs = candidateTabs(contactsModule, [
      contactsModule,
      accountsModule,
      invoicesModule,
      productsModule,
    ]);
    expect(tabs.map((tab) => [tab.module, tab.scope, tab.scopeField, tab.enabled])).toEqual([
      ["Contacts", "own", "", false],
      ["Invoices", "own", "Contact_Name", false],
      ["Products", "catalog", "", false],
    ]);
    expect(tabs[0]).toMatchObject({ edit: true, view: true, create: false, layouts: ["default"] });
    expect(tabs[1]?.display).toEqual({
      kind: "list",
      columns: ["Subject", "Status", "Contact_Name", "Account_Name", "Grand_Total"],
    });
  });

  it("keeps view on for other actions and makes a catalog read-only", () => {
    const [, invoices] = candidateTabs(contactsModule, [invoicesModule]);
    if (!invoices) throw new Error("no Invoices tab");
    expect(withAction({ ...invoices, view: false }, "create", true)).toMatchObject({
      create: true,
      view: true,
    });
    expect(withAction({ ...invoices, edit: true, notes: true }, "view", false)).toMatchObject({
      view: false,
      edit: false,
      notes: false,
    });
    const choices = scopeChoices(invoicesModule, contactsModule);
    expect(withScope(invoices, "account", choices)).toMatchObject({
      scope: "account",
      scopeField: "Account_Name",
    });
    expect(withScope({ ...invoices, edit: true }, "catalog", choices)).toMatchObject({
      scope: "catalog",
      scopeField: "",
      edit: false,
      view: true,
    });
  });

  it("says which fields portal users can never write", () => {
    const [, invoices] = candidateTabs(contactsModule, [invoicesModule]);
    const field = (name: string) => {
      const found = invoicesModule.fields.find((f) => f.apiName === name);
      if (!found) throw new Error(`no field ${name}`);
      return found;
    };
    expect(writeBlock(invoices, field("Contact_Name"))).toBe("portal");
    expect(writeBlock(invoices, field("Account_Name"))).toBe("portal");
    expect(writeBlock(invoices, field("Grand_Total"))).toBe("system");
    expect(writeBlock(invoices, field("Subject"))).toBeUndefined();
  });

  it("carries the fields over when the display kind changes", () => {
    const canvas = switchDisplay(
      { kind: "list", columns: ["A", "B", "C", "D", "E", "F", "G"] },
      "canvas",
    );
    expect(canvas).toEqual({
      kind: "canvas",
      title: "A",
      subtitle: "B",
      cardFields: ["C", "D", "E", "F"],
    });
    expect(switchDisplay(canvas, "list")).toEqual({
      kind: "list",
      columns: ["A", "B", "C", "D", "E", "F"],
    });
  });

  it("sets and removes customer-facing labels without leaving empty objects", () => {
    const one = withLabel({}, "Status", "Paid", "en", "Settled");
    expect(one).toEqual({ Status: { Paid: { en: "Settled" } } });
    expect(withLabel(one, "Status", "Paid", "en", "")).toEqual({});
  });
});

describe("user type changes", () => {
  it("sends read and read-write fields, trimmed labels and no seats for the free type", () => {
    const state = editorState(freeType);
    state.fields = { ...state.fields, Invoices: { Subject: "read", Status: "hidden" } };
    const first = state.tabs[0];
    if (!first) throw new Error("no tab");
    state.tabs[0] = {
      ...first,
      picklistLabels: { Status: { Paid: { en: " Settled ", "pt-BR": " " } } },
    };
    const change = toChange(state, true);
    expect(change).not.toHaveProperty("seats");
    expect(change.fields?.Invoices).toEqual({ Subject: "read" });
    expect(change.tabs?.[0]?.picklistLabels).toEqual({ Status: { Paid: { en: "Settled" } } });
    expect(toChange({ ...state, seats: "7" }, false).seats).toBe(7);
  });

  it("names problems by the API's paths", () => {
    const state = editorState(freeType);
    const first = state.tabs[0];
    if (!first) throw new Error("no tab");
    state.tabs[0] = {
      ...first,
      display: { kind: "list", columns: ["Subject", "Subject"] },
      fixed: { field: "Status", op: "eq", values: ["A", "B"] },
    };
    expect(checkChange(toChange({ ...state, name: " " }, true), texts, 0)).toEqual([
      { field: "name", message: "required" },
      { field: "tabs[0].display.columns[1]", message: "repeats" },
      { field: "tabs[0].fixed.values", message: "one" },
    ]);
    expect(checkChange(toChange({ ...state, tabs: [], seats: "2" }, false), texts, 3)).toEqual([
      { field: "seats", message: "below users" },
    ]);
    expect(apiPath(["tabs", 2, "display", "columns", 0])).toBe("tabs[2].display.columns[0]");
  });

  it("finds errors by path and under it", () => {
    const index = new ErrorIndex([
      { field: "tabs[0].layouts[1]", message: "a" },
      { field: "tabs[0].layouts", message: "b" },
      { field: "tabs[0].layoutsX", message: "c" },
      { field: "fields.Invoices.Status", message: "d" },
    ]);
    expect(index.at("tabs[0].layouts")).toEqual(["b"]);
    expect(index.under("tabs[0].layouts")).toEqual(["a", "b"]);
    expect(ErrorIndex.tabIndex("tabs[12].display")).toBe(12);
    expect(ErrorIndex.fieldsModule("fields.Invoices.Status")).toBe("Invoices");
  });
});
