import type { TFunction } from "i18next";
import { describe, expect, it } from "vitest";
import type { Tab } from "../../shared/api/client";
import { moduleOfPath, tabPart } from "./userTypeEditor";

const tabs = [{ module: "Cases" }, { module: "Invoices" }] as Tab[];

describe("moduleOfPath", () => {
  const cases = [
    { name: "a tab's path names its module", path: "tabs[1].display.columns[0]", want: "Invoices" },
    { name: "a field permission names its module", path: "fields.Cases.Status", want: "Cases" },
    { name: "a tab past the end names none", path: "tabs[5].enabled", want: undefined },
    { name: "a general path names none", path: "name", want: undefined },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const got = moduleOfPath(c.path, tabs);
      expect(got).toBe(c.want);
    });
  }
});

describe("tabPart", () => {
  const t = ((key: string) => key) as unknown as TFunction;
  const cases = [
    { name: "nothing after the tab", rest: "", want: "" },
    { name: "scope field is access", rest: "scopeField", want: "typeEditor.access" },
    { name: "a display column", rest: "display.columns[1]", want: "typeEditor.display" },
    { name: "attachments are extras", rest: "attachments", want: "typeEditor.extras" },
    { name: "anything else is permissions", rest: "create", want: "typeEditor.permissions" },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const got = tabPart(c.rest, t);
      expect(got).toBe(c.want);
    });
  }
});
