import { describe, expect, it } from "vitest";
import { freeType } from "../../test/portal";
import { editorState, toChange } from "./portalConfig";

describe("the user type's delegable", () => {
  it.each([
    { name: "a type stored before the setting stays with staff", stored: undefined, want: false },
    { name: "a type kept by staff", stored: false, want: false },
    { name: "a type account admins may invite", stored: true, want: true },
  ])("$name", ({ stored, want }) => {
    const type = { ...freeType };
    if (stored === undefined) delete type.delegable;
    else type.delegable = stored;
    const state = editorState(type);
    expect(state.delegable).toBe(want);
    // PUT replaces the whole type: false is sent as absent, which the API reads as false.
    expect(toChange(state, true).delegable).toBe(want ? true : undefined);
  });

  it("is not sent for a type based on Leads", () => {
    const state = { ...editorState(freeType), baseModule: "Leads", delegable: true };
    expect(toChange(state, false).delegable).toBeUndefined();
  });
});
