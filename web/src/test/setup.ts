import "@testing-library/jest-dom/vitest";
import { cleanup, configure } from "@testing-library/react";
import { afterEach } from "vitest";

// Leave room for slow, busy CI machines when waiting for async UI.
configure({ asyncUtilTimeout: 10_000 });

afterEach(() => {
  cleanup();
  // Tests that run in Node (scripts/*.test.mjs) have no localStorage.
  if (typeof localStorage !== "undefined") localStorage.clear();
});
