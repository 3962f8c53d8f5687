import { fileURLToPath } from "node:url";
import react from "@vitejs/plugin-react";
import { defineConfig } from "vitest/config";
import { firstLoadBudget } from "./build/firstLoad";
import { textSets } from "./build/textSets";

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));

/**
 * What each side's pages load before their own chunk, gzipped, at most (the bench reports it
 * against the 130 KiB target in docs/benchmarks.md). A build over it, or whose portal pages
 * would load console code or the reverse, fails.
 */
const FIRST_LOAD_BUDGET = { portal: 130 * 1024, console: 130 * 1024 };

/** What both frames show at first paint, so never a lazily loaded chunk: the header's bell. */
const FIRST_PAINT = ["src/shared/components/NotificationBell.tsx"];

// The production build is served by the Go gateway on the same origin, so the
// app only ever calls relative /api/... URLs. In development the Vite server
// forwards them to the local gateway.
export default defineConfig({
  plugins: [
    react(),
    textSets(here("src/i18n/locales"), here("src/i18n/textSets.json")),
    firstLoadBudget(here("."), [
      {
        name: "portal",
        module: "src/portal/layouts/PortalShell.tsx",
        forbidden: "src/console/",
        budget: FIRST_LOAD_BUDGET.portal,
        required: FIRST_PAINT,
      },
      {
        name: "console",
        module: "src/console/ConsoleRoutes.tsx",
        forbidden: "src/portal/",
        budget: FIRST_LOAD_BUDGET.console,
        required: FIRST_PAINT,
      },
    ]),
  ],
  server: {
    proxy: {
      "/api": "http://localhost:3000",
    },
  },
  build: {
    outDir: "dist",
    emptyOutDir: true,
    // .vite/manifest.json: which chunks and styles each module loads; the bench and
    // build/firstLoad.ts measure each side's first load from it.
    manifest: true,
  },
  test: {
    environment: "jsdom",
    setupFiles: ["./src/test/setup.ts"],
    include: ["src/**/*.test.{ts,tsx}", "scripts/**/*.test.mjs", "build/**/*.test.ts"],
    restoreMocks: true,
    // Console pages render whole forms and tables; leave room on busy CI machines.
    testTimeout: 15_000,
    unstubGlobals: true,
  },
});
