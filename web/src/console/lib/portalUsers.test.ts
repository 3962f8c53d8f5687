import { describe, expect, it } from "vitest";
import { actionApplies, typesFor } from "./portalUsers";

describe("portal user actions", () => {
  it("apply by status", () => {
    expect(actionApplies({ status: "invited" }, "resend")).toBe(true);
    expect(actionApplies({ status: "active" }, "resend")).toBe(false);
    expect(actionApplies({ status: "active" }, "deactivate")).toBe(true);
    expect(actionApplies({ status: "deactivated" }, "deactivate")).toBe(false);
    expect(actionApplies({ status: "deactivated" }, "activate")).toBe(true);
    expect(actionApplies({ status: "invited" }, "activate")).toBe(false);
  });

  it("offer only the types of the same base module", () => {
    const base = { position: 0, seats: 0, free: true, users: 0, capacity: 1, version: 1, tabs: [], fields: {}, notify: [] };
    const types = [
      { ...base, id: "a", name: "A", baseModule: "Contacts" },
      { ...base, id: "b", name: "B", baseModule: "Leads" },
    ];
    expect(typesFor(types, "Leads").map((type) => type.id)).toEqual(["b"]);
    expect(typesFor(undefined, "Leads")).toEqual([]);
  });
});
