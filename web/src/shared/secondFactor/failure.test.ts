import { describe, expect, it } from "vitest";
import { ApiError, type Problem } from "../api/client";
import { codeRefusal, type CodeRefusal } from "./failure";

function refusal(status: number, fields: string[] = []): ApiError {
  const problem: Problem = {
    type: "/problems/x",
    title: "x",
    status,
    errors: fields.map((field) => ({ field, message: "wrong" })),
  };
  return new ApiError(status, problem);
}

describe("codeRefusal", () => {
  const cases: { name: string; error: unknown; want: CodeRefusal }[] = [
    { name: "401 naming code", error: refusal(401, ["code"]), want: "code" },
    { name: "422 naming code", error: refusal(422, ["code"]), want: "code" },
    { name: "401 naming password", error: refusal(401, ["password"]), want: "password" },
    { name: "password and code: the password first", error: refusal(422, ["code", "password"]), want: "password" },
    { name: "401 naming nothing: the pending step is gone", error: refusal(401), want: "restart" },
    { name: "422 naming another field", error: refusal(422, ["method"]), want: "other" },
    { name: "throttled", error: new ApiError(429, undefined, 30), want: "throttled" },
    { name: "conflict", error: refusal(409), want: "other" },
    { name: "network failure", error: new TypeError("fetch failed"), want: "other" },
  ];
  for (const { name, error, want } of cases) {
    it(name, () => {
      expect(codeRefusal(error)).toBe(want);
    });
  }
});
