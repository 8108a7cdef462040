import { PUBLISHED_SCHEMAS, type PublishedSchema, renderJsonSchema, SCHEMA_FILES } from "./json-schemas.js";

/** A JSON Schema node as the published schemas write it (the subset the reference pages read). */
interface Node {
  $id?: string;
  $ref?: string;
  title?: string;
  description?: string;
  type?: string;
  const?: unknown;
  enum?: unknown[];
  default?: unknown;
  pattern?: string;
  format?: string;
  minimum?: number;
  maximum?: number;
  minLength?: number;
  maxLength?: number;
  minItems?: number;
  maxItems?: number;
  required?: string[];
  properties?: Record<string, Node>;
  patternProperties?: Record<string, Node>;
  additionalProperties?: boolean | Node;
  items?: Node;
  anyOf?: Node[];
  allOf?: { if?: Node; then?: Node }[];
}

interface Row {
  field: string;
  type: string;
  required: boolean;
  default: string;
  allowed: string;
  description: string;
}

/** One field table: the kind's own fields, a variant's, or one case of a field told apart by a tag. */
interface Table {
  heading: string;
  intro?: string;
  rows: Row[];
}

/** The example shown at the end of a page: a real content file of that kind. */
export interface ReferenceExample {
  /** Where the file lives, relative to the repository root (shown, and used for the code fence). */
  file: string;
  text: string;
}

/** The Markdown file name of a kind's reference page (the schema's file name, `.md`). */
export function referencePageFile(kind: PublishedSchema): string {
  return SCHEMA_FILES[kind].replace(/\.schema\.json$/, ".md");
}

function schemaOf(kind: PublishedSchema): Node {
  return JSON.parse(renderJsonSchema(kind)) as Node;
}

const code = (v: unknown) => `\`${typeof v === "string" ? v : JSON.stringify(v)}\``;

/** Markdown table cells cannot hold `|` or line breaks. */
const cell = (s: string) => s.replace(/\|/g, "\\|").replace(/\s*\n\s*/g, " ");

function typeOf(s: Node): string {
  if (s.$ref !== undefined) return `${s.$ref} (recursive)`;
  if (s.anyOf) return [...new Set(s.anyOf.map(typeOf))].join(" or ");
  if (s.allOf && s.properties) return "object (one of several shapes)";
  if (s.type === "array") return s.items ? `array of ${typeOf(s.items)}` : "array";
  if (s.type === "object") {
    const values = mapValues(s);
    return values && Object.keys(s.properties ?? {}).length === 0 ? `map of ${typeOf(values)}` : "object";
  }
  if (s.type !== undefined) return s.type;
  if (s.const !== undefined) return typeof s.const;
  return "any";
}

/** The schema of a map's values (`patternProperties` or a schema-valued `additionalProperties`). */
function mapValues(s: Node): Node | undefined {
  const pattern = Object.values(s.patternProperties ?? {})[0];
  if (pattern) return pattern;
  return typeof s.additionalProperties === "object" ? s.additionalProperties : undefined;
}

function allowedOf(s: Node): string {
  if (s.anyOf)
    return s.anyOf
      .map(allowedOf)
      .filter((a) => a !== "")
      .join("; or ");
  if (s.type === "array" && s.items) {
    const each = allowedOf(s.items);
    const count = countOf(s.minItems, s.maxItems, "item");
    return [count, each !== "" ? `each: ${each}` : ""].filter((a) => a !== "").join("; ");
  }
  const parts: string[] = [];
  if (s.const !== undefined) parts.push(code(s.const));
  if (s.enum) parts.push(s.enum.map(code).join(", "));
  if (s.pattern !== undefined) parts.push(`matches ${code(s.pattern)}`);
  if (s.format !== undefined) parts.push(`${s.format} format`);
  if (s.minimum !== undefined && s.maximum !== undefined) parts.push(`${s.minimum} to ${s.maximum}`);
  else if (s.minimum !== undefined) parts.push(`at least ${s.minimum}`);
  else if (s.maximum !== undefined) parts.push(`at most ${s.maximum}`);
  const length = countOf(s.minLength, s.maxLength, "character");
  if (length !== "" && !(s.minLength === 1 && s.maxLength === undefined)) parts.push(length);
  else if (s.minLength === 1) parts.push("not empty");
  return parts.join("; ");
}

function countOf(min: number | undefined, max: number | undefined, unit: string): string {
  const plural = (n: number) => `${n} ${unit}${n === 1 ? "" : "s"}`;
  if (min !== undefined && max !== undefined)
    return min === max ? `exactly ${plural(min)}` : `${min} to ${plural(max)}`;
  if (min !== undefined) return min > 0 ? `at least ${plural(min)}` : "";
  if (max !== undefined) return `at most ${plural(max)}`;
  return "";
}

function descriptionOf(s: Node): string {
  if (s.description !== undefined) return s.description;
  if (s.const !== undefined) return "Selects this shape.";
  if (s.type === "array" && s.items?.description !== undefined) return s.items.description;
  return "";
}

/** Whether a node's own fields are listed as rows of their own (objects with named properties). */
function hasFields(s: Node): boolean {
  return s.type === "object" && Object.keys(s.properties ?? {}).length > 0 && !s.allOf;
}

/** The object a field's rows continue into: the field itself, or the object each array item is. */
function nested(s: Node): { node: Node; suffix: string } | undefined {
  if (s.type === "array" && s.items) {
    const inner = nested(s.items);
    return inner && { node: inner.node, suffix: `[]${inner.suffix}` };
  }
  if (hasFields(s) || s.allOf) return { node: s, suffix: "" };
  const values = mapValues(s);
  if (values && (hasFields(values) || values.allOf)) return { node: values, suffix: ".<name>" };
  return undefined;
}

/** The literal that picks each case of a tagged union (the `if` of every allOf entry). */
function tagOf(s: Node): { key: string; cases: { value: unknown; shape: Node }[] } | undefined {
  const cases = (s.allOf ?? []).flatMap((c) => {
    const test = Object.entries(c.if?.properties ?? {})[0];
    return test && c.then ? [{ key: test[0], value: test[1].const, shape: c.then }] : [];
  });
  const key = cases[0]?.key;
  return key === undefined ? undefined : { key, cases: cases.map(({ value, shape }) => ({ value, shape })) };
}

class PageBuilder {
  readonly tables: Table[] = [];

  /** Rows for every field of `s` (and of the objects inside it), under `prefix`. */
  fields(s: Node, prefix: string, rows: Row[]): void {
    const required = new Set(s.required ?? []);
    for (const [name, field] of Object.entries(s.properties ?? {})) {
      const path = `${prefix}${name}`;
      rows.push({
        field: path,
        type: typeOf(field),
        required: required.has(name),
        default: field.default !== undefined ? code(field.default) : "",
        allowed: allowedOf(field),
        description: descriptionOf(field),
      });
      const inner = nested(field);
      if (inner) this.inner(inner.node, `${path}${inner.suffix}`, rows);
    }
  }

  private inner(s: Node, path: string, rows: Row[]): void {
    const tagged = tagOf(s);
    if (!tagged) {
      this.fields(s, `${path}.`, rows);
      return;
    }
    for (const { value, shape } of tagged.cases) {
      const caseRows: Row[] = [];
      this.tables.push({
        heading: `\`${path}\` when \`${tagged.key}\` is ${code(value)}`,
        rows: caseRows,
      });
      this.fields(shape, `${path}.`, caseRows);
    }
  }
}

function renderTable(rows: readonly Row[]): string[] {
  const lines = [
    "| Field | Type | Required | Default | Allowed values | Description |",
    "| --- | --- | --- | --- | --- | --- |",
  ];
  for (const r of rows) {
    const cells = [code(r.field), r.type, r.required ? "yes" : "no", r.default, r.allowed, r.description];
    lines.push(`| ${cells.map(cell).join(" | ")} |`);
  }
  return lines;
}

/** The variants of a kind whose schema is a union of object shapes (rules, data connectors). */
function variantsOf(s: Node): Node[] {
  return s.anyOf?.every((v) => v.type === "object") ? s.anyOf : [];
}

/** What a variant is picked by: its `kind` literal, when it has one. */
function variantTag(v: Node): string {
  const kind = v.properties?.kind;
  return kind?.const !== undefined ? ` (\`kind: ${String(kind.const)}\`)` : "";
}

/** A kind's reference page, generated from its published JSON Schema. */
export function renderReferencePage(kind: PublishedSchema, example?: ReferenceExample): string {
  const schema = schemaOf(kind);
  const title = schema.title ?? kind;
  const out: string[] = [
    "<!-- Generated from the published JSON Schema by `pnpm docs`; edit the TypeBox definitions in packages/content/src/schemas instead. -->",
    "",
    `# ${title}`,
    "",
  ];
  if (schema.description !== undefined) out.push(schema.description, "");
  out.push(
    `JSON Schema: [\`packages/content/schemas/${SCHEMA_FILES[kind]}\`](../../packages/content/schemas/${SCHEMA_FILES[kind]}).`,
    "A path such as `a.b` is field `b` inside object `a`; `a[]` is each item of list `a`; `a.<name>` is any key of map `a`.",
    "",
  );
  const variants = variantsOf(schema);
  const shapes = variants.length > 0 ? variants : [schema];
  if (variants.length > 0) {
    out.push(`This kind takes one of ${variants.length} shapes:`, "");
    for (const v of variants) out.push(`- ${v.title ?? v.$id ?? "variant"}${variantTag(v)}`);
    out.push("");
  }
  for (const shape of shapes) {
    const page = new PageBuilder();
    const rows: Row[] = [];
    page.fields(shape, "", rows);
    if (variants.length > 0) {
      out.push(`## ${shape.title ?? shape.$id}${variantTag(shape)}`, "");
      if (shape.description !== undefined) out.push(shape.description, "");
    } else {
      out.push("## Fields", "");
    }
    out.push(...renderTable(rows), "");
    for (const t of page.tables) {
      out.push(`${variants.length > 0 ? "####" : "###"} ${t.heading}`, "", ...renderTable(t.rows), "");
    }
  }
  if (example !== undefined) {
    const fence = example.file.toLowerCase().endsWith(".json") ? "json" : "yaml";
    out.push(
      "## Example",
      "",
      `From \`${example.file}\`:`,
      "",
      `\`\`\`${fence}`,
      example.text.trimEnd(),
      "```",
      "",
    );
  }
  return `${out.join("\n").trimEnd()}\n`;
}

/** docs/reference/README.md: one line per published schema. */
export function renderReferenceIndex(): string {
  const out = [
    "<!-- Generated by `pnpm docs`. -->",
    "",
    "# Content reference",
    "",
    "One page per content kind (and for detection test files), generated from the published JSON Schemas in",
    "`packages/content/schemas`, which come from the same TypeBox definitions as sentinelctl's types. Map the",
    "schemas in your editor for completion and inline errors while you write content.",
    "",
    "| Kind | Page | Schema |",
    "| --- | --- | --- |",
  ];
  for (const kind of PUBLISHED_SCHEMAS) {
    const title = schemaOf(kind).title ?? kind;
    out.push(`| ${code(kind)} | [${title}](${referencePageFile(kind)}) | \`${SCHEMA_FILES[kind]}\` |`);
  }
  out.push("", "Diagnostic codes are listed in [../diagnostics.md](../diagnostics.md).");
  return `${out.join("\n")}\n`;
}
