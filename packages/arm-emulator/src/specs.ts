/**
 * Request-body validation against the vendored azure-rest-api-specs OpenAPI (Swagger 2.0) files.
 *
 * - The index of PUT operations is derived from the specs' `paths`, so a new spec file dropped
 *   into `specs/specification/**` is picked up without code changes. The key of an operation is
 *   its resource-type chain, e.g. `microsoft.operationalinsights/workspaces/microsoft.securityinsights/alertrules`.
 * - Swagger schemas are converted to JSON Schema (draft-07) for ajv:
 *   `$ref`s (also across files) become absolute ids; `readOnly` properties are accepted with any
 *   value and never required (ARM ignores them in requests); optional properties accept `null`;
 *   `discriminator` + `x-ms-discriminator-value` polymorphism becomes an if/then chain on the
 *   discriminator value; closed enums (and a few open ones the service enforces, see
 *   ENFORCED_OPEN_ENUMS) compare strings case-insensitively (ARM RPs do); formats such as
 *   `duration`, `int32`, `uuid`, `date-time` are checked.
 * - Files are read and compiled lazily, on the first PUT of a type and api-version; compiled
 *   validators are cached per process.
 *
 * Known gaps of the vendored specs are handled here, each documented in README.md:
 * - the preview AlertRules.json refers to `./common/AlertTypes.json`, which is not published in
 *   the preview folder: it is resolved to the stable 2025-12-01 file (same enums);
 * - Tables.json refers to `TableNameParameter`, missing from its common types file: the table
 *   name is treated as a plain string path parameter;
 * - the `Push` data connector kind has no spec: see push-connector-schema.ts;
 * - Tables `retentionInDays` / `totalRetentionInDays` accept -1 (documented "use the default",
 *   although the spec's `minimum` is 4).
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { Ajv, type ErrorObject, type ValidateFunction } from "ajv";
import addFormatsModule from "ajv-formats";
import { PUSH_CONNECTOR_SCHEMA_ID, pushConnectorSchema } from "./push-connector-schema.js";

// ajv-formats ships CommonJS; under ESM interop the plugin may sit on `.default`.
const addFormats = ((addFormatsModule as unknown as { default?: unknown }).default ??
  addFormatsModule) as unknown as (ajv: Ajv, formats?: string[]) => Ajv;

const ID_BASE = "https://specs.arm-emulator.local/";

/** The vendored specs directory (`packages/arm-emulator/specs`). */
export const DEFAULT_SPECS_DIR = fileURLToPath(new URL("../specs/", import.meta.url));

/** Files referenced by a spec but not published: resolved to an equivalent file. */
const REF_ALIASES: Record<string, string> = {
  "specification/securityinsights/resource-manager/Microsoft.SecurityInsights/preview/2025-07-01-preview/common/AlertTypes.json":
    "specification/securityinsights/resource-manager/Microsoft.SecurityInsights/stable/2025-12-01/common/AlertTypes.json",
};

/**
 * Enums marked `x-ms-enum.modelAsString: true` are extensible in Swagger terms and are not enforced
 * (a DCR stream may be `Custom-Foo` although the enum lists only `Microsoft-*`). These are the
 * exceptions: open in the spec but rejected by the service when the value is unknown, so the
 * emulator enforces them (case-insensitively). Closed enums (`modelAsString: false`) are always
 * enforced.
 */
const ENFORCED_OPEN_ENUMS = new Set([
  // Microsoft.SecurityInsights alert rules
  "AlertSeverity",
  "AttackTactic",
  "EventGroupingAggregationKind",
  "MatchingMethod",
  "EntityMappingType",
  "AlertProperty",
  "AlertDetail",
  // Microsoft.OperationalInsights tables
  "TablePlanEnum",
  "ColumnTypeEnum",
  "ColumnDataTypeHintEnum",
]);

/** Extra polymorphic variants that no published spec defines (see push-connector-schema.ts). */
const EXTRA_VARIANTS: Array<{ file: RegExp; base: string; value: string; ref: string }> = [
  {
    file: /Microsoft\.SecurityInsights\/.*\/dataConnectors\.json$/i,
    base: "DataConnector",
    value: "Push",
    ref: PUSH_CONNECTOR_SCHEMA_ID,
  },
];

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };
type JsonObject = { [k: string]: Json };

function isObject(v: unknown): v is JsonObject {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** Raw-spec patches applied after a file is read (documented quirks; see module comment). */
function patchRawSpec(rel: string, raw: JsonObject): void {
  if (/Microsoft\.OperationalInsights\/stable\/[^/]+\/Tables\.json$/.test(rel)) {
    const props = (raw.definitions as JsonObject | undefined)?.TableProperties as JsonObject | undefined;
    const p = props?.properties as JsonObject | undefined;
    for (const name of ["retentionInDays", "totalRetentionInDays"]) {
      const original = p?.[name];
      if (p && isObject(original)) p[name] = { anyOf: [{ enum: [-1] }, original] };
    }
  }
}

export interface PathParamRule {
  name: string;
  pattern?: string;
  minLength?: number;
  maxLength?: number;
  format?: string;
}

export interface PutOperation {
  /** Spec file path relative to the specs dir, e.g. `specification/securityinsights/.../AlertRules.json`. */
  file: string;
  apiVersion: string;
  pathTemplate: string;
  typeKey: string;
  lro: boolean;
  /** Path template segments (`{x}` for parameters). */
  segments: string[];
  params: Map<string, PathParamRule>;
  bodySchema: JsonObject | undefined;
  bodyRequired: boolean;
  /** Status codes the spec declares for the PUT (e.g. SavedSearches: only 200, even on create). */
  responseStatuses: string[];
}

export interface SpecValidationDetail {
  path: string;
  message: string;
}

export interface SpecValidationResult {
  ok: boolean;
  /** `specification/...json#/definitions/X`: the schema the body was checked against. */
  schemaRef: string;
  details: SpecValidationDetail[];
}

/** Resource-type key of a path: provider namespaces and type names, lower-cased, without names. */
export function typeKeyOfTemplate(template: string): string {
  const segs = template.split("/").filter(Boolean);
  // skip subscriptions/{id}/resourceGroups/{name}
  let i = 0;
  if (segs[0]?.toLowerCase() === "subscriptions") i = 2;
  if (segs[i]?.toLowerCase() === "resourcegroups") i += 2;
  return segs
    .slice(i)
    .filter((s) => s.toLowerCase() !== "providers" && !/^\{.*\}$/.test(s))
    .map((s) => s.toLowerCase())
    .join("/");
}

const ISO_DURATION =
  /^P(?!$)(\d+(\.\d+)?Y)?(\d+(\.\d+)?M)?(\d+(\.\d+)?W)?(\d+(\.\d+)?D)?(T(?=\d)(\d+(\.\d+)?H)?(\d+(\.\d+)?M)?(\d+(\.\d+)?S)?)?$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

interface FileInfo {
  rel: string;
  raw: JsonObject;
  /** Discriminated base definitions of this file: name -> discriminator property + variants. */
  bases: Map<string, { prop: string; variants: Array<{ value: string; ref: string }> }>;
}

export class SpecRegistry {
  private readonly root: string;
  private operations: Map<string, Map<string, PutOperation>> | undefined;
  private readonly files = new Map<string, FileInfo | null>();
  private readonly added = new Set<string>();
  private readonly validators = new Map<string, { validate: ValidateFunction; schemaRef: string }>();
  private readonly ajv: Ajv;
  /** Unresolvable `$ref`s met while converting (replaced by an accept-anything schema). */
  readonly unresolvedRefs = new Set<string>();

  constructor(specsDir: string = DEFAULT_SPECS_DIR) {
    this.root = specsDir;
    this.ajv = new Ajv({
      strict: false,
      allErrors: true,
      unicodeRegExp: false,
      validateSchema: false,
      inlineRefs: true,
    });
    addFormats(this.ajv, ["date", "uri", "email", "ipv4", "ipv6", "hostname"]);
    this.ajv.addFormat("date-time", {
      type: "string",
      validate: (s: string) => !Number.isNaN(Date.parse(s)),
    });
    this.ajv.addFormat("duration", { type: "string", validate: (s: string) => ISO_DURATION.test(s) });
    this.ajv.addFormat("uuid", { type: "string", validate: (s: string) => UUID.test(s) });
    this.ajv.addFormat("int32", {
      type: "number",
      validate: (n: number) => Number.isInteger(n) && n >= -2147483648 && n <= 2147483647,
    });
    this.ajv.addFormat("int64", { type: "number", validate: (n: number) => Number.isInteger(n) });
    for (const f of ["float", "double", "decimal"])
      this.ajv.addFormat(f, { type: "number", validate: () => true });
    for (const f of [
      "arm-id",
      "byte",
      "binary",
      "password",
      "char",
      "base64url",
      "url",
      "date-time-rfc1123",
    ]) {
      this.ajv.addFormat(f, true);
    }
    this.ajv.addFormat("unixtime", { type: "number", validate: (n: number) => Number.isInteger(n) });
    this.ajv.addKeyword({
      keyword: "enumCi",
      schemaType: "array",
      errors: true,
      validate: function enumCi(allowed: Json[], data: unknown) {
        const ok = allowed.some((a) =>
          typeof a === "string" && typeof data === "string"
            ? a.toLowerCase() === data.toLowerCase()
            : a === data,
        );
        if (!ok) {
          (enumCi as unknown as { errors: Partial<ErrorObject>[] }).errors = [
            {
              keyword: "enum",
              message: `must be one of: ${allowed.map((a) => JSON.stringify(a)).join(", ")}`,
              params: { allowedValues: allowed },
            },
          ];
        }
        return ok;
      },
    });
    this.ajv.addKeyword({
      keyword: "unknownDiscriminator",
      schemaType: "object",
      errors: true,
      validate: function unknownDiscriminator(
        schema: { property: string; known: string[]; definition: string },
        data: unknown,
      ) {
        if (!isObject(data)) return true;
        const value = data[schema.property];
        if (value === undefined || value === null) return true; // `required` reports it
        (unknownDiscriminator as unknown as { errors: Partial<ErrorObject>[] }).errors = [
          {
            keyword: "unknownDiscriminator",
            message:
              `${schema.property} ${JSON.stringify(value)} has no schema in this api-version ` +
              `(${schema.definition}); kinds with a schema: ${schema.known.join(", ")}`,
            params: { property: schema.property },
          },
        ];
        return false;
      },
    });
    this.ajv.addSchema(pushConnectorSchema as unknown as JsonObject);
  }

  // ---------------------------------------------------------------- index

  private index(): Map<string, Map<string, PutOperation>> {
    if (this.operations) return this.operations;
    const ops = new Map<string, Map<string, PutOperation>>();
    const walk = (dir: string): string[] =>
      readdirSync(dir).flatMap((name) => {
        const full = path.join(dir, name);
        if (statSync(full).isDirectory()) return name === "examples" ? [] : walk(full);
        return name.endsWith(".json") ? [full] : [];
      });
    for (const full of walk(path.join(this.root, "specification"))) {
      const rel = path.relative(this.root, full).split(path.sep).join("/");
      const info = this.file(rel);
      if (!info || !isObject(info.raw.paths)) continue;
      const apiVersion = String((info.raw.info as JsonObject | undefined)?.version ?? "");
      for (const [template, item] of Object.entries(info.raw.paths)) {
        if (!isObject(item) || !isObject(item.put)) continue;
        const put = item.put;
        const params = new Map<string, PathParamRule>();
        let bodySchema: JsonObject | undefined;
        let bodyRequired = false;
        const allParams = [
          ...(Array.isArray(item.parameters) ? item.parameters : []),
          ...(Array.isArray(put.parameters) ? put.parameters : []),
        ];
        for (const p of allParams) {
          const resolved = this.resolveParameter(rel, p);
          if (!resolved) continue; // e.g. Tables.json's missing TableNameParameter: plain string
          if (resolved.param.in === "body" && isObject(resolved.param.schema)) {
            bodySchema = resolved.param.schema;
            bodyRequired = resolved.param.required === true;
            // the schema's refs are relative to the file that declares the parameter
            if (resolved.file !== rel) bodySchema = { $ref: this.absoluteRef(resolved.file, bodySchema) };
          } else if (resolved.param.in === "path" && typeof resolved.param.name === "string") {
            const rule: PathParamRule = { name: resolved.param.name };
            if (typeof resolved.param.pattern === "string") rule.pattern = resolved.param.pattern;
            if (typeof resolved.param.minLength === "number") rule.minLength = resolved.param.minLength;
            if (typeof resolved.param.maxLength === "number") rule.maxLength = resolved.param.maxLength;
            if (typeof resolved.param.format === "string") rule.format = resolved.param.format;
            params.set(rule.name, rule);
          }
        }
        const typeKey = typeKeyOfTemplate(template);
        const op: PutOperation = {
          file: rel,
          apiVersion,
          pathTemplate: template,
          typeKey,
          lro: put["x-ms-long-running-operation"] === true,
          segments: template.split("/").filter(Boolean),
          params,
          bodySchema,
          bodyRequired,
          responseStatuses: isObject(put.responses) ? Object.keys(put.responses) : [],
        };
        const byVersion = ops.get(typeKey) ?? new Map<string, PutOperation>();
        ops.set(typeKey, byVersion);
        byVersion.set(apiVersion, op);
      }
    }
    this.operations = ops;
    return ops;
  }

  /** Api-versions with a PUT spec for a resource-type key, sorted. */
  apiVersions(typeKey: string): string[] {
    return [...(this.index().get(typeKey)?.keys() ?? [])].sort();
  }

  /** All indexed resource-type keys with their api-versions. */
  coverage(): Record<string, string[]> {
    const out: Record<string, string[]> = {};
    for (const key of [...this.index().keys()].sort()) out[key] = this.apiVersions(key);
    return out;
  }

  operation(typeKey: string, apiVersion: string): PutOperation | undefined {
    return this.index().get(typeKey)?.get(apiVersion);
  }

  /** Checks the request path segments against the spec's path-parameter rules. */
  validatePathParams(op: PutOperation, requestSegments: string[]): SpecValidationDetail[] {
    const out: SpecValidationDetail[] = [];
    op.segments.forEach((seg, i) => {
      const m = /^\{(.+)\}$/.exec(seg);
      const value = requestSegments[i];
      if (!m || value === undefined) return;
      const rule = op.params.get(m[1]!);
      if (!rule) return;
      const decoded = safeDecode(value);
      if (rule.pattern && !new RegExp(rule.pattern).test(decoded)) {
        out.push({ path: rule.name, message: `'${decoded}' does not match pattern ${rule.pattern}` });
      }
      if (rule.minLength !== undefined && decoded.length < rule.minLength) {
        out.push({ path: rule.name, message: `'${decoded}' is shorter than ${rule.minLength}` });
      }
      if (rule.maxLength !== undefined && decoded.length > rule.maxLength) {
        out.push({ path: rule.name, message: `'${decoded}' is longer than ${rule.maxLength}` });
      }
      if (rule.format === "uuid" && !UUID.test(decoded)) {
        out.push({ path: rule.name, message: `'${decoded}' is not a UUID` });
      }
    });
    return out;
  }

  /** Validates a PUT body. The validator is compiled on first use and cached. */
  validateBody(op: PutOperation, body: unknown): SpecValidationResult {
    const key = `${op.file}|${op.pathTemplate}`;
    let entry = this.validators.get(key);
    if (!entry) {
      const schema = op.bodySchema ? this.convertSchema(op.bodySchema, op.file, false) : {};
      const refTarget = typeof op.bodySchema?.$ref === "string" ? op.bodySchema.$ref : "";
      const schemaRef = refTarget.startsWith(ID_BASE)
        ? refTarget.slice(ID_BASE.length)
        : `${op.file}${refTarget.startsWith("#") ? refTarget : ""}`;
      entry = { validate: this.ajv.compile(schema), schemaRef };
      this.validators.set(key, entry);
    }
    const ok = entry.validate(body) as boolean;
    return { ok, schemaRef: entry.schemaRef, details: ok ? [] : formatErrors(entry.validate.errors ?? []) };
  }

  // ---------------------------------------------------------------- files and refs

  private file(rel: string): FileInfo | null {
    const aliased = REF_ALIASES[rel] ?? rel;
    if (this.files.has(aliased)) return this.files.get(aliased)!;
    let info: FileInfo | null = null;
    try {
      const raw = JSON.parse(readFileSync(path.join(this.root, aliased), "utf8")) as JsonObject;
      patchRawSpec(aliased, raw);
      info = { rel: aliased, raw, bases: this.findBases(aliased, raw) };
    } catch {
      info = null;
    }
    this.files.set(aliased, info);
    return info;
  }

  private findBases(rel: string, raw: JsonObject): FileInfo["bases"] {
    const bases: FileInfo["bases"] = new Map();
    const defs = isObject(raw.definitions) ? raw.definitions : {};
    const localParent = (def: Json): string[] =>
      isObject(def) && Array.isArray(def.allOf)
        ? def.allOf.flatMap((s) =>
            isObject(s) && typeof s.$ref === "string" && s.$ref.startsWith("#/definitions/")
              ? [s.$ref.slice("#/definitions/".length)]
              : [],
          )
        : [];
    const reaches = (name: string, target: string, seen = new Set<string>()): boolean => {
      if (seen.has(name)) return false;
      seen.add(name);
      return localParent(defs[name] ?? null).some((p) => p === target || reaches(p, target, seen));
    };
    for (const [name, def] of Object.entries(defs)) {
      if (!isObject(def) || typeof def.discriminator !== "string") continue;
      const variants: Array<{ value: string; ref: string }> = [];
      for (const [dName, d] of Object.entries(defs)) {
        if (dName === name || !isObject(d) || !reaches(dName, name)) continue;
        const value =
          typeof d["x-ms-discriminator-value"] === "string" ? d["x-ms-discriminator-value"] : dName;
        variants.push({ value, ref: `${ID_BASE}${rel}#/definitions/${encodePointer(dName)}` });
      }
      for (const extra of EXTRA_VARIANTS) {
        if (extra.base === name && extra.file.test(rel))
          variants.push({ value: extra.value, ref: extra.ref });
      }
      bases.set(name, { prop: def.discriminator, variants });
    }
    return bases;
  }

  private resolveParameter(rel: string, p: Json): { file: string; param: JsonObject } | undefined {
    if (!isObject(p)) return undefined;
    if (typeof p.$ref !== "string") return { file: rel, param: p };
    const [filePart, frag = ""] = p.$ref.split("#");
    const targetRel = filePart ? normalizeRel(rel, filePart) : rel;
    const target = this.file(targetRel);
    const node = target ? pointer(target.raw, frag) : undefined;
    return target && isObject(node) ? { file: target.rel, param: node } : undefined;
  }

  /** `$ref` of a schema declared in another file, made absolute. */
  private absoluteRef(rel: string, schema: JsonObject): string {
    if (typeof schema.$ref !== "string") return "";
    const [filePart, frag = ""] = schema.$ref.split("#");
    const targetRel = filePart ? normalizeRel(rel, filePart) : rel;
    return `${ID_BASE}${REF_ALIASES[targetRel] ?? targetRel}#${frag}`;
  }

  /** Makes sure a converted copy of a spec file is registered with ajv. */
  private ensureAdded(rel: string): boolean {
    if (this.added.has(rel)) return true;
    const info = this.file(rel);
    if (!info) return false;
    this.added.add(rel);
    const definitions: JsonObject = {};
    const defs = isObject(info.raw.definitions) ? info.raw.definitions : {};
    for (const [name, def] of Object.entries(defs)) {
      definitions[name] = this.convertSchema(def, rel, false);
    }
    for (const [name, base] of info.bases) {
      definitions[`${name}__poly`] = polySchema(rel, name, base.prop, base.variants);
    }
    this.ajv.addSchema({ $id: `${ID_BASE}${rel}`, definitions } as JsonObject);
    return true;
  }

  private convertRef(ref: string, rel: string, inAllOf: boolean): string | undefined {
    if (ref.startsWith(ID_BASE)) {
      // already absolute (body parameter declared in another file)
      const [abs, frag = ""] = ref.slice(ID_BASE.length).split("#");
      return this.convertRef(`#${frag}`, abs!, inAllOf);
    }
    const [filePart, frag = ""] = ref.split("#");
    const targetRel =
      REF_ALIASES[filePart ? normalizeRel(rel, filePart) : rel] ??
      (filePart ? normalizeRel(rel, filePart) : rel);
    const target = this.file(targetRel);
    if (!target || pointer(target.raw, frag) === undefined) {
      this.unresolvedRefs.add(`${rel} -> ${ref}`);
      return undefined;
    }
    this.ensureAdded(target.rel);
    const m = /^\/definitions\/([^/]+)$/.exec(frag);
    if (m && !inAllOf && target.bases.has(decodePointer(m[1]!))) {
      return `${ID_BASE}${target.rel}#/definitions/${m[1]}__poly`;
    }
    return `${ID_BASE}${target.rel}#${frag}`;
  }

  private convertSchema(node: Json, rel: string, inAllOf: boolean): JsonObject {
    if (!isObject(node)) return {};
    if (typeof node.$ref === "string") {
      const ref = this.convertRef(node.$ref, rel, inAllOf);
      const out: JsonObject = ref ? { $ref: ref } : {};
      return node["x-nullable"] === true ? nullable(out) : out;
    }
    const out: JsonObject = {};
    if (typeof node.type === "string" && node.type !== "file") out.type = node.type;
    for (const k of [
      "pattern",
      "minLength",
      "maxLength",
      "minimum",
      "maximum",
      "minItems",
      "maxItems",
      "uniqueItems",
      "multipleOf",
      "minProperties",
      "maxProperties",
      "format",
    ]) {
      if (node[k] !== undefined) out[k] = node[k]!;
    }
    if (node.exclusiveMinimum === true && typeof node.minimum === "number") {
      out.exclusiveMinimum = node.minimum;
      delete out.minimum;
    }
    if (node.exclusiveMaximum === true && typeof node.maximum === "number") {
      out.exclusiveMaximum = node.maximum;
      delete out.maximum;
    }
    if (Array.isArray(node.enum)) {
      const xEnum = isObject(node["x-ms-enum"]) ? node["x-ms-enum"] : undefined;
      const open = xEnum?.modelAsString === true && !ENFORCED_OPEN_ENUMS.has(String(xEnum.name));
      if (!open) out.enumCi = node["x-nullable"] === true ? [...node.enum, null] : node.enum;
    }
    if (node.items !== undefined) out.items = this.convertSchema(node.items, rel, false);
    if (Array.isArray(node.allOf)) out.allOf = node.allOf.map((s) => this.convertSchema(s, rel, true));
    for (const k of ["anyOf", "oneOf"]) {
      const list = node[k];
      if (Array.isArray(list)) out[k] = list.map((s) => this.convertSchema(s, rel, false));
    }
    const readOnly = new Set<string>();
    if (isObject(node.properties)) {
      const required = new Set(Array.isArray(node.required) ? node.required.map(String) : []);
      const props: JsonObject = {};
      for (const [name, ps] of Object.entries(node.properties)) {
        if (isReadOnly(ps)) {
          readOnly.add(name);
          props[name] = {}; // ARM ignores read-only values in requests
          continue;
        }
        const converted = this.convertSchema(ps, rel, false);
        props[name] = required.has(name) ? converted : nullable(converted);
      }
      out.properties = props;
    }
    if (Array.isArray(node.required)) {
      const req = node.required.map(String).filter((r) => !readOnly.has(r));
      if (req.length) out.required = req;
    }
    if (typeof node.additionalProperties === "boolean") out.additionalProperties = node.additionalProperties;
    else if (isObject(node.additionalProperties)) {
      out.additionalProperties = this.convertSchema(node.additionalProperties, rel, false);
    }
    if (node["x-nullable"] === true && typeof out.type === "string") out.type = [out.type, "null"];
    return out;
  }
}

function isReadOnly(ps: Json): boolean {
  if (!isObject(ps)) return false;
  if (ps.readOnly === true) return true;
  const mut = ps["x-ms-mutability"];
  return Array.isArray(mut) && !mut.includes("create") && !mut.includes("update");
}

/** Accepts `null` or the schema (an optional property sent as null is accepted by ARM RPs). */
function nullable(schema: JsonObject): JsonObject {
  if (Object.keys(schema).length === 0) return schema;
  return { if: { type: "null" }, else: schema };
}

function polySchema(
  rel: string,
  base: string,
  prop: string,
  variants: Array<{ value: string; ref: string }>,
): JsonObject {
  let chain: JsonObject = {
    unknownDiscriminator: {
      property: prop,
      known: variants.map((v) => v.value),
      definition: `${rel}#/definitions/${base}`,
    },
  };
  for (const v of [...variants].reverse()) {
    chain = {
      if: { properties: { [prop]: { const: v.value } }, required: [prop] },
      // biome-ignore lint/suspicious/noThenProperty: JSON Schema if/then/else, not a thenable
      then: { $ref: v.ref },
      else: chain,
    };
  }
  return { type: "object", required: [prop], properties: { [prop]: { type: "string" } }, allOf: [chain] };
}

function formatErrors(errors: ErrorObject[]): SpecValidationDetail[] {
  const out: SpecValidationDetail[] = [];
  const seen = new Set<string>();
  for (const e of errors) {
    if (e.keyword === "if") continue;
    let p = e.instancePath
      .split("/")
      .slice(1)
      .map(decodePointer)
      .reduce((acc, seg) => (/^\d+$/.test(seg) ? `${acc}[${seg}]` : acc ? `${acc}.${seg}` : seg), "");
    const params = e.params as Record<string, unknown>;
    let message = e.message ?? "is invalid";
    if (e.keyword === "required" && typeof params.missingProperty === "string") {
      p = p ? `${p}.${params.missingProperty}` : params.missingProperty;
      message = "is required";
    } else if (e.keyword === "additionalProperties" && typeof params.additionalProperty === "string") {
      p = p ? `${p}.${params.additionalProperty}` : params.additionalProperty;
      message = "is not allowed";
    } else if (e.keyword === "unknownDiscriminator" && typeof params.property === "string") {
      p = p ? `${p}.${params.property}` : params.property;
    } else if (e.keyword === "format" && typeof params.format === "string") {
      message = `must match format "${params.format}"`;
    }
    const key = `${p}|${message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push({ path: p || "(body)", message });
    if (out.length >= 25) break;
  }
  return out;
}

function normalizeRel(fromRel: string, relRef: string): string {
  return path.posix.normalize(path.posix.join(path.posix.dirname(fromRel), relRef));
}

function pointer(doc: Json, frag: string): Json | undefined {
  if (!frag || frag === "/") return doc;
  let cur: Json | undefined = doc;
  for (const seg of frag.split("/").slice(1)) {
    if (!isObject(cur)) return undefined;
    cur = cur[decodePointer(seg)];
  }
  return cur;
}

function decodePointer(seg: string): string {
  return seg.replace(/~1/g, "/").replace(/~0/g, "~");
}

function encodePointer(seg: string): string {
  return seg.replace(/~/g, "~0").replace(/\//g, "~1");
}

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

let shared: SpecRegistry | undefined;

/** Process-wide registry over the vendored specs (validators are compiled once per process). */
export function sharedSpecRegistry(): SpecRegistry {
  shared ??= new SpecRegistry();
  return shared;
}
