// The web app's API types, from each service's OpenAPI document in
// docs/openapi/ (written by `make openapi`, checked against the code by a
// test): src/schema/<service>.ts, not checked in. A field renamed in a
// service then fails `tsc` at the screen that reads it.
import { mkdirSync, readdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import openapiTS, { astToString } from "openapi-typescript";

const web = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
const documents = join(web, "..", "docs", "openapi");
const out = join(web, "src", "schema");
mkdirSync(out, { recursive: true });
for (const file of readdirSync(documents).filter((name) => name.endsWith(".json"))) {
  // A field with a default may be left out of a request; answers are made
  // whole by `Sent` (src/api/client.ts).
  const ast = await openapiTS(pathToFileURL(join(documents, file)), { defaultNonNullable: false });
  const header = `// Generated from docs/openapi/${file} by tools/openapi/generate.mjs: do not edit.\n`;
  writeFileSync(join(out, file.replace(/\.json$/, ".ts")), header + astToString(ast));
}
