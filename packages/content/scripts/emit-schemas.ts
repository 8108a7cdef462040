// Writes packages/content/schemas/*.schema.json from the TypeBox definitions (run: pnpm schemas).
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { PUBLISHED_SCHEMAS, renderJsonSchema, SCHEMA_FILES } from "../src/index.js";

const dir = path.join(path.dirname(fileURLToPath(import.meta.url)), "..", "schemas");
mkdirSync(dir, { recursive: true });
for (const kind of PUBLISHED_SCHEMAS)
  writeFileSync(path.join(dir, SCHEMA_FILES[kind]), renderJsonSchema(kind));
console.log(`wrote ${PUBLISHED_SCHEMAS.length} schemas to ${path.relative(process.cwd(), dir)}`);
