import { describe, expect, it } from "vitest";
import { codeShapeOk, groupSecret, normalizeCode, recoveryCodesText, type CodeMethod } from "./codes";

describe("normalizeCode", () => {
  const cases: { name: string; method: CodeMethod; typed: string; want: string }[] = [
    { name: "app code as typed", method: "totp", typed: "123456", want: "123456" },
    { name: "app code with a space", method: "totp", typed: "123 456", want: "123456" },
    { name: "app code with a dash and edges", method: "totp", typed: " 123-456 ", want: "123456" },
    { name: "recovery code keeps its dash", method: "recovery", typed: "abcde-fghjk", want: "abcde-fghjk" },
    { name: "recovery code loses spaces", method: "recovery", typed: " ABCDE FGHJK ", want: "ABCDEFGHJK" },
  ];
  for (const { name, method, typed, want } of cases) {
    it(name, () => {
      const got = normalizeCode(method, typed);
      expect(got).toBe(want);
    });
  }
});

describe("codeShapeOk", () => {
  const cases: { name: string; method: CodeMethod; code: string; want: boolean }[] = [
    { name: "six digits", method: "totp", code: "012345", want: true },
    { name: "five digits", method: "totp", code: "01234", want: false },
    { name: "seven digits", method: "totp", code: "0123456", want: false },
    { name: "a letter among digits", method: "totp", code: "01234a", want: false },
    { name: "recovery code with its dash", method: "recovery", code: "abcde-fghjk", want: true },
    { name: "recovery code without dash, upper case", method: "recovery", code: "ABCDEFGHJK", want: true },
    { name: "recovery code too short", method: "recovery", code: "abcde-fghj", want: false },
    { name: "recovery code with two dashes", method: "recovery", code: "abcde--fghjk", want: false },
    { name: "recovery code with a symbol", method: "recovery", code: "abcde+fghjk", want: false },
    { name: "an app code is not a recovery code", method: "recovery", code: "123456", want: false },
  ];
  for (const { name, method, code, want } of cases) {
    it(name, () => {
      const got = codeShapeOk(method, code);
      expect(got).toBe(want);
    });
  }
});

describe("recoveryCodesText", () => {
  it("puts the title, a blank line and one code per CRLF line", () => {
    const got = recoveryCodesText("Acme: ana@example.com", ["aaaaa-bbbbb", "ccccc-ddddd"]);
    expect(got).toBe("Acme: ana@example.com\r\n\r\naaaaa-bbbbb\r\nccccc-ddddd\r\n");
  });
});

describe("groupSecret", () => {
  const cases = [
    { name: "groups of four", secret: "JBSWY3DPEHPK3PXP", want: "JBSW Y3DP EHPK 3PXP" },
    { name: "a short last group", secret: "JBSWY3", want: "JBSW Y3" },
    { name: "empty", secret: "", want: "" },
  ];
  for (const { name, secret, want } of cases) {
    it(name, () => {
      expect(groupSecret(secret)).toBe(want);
    });
  }
});
