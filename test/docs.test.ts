import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import {
  type ContentKind,
  checkAgainst,
  checkSchema,
  DetectionTest,
  PUBLISHED_SCHEMAS,
  parseYamlSource,
  referencePageFile,
  renderJsonSchema,
} from "@sentinelctl/content";
import { generatedDocs, REFERENCE_EXAMPLES, ROOT } from "../scripts/docs-pages.js";

const pages = generatedDocs();

test.each([...pages.keys()])("%s is up to date (run `pnpm docs` if not)", (file) => {
  const full = path.join(ROOT, file);
  expect({ file, committed: existsSync(full) }).toEqual({ file, committed: true });
  expect(readFileSync(full, "utf8")).toBe(pages.get(file));
});

test("docs/reference holds no page that is no longer generated", () => {
  const stale = readdirSync(path.join(ROOT, "docs", "reference"))
    .filter((f) => f.endsWith(".md"))
    .filter((f) => !pages.has(`docs/reference/${f}`));
  expect(stale).toEqual([]);
});

interface SchemaNode {
  properties?: Record<string, unknown>;
  required?: string[];
  anyOf?: SchemaNode[];
}

test.each(PUBLISHED_SCHEMAS)("the %s page lists every top-level field, marking the required ones", (kind) => {
  const page = pages.get(`docs/reference/${referencePageFile(kind)}`)!;
  const schema = JSON.parse(renderJsonSchema(kind)) as SchemaNode;
  const shapes = schema.anyOf ?? [schema];
  for (const shape of shapes) {
    for (const field of Object.keys(shape.properties ?? {})) {
      const required = shape.required?.includes(field) ? "yes" : "no";
      expect(page).toMatch(new RegExp(`^\\| \`${field}\` \\| [^|]+ \\| ${required} \\|`, "m"));
    }
  }
});

test.each(PUBLISHED_SCHEMAS)("the example on the %s page is valid content of that kind", (kind) => {
  const file = REFERENCE_EXAMPLES[kind];
  const parsed = parseYamlSource(file, readFileSync(path.join(ROOT, file), "utf8"));
  expect(parsed.errors).toEqual([]);
  const problems =
    kind === "detectionTest"
      ? checkAgainst(DetectionTest, parsed.value, parsed.source)
      : checkSchema(kind as ContentKind, parsed.value, parsed.source);
  expect(problems).toEqual([]);
});
