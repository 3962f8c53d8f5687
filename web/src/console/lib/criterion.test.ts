import { describe, expect, it } from "vitest";
import type { Field } from "../../shared/api/client";
import { valueChoices } from "./criterion";

const field = (type: Field["type"], extra: Partial<Field> = {}): Field => ({
  apiName: "F",
  labels: { en: "F" },
  type,
  required: false,
  system: false,
  custom: false,
  ...extra,
});
const words = { yes: "Yes", no: "No" };

describe("valueChoices", () => {
  const cases = [
    {
      name: "picklist: its options",
      field: field("picklist", { options: [
        { value: "Open", labels: { en: "Open" } },
        { value: "Closed", labels: { en: "Closed" } },
      ] }),
      want: [
        { value: "Open", label: "Open" },
        { value: "Closed", label: "Closed" },
      ],
    },
    { name: "multipicklist without options: none", field: field("multipicklist"), want: [] },
    {
      name: "boolean: yes and no",
      field: field("boolean"),
      want: [
        { value: "true", label: "Yes" },
        { value: "false", label: "No" },
      ],
    },
    { name: "text: free input", field: field("text"), want: undefined },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const got = valueChoices(c.field, "en", words);
      expect(got).toEqual(c.want);
    });
  }
});
