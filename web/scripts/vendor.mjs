// After the build: the Swagger UI and AsyncAPI pages' own assets into
// dist/vendor/, so the services' /<service>/docs and /<service>/asyncapi
// pages load them from the gateway, not from a third-party CDN.
import { cpSync, mkdirSync } from "node:fs";

const copies = {
  "swagger-ui": ["swagger-ui-dist", ["swagger-ui-bundle.js", "swagger-ui.css", "favicon-32x32.png"]],
  asyncapi: ["@asyncapi/react-component", ["browser/standalone/index.js", "styles/default.min.css"]],
};

for (const [folder, [pkg, files]] of Object.entries(copies)) {
  mkdirSync(`dist/vendor/${folder}`, { recursive: true });
  for (const file of files) {
    cpSync(`node_modules/${pkg}/${file}`, `dist/vendor/${folder}/${file.split("/").pop()}`);
  }
}
