import { describe, expect, it } from "vitest";
import { loginPath, safeNext } from "./next";

describe("safeNext", () => {
  it.each([
    [null, "/admin"],
    ["/admin/records/Contacts?sort=Last_Name", "/admin/records/Contacts?sort=Last_Name"],
    ["/admin", "/admin"],
    ["https://evil.example/admin", "/admin"],
    ["//evil.example/admin", "/admin"],
    ["/administrator", "/admin"],
    ["/admin/login?next=/admin", "/admin"],
    ["/admin/reset/abc", "/admin"],
    ["/admin\\..\\evil", "/admin"],
    ["/p/acme", "/admin"],
  ])("keeps %s as %s", (next, expected) => {
    expect(safeNext(next)).toBe(expected);
  });

  it("builds the sign-in address", () => {
    expect(loginPath("/admin")).toBe("/admin/login");
    expect(loginPath("/admin/records/Contacts?x=1")).toBe(
      "/admin/login?next=%2Fadmin%2Frecords%2FContacts%3Fx%3D1",
    );
  });
});
