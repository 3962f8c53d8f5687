import { describe, expect, it, vi } from "vitest";
import type { Field } from "../api/client";
import { placeFieldErrors, recordPayload, type FormValues } from "./recordForm";

const field = (apiName: string, type: Field["type"]): Field => ({
  apiName,
  labels: { en: apiName },
  type,
  required: false,
  system: false,
  custom: false,
});
const fields = [field("Name", "text"), field("Amount", "currency"), field("Tags", "multipicklist")];

describe("recordPayload", () => {
  const cases: {
    name: string;
    values: FormValues;
    initial: FormValues | undefined;
    want: Record<string, unknown>;
  }[] = [
    {
      name: "create sends every field with a value",
      values: { Name: "Acme", Amount: "12.5", Tags: [] },
      initial: undefined,
      want: { Name: "Acme", Amount: "12.50" },
    },
    {
      name: "create sends nothing for an empty form",
      values: { Name: "", Amount: "", Tags: [] },
      initial: undefined,
      want: {},
    },
    {
      name: "edit sends only what changed",
      values: { Name: "Acme Ltd", Amount: "12.50", Tags: ["a"] },
      initial: { Name: "Acme", Amount: "12.5", Tags: ["a"] },
      want: { Name: "Acme Ltd" },
    },
    {
      name: "edit sends a cleared field as null",
      values: { Name: "", Amount: "12.50", Tags: [] },
      initial: { Name: "Acme", Amount: "12.50", Tags: [] },
      want: { Name: null },
    },
    {
      name: "edit with nothing changed sends nothing",
      values: { Name: "Acme", Amount: "1", Tags: ["a", "b"] },
      initial: { Name: "Acme", Amount: "1.00", Tags: ["a", "b"] },
      want: {},
    },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const got = recordPayload(fields, c.values, c.initial);
      expect(got).toEqual(c.want);
    });
  }
});

describe("placeFieldErrors", () => {
  const cases = [
    {
      name: "a field's error goes on its control, focused",
      errors: [{ field: "fields.Name", message: "is required" }],
      wantCalls: [["Name", { type: "server", message: "IS REQUIRED" }, { shouldFocus: true }]],
      wantRest: [],
    },
    {
      name: "only the first control is focused; unknown paths come back",
      errors: [
        { field: "fields.Amount", message: "bad" },
        { field: "layoutId", message: "unknown layout" },
        { field: "fields.Name", message: "too long" },
      ],
      wantCalls: [
        ["Amount", { type: "server", message: "BAD" }, { shouldFocus: true }],
        ["Name", { type: "server", message: "TOO LONG" }, { shouldFocus: false }],
      ],
      wantRest: [{ field: "layoutId", message: "unknown layout" }],
    },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const setError = vi.fn();
      const rest = placeFieldErrors(c.errors, fields, setError, (item) => item.message.toUpperCase());
      expect(setError.mock.calls).toEqual(c.wantCalls);
      expect(rest).toEqual(c.wantRest);
    });
  }
});
