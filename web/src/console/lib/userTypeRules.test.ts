import { describe, expect, it } from "vitest";
import type { Field, Module, Tab } from "../../shared/api/client";
import type { EditorState } from "./portalConfig";
import {
  applyFix,
  canonical,
  liveIssues,
  sameState,
  standingErrors,
  type Fix,
  type Issue,
} from "./userTypeRules";

function field(apiName: string, extra: Partial<Field> = {}): Field {
  return {
    apiName,
    labels: { en: apiName },
    type: "text",
    required: false,
    system: false,
    custom: false,
    ...extra,
  };
}

const cases: Module = {
  apiName: "Cases",
  labels: { en: "Cases" },
  fields: [
    field("Subject", { required: true }),
    field("Status", { type: "picklist" }),
    field("Priority", { type: "picklist" }),
    field("Contact_Name", { type: "lookup", lookupModule: "Contacts", required: true }),
    field("Case_Number", { system: true }),
    field("Lines", { type: "lineitems" }),
  ],
  layouts: [],
} as unknown as Module;
const contacts: Module = {
  apiName: "Contacts",
  labels: { en: "Contacts" },
  fields: [field("Email")],
  layouts: [],
} as unknown as Module;
const byName = new Map([
  ["Cases", cases],
  ["Contacts", contacts],
]);

function tab(extra: Partial<Tab> = {}): Tab {
  return {
    module: "Cases",
    enabled: true,
    scope: "own",
    scopeField: "Contact_Name",
    layouts: ["default"],
    create: false,
    edit: false,
    view: true,
    delete: false,
    display: { kind: "list", columns: ["Subject", "Status"] },
    filterable: [],
    notes: false,
    attachments: false,
    ...extra,
  };
}

function state(t: Tab, perms: EditorState["fields"]["x"] = { Subject: "read", Status: "read" }) {
  return { name: "Clientes", baseModule: "Contacts", seats: "0", tabs: [t], fields: { Cases: perms } };
}

/** An issue's rule, path and fix kinds: what the editor shows. */
const brief = (issue: Issue) => `${issue.rule} ${issue.path} [${issue.fixes.map((f) => f.kind).join(",")}]`;

describe("liveIssues", () => {
  const table: { name: string; state: EditorState; want: string[] }[] = [
    { name: "every shown field visible: no issue", state: state(tab()), want: [] },
    {
      name: "a hidden list column",
      state: state(tab(), { Subject: "read" }),
      want: ["hiddenInUse tabs[0].display.columns[1] [makeRead,removeUse]"],
    },
    {
      name: "the only column cannot be removed, only made read-only",
      state: state(tab({ display: { kind: "list", columns: ["Status"] } }), {}),
      want: ["hiddenInUse tabs[0].display.columns[0] [makeRead]"],
    },
    {
      name: "a disabled tab is not checked, as on the server",
      state: state(tab({ enabled: false }), {}),
      want: [],
    },
    {
      name: "a hidden filter",
      state: state(tab({ filterable: ["Subject", "Priority"] })),
      want: ["hiddenInUse tabs[0].filterable[1] [makeRead,removeUse]"],
    },
    {
      name: "card title, subtitle and card fields",
      state: state(
        tab({
          display: { kind: "canvas", title: "Priority", subtitle: "Status", cardFields: ["Subject", "Status", "Case_Number"] },
        }),
        { Subject: "read" },
      ),
      want: [
        "hiddenInUse tabs[0].display.title [makeRead]",
        "hiddenInUse tabs[0].display.subtitle [makeRead,removeUse]",
        // Status repeats the subtitle: the server names the repeat, not the permission.
        "hiddenInUse tabs[0].display.cardFields[2] [makeRead,removeUse]",
      ],
    },
    {
      name: "a repeated column is named once",
      state: state(tab({ display: { kind: "list", columns: ["Priority", "Priority"] } }), {}),
      want: ["hiddenInUse tabs[0].display.columns[0] [makeRead,removeUse]"],
    },
    {
      name: "a column of an unknown or line items field is left to the server",
      state: state(tab({ display: { kind: "list", columns: ["Gone", "Lines"] } }), {}),
      want: [],
    },
    {
      name: "a system field set read-write counts as read-only",
      state: state(tab({ display: { kind: "list", columns: ["Case_Number"] } }), { Case_Number: "write" }),
      want: ["writeBlocked fields.Cases.Case_Number [makeRead]"],
    },
    {
      name: "create needs the required fields read-write",
      state: state(tab({ create: true })),
      want: ["createNeedsWrite tabs[0].create [makeWrite,createOff]"],
    },
    {
      name: "create with the required fields read-write",
      state: state(tab({ create: true }), { Subject: "write", Status: "read" }),
      want: [],
    },
    {
      name: "the scope field is set by the portal, not required to be writable",
      state: state(
        tab({ create: true, scopeField: "Contact_Name" }),
        { Subject: "write", Status: "read" },
      ),
      want: [],
    },
    {
      name: "read-write on a lookup to Contacts is refused",
      state: state(tab(), { Subject: "read", Status: "read", Contact_Name: "write" }),
      want: ["writeBlocked fields.Cases.Contact_Name [makeRead]"],
    },
    {
      name: "read-write in a catalog tab is refused",
      state: state(tab({ scope: "catalog", scopeField: "" }), { Subject: "write", Status: "read" }),
      want: ["writeBlocked fields.Cases.Subject [makeRead]"],
    },
  ];
  for (const c of table) {
    it(c.name, () => {
      const got = liveIssues(c.state, byName).map(brief);
      expect(got).toEqual(c.want);
    });
  }
});

describe("applyFix", () => {
  const base = state(
    tab({
      display: { kind: "list", columns: ["Subject", "Status", "Priority"] },
      filterable: ["Status", "Priority"],
      create: true,
    }),
    { Subject: "read" },
  );
  const table: { name: string; fix: Fix; want: (s: EditorState) => unknown; value: unknown }[] = [
    {
      name: "make read-only sets only that permission",
      fix: { kind: "makeRead", module: "Cases", field: "Status" },
      want: (s) => s.fields.Cases,
      value: { Subject: "read", Status: "read" },
    },
    {
      name: "make read-write",
      fix: { kind: "makeWrite", module: "Cases", field: "Subject" },
      want: (s) => s.fields.Cases,
      value: { Subject: "write" },
    },
    {
      name: "remove a column keeps the others in order",
      fix: { kind: "removeUse", tab: 0, place: { kind: "column", index: 1 } },
      want: (s) => s.tabs[0]?.display.columns,
      value: ["Subject", "Priority"],
    },
    {
      name: "remove a filter",
      fix: { kind: "removeUse", tab: 0, place: { kind: "filter", index: 0 } },
      want: (s) => s.tabs[0]?.filterable,
      value: ["Priority"],
    },
    {
      name: "turn create off",
      fix: { kind: "createOff", tab: 0 },
      want: (s) => s.tabs[0]?.create,
      value: false,
    },
  ];
  for (const c of table) {
    it(c.name, () => {
      const got = c.want(applyFix(base, c.fix));
      expect(got).toEqual(c.value);
    });
  }

  it("clears the issue it answers", () => {
    const broken = state(tab(), { Subject: "read" });
    const [issue] = liveIssues(broken, byName);
    if (!issue) throw new Error("no issue");
    for (const fix of issue.fixes) {
      const got = liveIssues(applyFix(broken, fix), byName);
      expect(got).toEqual([]);
    }
  });

  it("keeps unrelated changes", () => {
    const edited = { ...state(tab(), { Subject: "read" }), name: "Renamed" };
    const got = applyFix(edited, { kind: "makeRead", module: "Cases", field: "Status" });
    expect(got.name).toBe("Renamed");
  });
});

describe("standingErrors", () => {
  const then = state(tab(), { Subject: "read", Status: "read" });
  const error = { field: "tabs[0].display.columns[1]", message: "is hidden for this user type" };
  const nameError = { field: "name", message: "is taken" };
  const table: { name: string; now: EditorState; live: Issue[]; want: string[] }[] = [
    { name: "nothing changed: both stand", now: then, live: [], want: [error.field, "name"] },
    {
      name: "a change in the tab answers its error, not the name's",
      now: { ...then, fields: { Cases: { Subject: "read" } } },
      live: [],
      want: ["name"],
    },
    {
      name: "a changed name answers the name's error",
      now: { ...then, name: "Other" },
      live: [],
      want: [error.field],
    },
    {
      name: "a live issue at the same path takes the error's place",
      now: then,
      live: liveIssues(state(tab(), { Subject: "read" }), byName),
      want: ["name"],
    },
  ];
  for (const c of table) {
    it(c.name, () => {
      const got = standingErrors([error, nameError], then, c.now, c.live).map((e) => e.field);
      expect(got).toEqual(c.want);
    });
  }
});

describe("sameState", () => {
  const a = state(tab(), { Subject: "read", Status: "read" });
  const table: { name: string; b: EditorState; want: boolean }[] = [
    { name: "the same state", b: a, want: true },
    { name: "keys in another order", b: state(tab(), { Status: "read", Subject: "read" }), want: true },
    {
      name: "a field set hidden is a field not listed",
      b: state(tab(), { Subject: "read", Status: "read", Priority: "hidden" }),
      want: true,
    },
    { name: "a changed permission", b: state(tab(), { Subject: "read" }), want: false },
    { name: "a changed name", b: { ...a, name: "Other" }, want: false },
  ];
  for (const c of table) {
    it(c.name, () => {
      const got = sameState(a, c.b);
      expect(got).toBe(c.want);
    });
  }
});

describe("canonical", () => {
  it("sorts object keys at every depth", () => {
    const got = canonical({ b: 1, a: { d: [2, 1], c: 3 } });
    expect(got).toBe('{"a":{"c":3,"d":[2,1]},"b":1}');
  });
});
