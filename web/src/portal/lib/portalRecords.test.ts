import { describe, expect, it } from "vitest";
import { casesTab } from "../../test/cases";
import {
  apiSort,
  filterControls,
  filtersFromSearch,
  sortFromSearch,
  withFilters,
} from "./portalFilters";
import { asField, optionValue } from "./portalForm";
import { recordSchema, type ValidationMessages } from "../../shared/lib/recordForm";

describe("portal filters", () => {
  it("builds a control per filterable field by type, skipping lookups", () => {
    expect(filterControls(casesTab).map((c) => [c.field.apiName, c.kind])).toEqual([
      ["Priority", "choice"],
      ["Subject", "contains"],
      ["Due_Date", "range"],
    ]);
  });

  it("turns the address into the API's filter parameters, filterable fields only", () => {
    const search = new URLSearchParams(
      "filter.Priority=High&filter.Subject.contains=%20fire%20&filter.Due_Date.gte=2026-11-01" +
        "&filter.Due_Date.lte=&filter.Status=Open&filter.Subject=x&sort=oldest&cursor=abc",
    );
    expect(filtersFromSearch(casesTab, search)).toEqual({
      "filter.Priority": "High",
      "filter.Subject.contains": "fire",
      "filter.Due_Date.gte": "2026-11-01",
    });
    expect(sortFromSearch(search)).toBe("oldest");
    expect(apiSort("oldest")).toBe("Modified_Time");
    expect(apiSort(sortFromSearch(new URLSearchParams()))).toBeUndefined();
  });

  it("keeps the sort when the filters change and drops empty ones", () => {
    const next = withFilters(new URLSearchParams("sort=oldest&filter.Priority=Low"), {
      "filter.Subject.contains": "fire",
      "filter.Priority": "",
    });
    expect(next.toString()).toBe("sort=oldest&filter.Subject.contains=fire");
  });
});

describe("portal forms", () => {
  const messages: ValidationMessages = {
    required: "required",
    email: "email",
    url: "url",
    number: "number",
    currency: "currency",
    date: "date",
    datetime: "datetime",
    maxLength: (max) => `max ${String(max)}`,
    product: "product",
    quantity: "quantity",
    option: "option",
  };

  it("maps a customer-facing picklist label back to its value", () => {
    const priority = casesTab.fields[1];
    if (!priority) throw new Error("fixture");
    expect(optionValue(priority, "Urgent", "en")).toBe("High");
    expect(optionValue(priority, "Sem pressa", "pt-BR")).toBe("Low");
    expect(optionValue(priority, "High", "en")).toBe("High");
  });

  it("checks required, picklist values and lengths like the server", () => {
    const fields = casesTab.fields.filter((field) => field.mode === "write").map(asField);
    const schema = recordSchema(fields, messages);
    const result = schema.safeParse({
      Subject: "x".repeat(256),
      Priority: "Medium",
      Due_Date: "2026-13",
      Description: "",
    });
    expect(result.success).toBe(false);
    const issues = Object.fromEntries(
      (result.error?.issues ?? []).map((issue) => [String(issue.path[0]), issue.message]),
    );
    expect(issues).toEqual({ Subject: "max 255", Priority: "option", Due_Date: "date" });
    expect(
      schema.safeParse({ Subject: "ok", Priority: "High", Due_Date: "", Description: "" }).success,
    ).toBe(true);
    expect(schema.safeParse({ Subject: " ", Priority: "", Due_Date: "", Description: "" }).success).toBe(
      false,
    );
  });
});

