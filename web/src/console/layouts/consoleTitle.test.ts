import { describe, expect, it } from "vitest";
import { consoleRecordsModule, consoleSectionKey } from "./consoleTitle";

describe("consoleSectionKey", () => {
  it.each([
    ["overview", "/admin", "console.overview"],
    ["overview with a slash", "/admin/", "console.overview"],
    ["portal setup", "/admin/portal", "console.sections.portalSetup"],
    ["user types", "/admin/portal/user-types", "console.sections.userTypes"],
    ["one user type", "/admin/portal/user-types/ut1", "console.sections.userTypes"],
    ["portal users over portal", "/admin/portal/users", "console.portalUsers"],
    ["emails", "/admin/portal/emails", "console.sections.emails"],
    ["tokens", "/admin/tokens", "console.apiTokens"],
    ["api is not api tokens", "/admin/api", "console.api"],
    ["settings", "/admin/settings", "console.sections.settings"],
    ["records: none", "/admin/records/Contacts", undefined],
    ["a prefix of a word is no match", "/admin/teams", undefined],
  ])("%s", (_name, path, want) => {
    const got = consoleSectionKey(path);
    expect(got).toBe(want);
  });
});

describe("consoleRecordsModule", () => {
  it.each([
    ["a list", "/admin/records/Contacts", "Contacts"],
    ["a record", "/admin/records/Sales_Orders/r1/edit", "Sales_Orders"],
    ["an import", "/admin/import/Leads", "Leads"],
    ["elsewhere", "/admin/team", undefined],
  ])("%s", (_name, path, want) => {
    const got = consoleRecordsModule(path);
    expect(got).toBe(want);
  });
});
