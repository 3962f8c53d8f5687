import { describe, expect, it } from "vitest";
import { contrastOnWhite, readableBrandColor } from "./contrast";

// The same cases as orgmail.Brand's test on the server: the portal and its emails agree.
describe("readableBrandColor", () => {
  it.each([
    ["a dark enough colour as it is", "#aa3300", "#aa3300"],
    ["upper case read as lower", "#AA3300", "#aa3300"],
    ["black as it is", "#000000", "#000000"],
    ["a light colour darkened to read on white", "#ffff00", "#787800"],
    ["white darkened to read on white", "#ffffff", "#6c6c6c"],
    ["not a colour: none", "red", undefined],
    ["CSS injection: none", "#aa3300;background:url(x)", undefined],
    ["short form: none", "#fff", undefined],
    ["absent: none", undefined, undefined],
  ])("%s", (_name, input, want) => {
    const got = readableBrandColor(input);
    expect(got).toBe(want);
  });

  it.each(["#ffff00", "#7dd3fc", "#facc15", "#ffffff", "#22c55e"])(
    "%s comes out at 4.5:1 or more on white",
    (input) => {
      const got = readableBrandColor(input) ?? "";
      const rgb = [1, 3, 5].map((start) => Number.parseInt(got.slice(start, start + 2), 16)) as [
        number,
        number,
        number,
      ];
      expect(contrastOnWhite(rgb)).toBeGreaterThanOrEqual(4.5);
    },
  );
});
