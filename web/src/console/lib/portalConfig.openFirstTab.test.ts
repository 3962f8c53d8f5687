import { describe, expect, it } from "vitest";
import { freeType } from "../../test/portal";
import { editorState, toChange } from "./portalConfig";

describe("the user type's openFirstTab", () => {
  it.each([
    { name: "a type stored before the setting shows the home", stored: undefined, want: false },
    { name: "a type that shows the home", stored: false, want: false },
    { name: "a type that opens the first tab", stored: true, want: true },
  ])("$name", ({ stored, want }) => {
    const type = { ...freeType };
    if (stored === undefined) delete type.openFirstTab;
    else type.openFirstTab = stored;
    const state = editorState(type);
    expect(state.openFirstTab).toBe(want);
    // PUT replaces the whole type: false is sent as absent, which the API reads as false.
    expect(toChange(state, true).openFirstTab).toBe(want ? true : undefined);
  });

  it("sends the checkbox's change", () => {
    const state = { ...editorState(freeType), openFirstTab: true };
    expect(toChange(state, true)).toMatchObject({ openFirstTab: true });
  });
});
