import { describe, expect, it } from "vitest";
import { isExpired, type ApiToken } from "./staff";

describe("isExpired", () => {
  const now = Date.parse("2026-11-28T12:00:00Z");
  const cases: { name: string; token: Pick<ApiToken, "expiresAt" | "expired">; want: boolean }[] = [
    { name: "no expiry never expires", token: {}, want: false },
    { name: "a future expiry", token: { expiresAt: "2026-11-28T12:00:01Z" }, want: false },
    { name: "an expiry right now", token: { expiresAt: "2026-11-28T12:00:00Z" }, want: true },
    { name: "a past expiry", token: { expiresAt: "2025-01-01T00:00:00Z" }, want: true },
    { name: "an unreadable expiry", token: { expiresAt: "soon" }, want: false },
    {
      name: "the API's word over this clock (expired)",
      token: { expiresAt: "2999-01-01T00:00:00Z", expired: true },
      want: true,
    },
    {
      name: "the API's word over this clock (not expired)",
      token: { expiresAt: "2025-01-01T00:00:00Z", expired: false },
      want: false,
    },
  ];
  for (const { name, token, want } of cases) {
    it(name, () => {
      const got = isExpired(token, now);
      expect(got).toBe(want);
    });
  }
});
