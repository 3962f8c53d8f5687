import react from "@vitejs/plugin-react";
import { defineConfig } from "vitest/config";

// The production build is served by the Go gateway on the same origin, so the
// app only ever calls relative /api/... URLs. In development the Vite server
// forwards them to the local gateway.
export default defineConfig({
  plugins: [react()],
  server: {
    proxy: {
      "/api": "http://localhost:3000",
    },
  },
  build: {
    outDir: "dist",
    emptyOutDir: true,
  },
  test: {
    environment: "jsdom",
    setupFiles: ["./src/test/setup.ts"],
    include: ["src/**/*.test.{ts,tsx}", "scripts/**/*.test.mjs"],
    restoreMocks: true,
    // Console pages render whole forms and tables; leave room on busy CI machines.
    testTimeout: 15_000,
    unstubGlobals: true,
  },
});
