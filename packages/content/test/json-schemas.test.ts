import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { Ajv } from "ajv";
import { parse } from "yaml";
import { PUBLISHED_SCHEMAS, renderJsonSchema, SCHEMA_FILES } from "../src/index.js";

const here = path.dirname(fileURLToPath(import.meta.url));

test.each(PUBLISHED_SCHEMAS)("published %s schema is up to date (run `pnpm schemas` if not)", (kind) => {
  const published = readFileSync(path.join(here, "..", "schemas", SCHEMA_FILES[kind]), "utf8");
  expect(published).toBe(renderJsonSchema(kind));
});

test("an editor-style validator accepts a fixture rule and rejects a misspelt field", () => {
  const schema = JSON.parse(
    readFileSync(path.join(here, "..", "schemas", SCHEMA_FILES.analyticRule), "utf8"),
  );
  const validate = new Ajv({ strict: false }).compile(schema);
  const rule = parse(
    readFileSync(path.join(here, "fixtures/kinds/yaml/Solutions/Kinds/analytics/HighScore.yaml"), "utf8"),
  );
  expect(validate(rule)).toBe(true);
  expect(validate({ ...rule, tacticz: [] })).toBe(false);
});
