import { describe, expect, it } from "vitest";
import { CUSTOMER_KINDS, KIND_KEYS, layoutFieldNames, toggleKind } from "./notifySettings";

describe("toggleKind", () => {
  const cases = [
    { name: "turns one on, in the settings' order", list: ["record.linked"], kind: "note.public", on: true, want: ["note.public", "record.linked"] },
    { name: "turns one off", list: ["note.public", "file.shared"], kind: "note.public", on: false, want: ["file.shared"] },
    { name: "on twice stays once", list: ["file.shared"], kind: "file.shared", on: true, want: ["file.shared"] },
    { name: "off when off changes nothing", list: [], kind: "field.changed", on: false, want: [] },
  ] as const;
  for (const c of cases) {
    it(c.name, () => {
      expect(toggleKind(CUSTOMER_KINDS, c.list, c.kind, c.on)).toEqual(c.want);
    });
  }
});

describe("layoutFieldNames", () => {
  const module = {
    fields: [{ apiName: "Subject" }, { apiName: "Status" }, { apiName: "Priority" }, { apiName: "Secret" }],
    layouts: [
      { id: "default", sections: [{ fields: ["Status", "Subject"] }] },
      { id: "short", sections: [{ fields: ["Priority"] }, { fields: ["Subject"] }] },
    ],
  };
  const cases = [
    { name: "one layout, in the module's order", layouts: ["default"], want: ["Subject", "Status"] },
    { name: "two layouts, each field once", layouts: ["default", "short"], want: ["Subject", "Status", "Priority"] },
    { name: "an unknown layout shows nothing", layouts: ["gone"], want: [] },
    { name: "no layouts", layouts: [], want: [] },
  ];
  for (const c of cases) {
    it(c.name, () => {
      expect(layoutFieldNames(module, c.layouts)).toEqual(c.want);
    });
  }
});

describe("KIND_KEYS", () => {
  it("names every customer kind", () => {
    expect(CUSTOMER_KINDS.map((kind) => KIND_KEYS[kind])).toEqual([
      "notePublic",
      "fileShared",
      "fieldChanged",
      "recordLinked",
    ]);
  });
});
