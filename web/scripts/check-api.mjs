// Fails when src/shared/api/schema.d.ts is not what `npm run gen:api` would write
// from ../docs/openapi.yaml, i.e. when the API contract changed and the
// generated types were not regenerated and committed.
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";

const webDir = dirname(dirname(fileURLToPath(import.meta.url)));
const spec = join(webDir, "..", "docs", "openapi.yaml");
const committed = join(webDir, "src", "shared", "api", "schema.d.ts");
const pkgJson = createRequire(import.meta.url).resolve("openapi-typescript/package.json");
const { bin } = JSON.parse(readFileSync(pkgJson, "utf8"));
const cli = join(dirname(pkgJson), typeof bin === "string" ? bin : bin["openapi-typescript"]);

const tempDir = mkdtempSync(join(tmpdir(), "check-api-"));
const generated = join(tempDir, "schema.d.ts");

try {
  const result = spawnSync(process.execPath, [cli, spec, "--output", generated], {
    cwd: webDir,
    encoding: "utf8",
  });
  if (result.status !== 0) {
    process.stderr.write(result.stdout + result.stderr);
    console.error("check:api: openapi-typescript failed");
    process.exit(1);
  }

  let current = "";
  try {
    current = readFileSync(committed, "utf8");
  } catch {
    console.error(`check:api: ${relative(webDir, committed)} is missing; run npm run gen:api`);
    process.exit(1);
  }

  if (readFileSync(generated, "utf8") !== current) {
    console.error(
      `check:api: ${relative(webDir, committed)} is out of date with ../docs/openapi.yaml; ` +
        "run npm run gen:api and commit the result",
    );
    process.exit(1);
  }
  console.log(`check:api: ${relative(webDir, committed)} matches ../docs/openapi.yaml`);
} finally {
  rmSync(tempDir, { recursive: true, force: true });
}
