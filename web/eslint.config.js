import js from "@eslint/js";
import { defineConfig, globalIgnores } from "eslint/config";
import reactHooks from "eslint-plugin-react-hooks";
import reactRefresh from "eslint-plugin-react-refresh";
import globals from "globals";
import tseslint from "typescript-eslint";

/**
 * A no-restricted-imports pattern that refuses a relative import climbing into the feature's
 * folder (../../console/..., ../portal/...); the test helpers src/test/console.ts and
 * src/test/portal.ts are not the features.
 */
function featureImport(feature, importer) {
  return {
    regex: `^(\\.\\./)+${feature}(/|$)`,
    message: `${importer} must not import the ${feature} feature: move what both need to src/shared.`,
  };
}

export default defineConfig([
  globalIgnores(["dist", "test-results", "src/shared/api/schema.d.ts"]),
  {
    files: ["**/*.{ts,tsx}"],
    extends: [
      js.configs.recommended,
      tseslint.configs.strictTypeChecked,
      tseslint.configs.stylisticTypeChecked,
      reactHooks.configs.flat["recommended-latest"],
      reactRefresh.configs.vite,
    ],
    languageOptions: {
      ecmaVersion: 2022,
      globals: globals.browser,
      parserOptions: {
        projectService: true,
        tsconfigRootDir: import.meta.dirname,
      },
    },
  },
  // Import direction: the console and the portal are features that never import each other;
  // shared code (src/shared, the texts in src/i18n, the test helpers in src/test) imports no
  // feature. Only src/App.tsx puts the two together. scripts/importDirection.test.mjs proves
  // these patterns still catch a wrong import.
  {
    files: ["src/portal/**"],
    rules: {
      "no-restricted-imports": ["error", { patterns: [featureImport("console", "the portal")] }],
    },
  },
  {
    files: ["src/console/**"],
    rules: {
      "no-restricted-imports": ["error", { patterns: [featureImport("portal", "the console")] }],
    },
  },
  {
    files: ["src/shared/**", "src/i18n/**", "src/test/**"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [featureImport("console", "shared code"), featureImport("portal", "shared code")],
        },
      ],
    },
  },
  {
    files: ["src/**/*.test.{ts,tsx}", "src/test/**"],
    rules: {
      "react-refresh/only-export-components": "off",
    },
  },
  {
    files: ["**/*.{js,mjs}"],
    extends: [js.configs.recommended],
    languageOptions: {
      ecmaVersion: 2022,
      sourceType: "module",
      globals: globals.node,
    },
  },
]);
