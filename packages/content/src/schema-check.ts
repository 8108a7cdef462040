import type { TSchema } from "@sinclair/typebox";
import { Ajv, type ErrorObject, type ValidateFunction } from "ajv";
import addFormatsModule from "ajv-formats";
import { type Diagnostic, diagnostic } from "./diagnostics.js";
import { didYouMean } from "./did-you-mean.js";
import {
  CcfPushConnector,
  CcfTemplateConnector,
  CefAmaConnector,
  CefLegacyAgentConnector,
  type ContentKind,
  GenericUiConnector,
  NrtRule,
  SCHEMAS,
  ScheduledRule,
  StaticUiConnector,
} from "./schemas/index.js";
import type { Path, SourceDocument } from "./source.js";

// ajv-formats ships CommonJS; under ESM interop the plugin may sit on `.default`.
const addFormats = ((addFormatsModule as unknown as { default?: unknown }).default ??
  addFormatsModule) as unknown as (ajv: Ajv) => Ajv;

/** Kinds that are unions are dispatched on `kind` by hand: far clearer errors than anyOf noise. */
const VARIANTS: Partial<Record<ContentKind, Record<string, TSchema>>> = {
  analyticRule: { Scheduled: ScheduledRule, NRT: NrtRule },
  dataConnector: {
    CefLegacyAgent: CefLegacyAgentConnector,
    CefAma: CefAmaConnector,
    GenericUI: GenericUiConnector,
    CcfPush: CcfPushConnector,
    StaticUI: StaticUiConnector,
    CcfTemplate: CcfTemplateConnector,
  },
};

let ajv: Ajv | undefined;
const compiled = new Map<TSchema, ValidateFunction>();

function validatorFor(schema: TSchema): ValidateFunction {
  let fn = compiled.get(schema);
  if (!fn) {
    ajv ??= addFormats(new Ajv({ allErrors: true, strict: false }));
    fn = ajv.compile(schema);
    compiled.set(schema, fn);
  }
  return fn;
}

function schemaFor(kind: ContentKind, value: unknown): { schema?: TSchema; kindError?: string[] } {
  const variants = VARIANTS[kind];
  if (!variants) return { schema: SCHEMAS[kind] };
  const k = value && typeof value === "object" ? (value as Record<string, unknown>).kind : undefined;
  if (typeof k === "string" && variants[k]) return { schema: variants[k] };
  return { kindError: Object.keys(variants) };
}

function pathOf(instancePath: string): Path {
  if (!instancePath) return [];
  return instancePath
    .slice(1)
    .split("/")
    .map((s) => s.replace(/~1/g, "/").replace(/~0/g, "~"))
    .map((s) => (/^\d+$/.test(s) ? Number(s) : s));
}

function subSchemaAt(schema: TSchema, schemaPath: string): Record<string, unknown> | undefined {
  let node: unknown = schema;
  const parts = schemaPath.replace(/^#\//, "").split("/").slice(0, -1);
  for (const p of parts) {
    if (!node || typeof node !== "object") return undefined;
    node = (node as Record<string, unknown>)[p.replace(/~1/g, "/").replace(/~0/g, "~")];
  }
  return node as Record<string, unknown> | undefined;
}

function defaultLabel(path: Path): string {
  return path.length
    ? path
        .map((p) => (typeof p === "number" ? `[${p}]` : p))
        .join(".")
        .replace(/\.\[/g, "[")
    : "(root)";
}

/** How checkAgainst treats a field the schema does not know. */
export interface SchemaCheckOptions {
  /**
   * "ignore" (content: the service and Microsoft's CI ignore extra fields, so only a near-miss
   * of a known field is an error) or "error" (settings files: an unknown key is never meant).
   */
  unknownFields?: "ignore" | "error";
  /** How a path is named in messages (default: `a.b[0].c`, `(root)`). */
  label?: (path: Path) => string;
}

function toDiagnostic(
  e: ErrorObject,
  schema: TSchema,
  source: SourceDocument,
  base: Path,
  options: SchemaCheckOptions,
): Diagnostic {
  const path = [...base, ...pathOf(e.instancePath)];
  const label = options.label ?? defaultLabel;
  const where = (p: Path, which: "key" | "value" = "value") => ({
    file: source.file,
    range: source.range(p, which),
  });
  switch (e.keyword) {
    case "additionalProperties": {
      const field = String(e.params.additionalProperty);
      const parent = subSchemaAt(schema, e.schemaPath);
      const known = Object.keys((parent?.properties as Record<string, unknown>) ?? {});
      const guess = didYouMean(field, known);
      // A near-miss of a known field is almost always a typo that silently loses a setting: an
      // error. Any other extra field of content is ignored, as the service and Microsoft's CI ignore it.
      const ignored = !guess && options.unknownFields !== "error";
      return diagnostic(
        "SCHEMA-UNKNOWN-FIELD",
        ignored ? "warning" : "error",
        `Unknown field '${field}' in ${label(path)}${ignored ? "; it is ignored" : ""}.`,
        where([...path, field], "key"),
        guess ? `Did you mean '${guess}'?` : `Known fields: ${known.join(", ")}.`,
      );
    }
    case "required":
      return diagnostic(
        "SCHEMA-MISSING-FIELD",
        "error",
        `Missing required field '${String(e.params.missingProperty)}' in ${label(path)}.`,
        where(path, "key"),
      );
    case "enum": {
      const allowed = (e.params.allowedValues as unknown[]).map(String);
      const guess = didYouMean(String(valueAt(source, path) ?? ""), allowed);
      return diagnostic(
        "SCHEMA-INVALID-VALUE",
        "error",
        `${label(path)} must be one of: ${allowed.join(", ")}.`,
        where(path),
        guess ? `Did you mean '${guess}'?` : undefined,
      );
    }
    case "type":
      return diagnostic(
        "SCHEMA-WRONG-TYPE",
        "error",
        `${label(path)} must be ${e.params.type}.`,
        where(path),
      );
    default:
      return diagnostic(
        "SCHEMA-INVALID-VALUE",
        "error",
        `${label(path)} ${e.message ?? "is invalid"}.`,
        where(path),
      );
  }
}

function valueAt(source: SourceDocument, path: Path): unknown {
  const node = source.nodeAt(path, "value") as { value?: unknown } | undefined;
  return node?.value;
}

/**
 * Checks a value against its kind's schema; diagnostics point at the offending node.
 * `base` is where the value sits inside the source (empty for a whole YAML file).
 */
export function checkSchema(
  kind: ContentKind,
  value: unknown,
  source: SourceDocument,
  base: Path = [],
): Diagnostic[] {
  const { schema, kindError } = schemaFor(kind, value);
  if (!schema) {
    const given = value && typeof value === "object" ? (value as Record<string, unknown>).kind : undefined;
    const guess = typeof given === "string" ? didYouMean(given, kindError!) : undefined;
    return [
      diagnostic(
        given === undefined ? "SCHEMA-MISSING-FIELD" : "SCHEMA-INVALID-VALUE",
        "error",
        given === undefined
          ? `Missing required field 'kind' (one of: ${kindError!.join(", ")}).`
          : `kind must be one of: ${kindError!.join(", ")}.`,
        { file: source.file, range: source.range([...base, "kind"], given === undefined ? "key" : "value") },
        guess ? `Did you mean '${guess}'?` : undefined,
      ),
    ];
  }
  return checkAgainst(schema, value, source, base);
}

/** Checks a value against any schema (a content kind's, or a test file's); diagnostics point at the offending node. */
export function checkAgainst(
  schema: TSchema,
  value: unknown,
  source: SourceDocument,
  base: Path = [],
  options: SchemaCheckOptions = {},
): Diagnostic[] {
  const validate = validatorFor(schema);
  if (validate(value)) return [];
  const seen = new Set<string>();
  const out: Diagnostic[] = [];
  const errors = validate.errors ?? [];
  // A misspelt field shows up twice (unknown + missing); report it once, as the misspelling.
  const misspelt = (e: ErrorObject) =>
    e.keyword === "required" &&
    errors.some(
      (o) =>
        o.keyword === "additionalProperties" &&
        o.instancePath === e.instancePath &&
        didYouMean(String(o.params.additionalProperty), [String(e.params.missingProperty)]) !== undefined,
    );
  for (const e of errors) {
    // An if/then variant (see Discriminated) reports its own problems; the "if" summary adds nothing.
    if (e.keyword === "if" || misspelt(e)) continue;
    const d = toDiagnostic(e, schema, source, base, options);
    const key = `${d.range?.start.line}:${d.range?.start.column}:${d.message}`;
    if (!seen.has(key)) {
      seen.add(key);
      out.push(d);
    }
  }
  return out;
}
