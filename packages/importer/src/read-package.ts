import { ArmEvalError, createEvaluator, type EvalEnv, OMIT } from "@sentinelctl/builder";
import type { Skipped } from "./result.js";

/** A placeholder workspace: names and ids are evaluated for it, then only their content ids are kept. */
export const IMPORT_SCOPE = {
  subscriptionId: "00000000-0000-0000-0000-000000000000",
  resourceGroup: "import-rg",
  workspace: "import-ws",
  location: "westeurope",
} as const;

export type JsonObject = Record<string, unknown>;

/** One evaluated resource of the package (a contentTemplate's inner resource or a top-level one). */
export interface PackageResource {
  type: string;
  name: string;
  kind?: string;
  properties: JsonObject;
  /** The resource as evaluated, every member (for fields the importer does not map). */
  raw: JsonObject;
}

/** One contentTemplate: the item as Content Hub lists it, and the resources of its inner template. */
export interface PackageEntry {
  contentKind: string;
  contentId: string;
  version: string;
  displayName: string;
  /** The inner template, evaluated at install time (its own expressions are literals again). */
  mainTemplate: JsonObject;
  resources: PackageResource[];
}

export interface ReadPackage {
  /** The contentPackages resource's properties (the solution manifest). */
  solution?: JsonObject;
  entries: PackageEntry[];
  /** Top-level resources other than contentTemplates/contentPackages/metadata (V3's active copies). */
  active: PackageResource[];
  skipped: Skipped[];
}

export function isObject(v: unknown): v is JsonObject {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

function typeOf(r: JsonObject): string {
  return String(r.type ?? "").toLowerCase();
}

function lastSegment(name: string): string {
  return name.slice(name.lastIndexOf("/") + 1);
}

function toResource(r: JsonObject): PackageResource {
  return {
    type: String(r.type ?? ""),
    name: String(r.name ?? ""),
    ...(typeof r.kind === "string" ? { kind: r.kind } : {}),
    properties: isObject(r.properties) ? r.properties : {},
    raw: r,
  };
}

/** The install-time environment: default parameter values, the placeholder workspace. */
function environment(template: JsonObject): EvalEnv {
  const params: Record<string, unknown> = {};
  const declared = isObject(template.parameters) ? template.parameters : {};
  for (const [name, def] of Object.entries(declared)) {
    if (isObject(def) && def.defaultValue !== undefined) params[name] = def.defaultValue;
  }
  params.location = IMPORT_SCOPE.location;
  params["workspace-location"] = IMPORT_SCOPE.location;
  params.workspace = IMPORT_SCOPE.workspace;
  if (!("dataCollectionEndpointId" in params)) params.dataCollectionEndpointId = OMIT;
  return {
    scope: {
      subscriptionId: IMPORT_SCOPE.subscriptionId,
      resourceGroup: IMPORT_SCOPE.resourceGroup,
      location: IMPORT_SCOPE.location,
    },
    parameters: params,
    variables: isObject(template.variables) ? template.variables : {},
  };
}

export function isContentTemplate(type: string): boolean {
  return type.toLowerCase().endsWith("/contenttemplates");
}

/**
 * Evaluates a Content Hub package (mainTemplate.json) as Content Hub's Install would, one resource
 * at a time: a resource that cannot be evaluated offline is reported, the rest is read.
 */
export function readPackage(template: JsonObject, file: string): ReadPackage {
  const evaluator = createEvaluator(environment(template));
  const out: ReadPackage = { entries: [], active: [], skipped: [] };
  const resources = Array.isArray(template.resources) ? template.resources : [];
  for (const [index, r] of resources.entries()) {
    if (!isObject(r)) continue;
    let value: JsonObject;
    try {
      value = evaluator.evaluate(r) as JsonObject;
    } catch (e) {
      if (!(e instanceof ArmEvalError)) throw e;
      out.skipped.push({
        item: `${String(r.type ?? "resource")} #${index + 1}`,
        reason: `cannot be evaluated offline: ${e.message}`,
        file,
      });
      continue;
    }
    const type = typeOf(value);
    if (type.endsWith("/contentpackages")) {
      out.solution = isObject(value.properties) ? value.properties : {};
    } else if (isContentTemplate(type)) {
      const p = isObject(value.properties) ? value.properties : {};
      const inner = isObject(p.mainTemplate) ? p.mainTemplate : {};
      const innerResources = Array.isArray(inner.resources) ? inner.resources.filter(isObject) : [];
      out.entries.push({
        contentKind: String(p.contentKind ?? ""),
        contentId: String(p.contentId ?? lastSegment(String(value.name ?? ""))),
        version: String(p.version ?? ""),
        displayName: String(p.displayName ?? ""),
        mainTemplate: inner,
        resources: innerResources.map(toResource),
      });
    } else if (!type.endsWith("/metadata")) {
      out.active.push(toResource(value));
    }
  }
  return out;
}

/** The inner resource of an entry whose type ends with `suffix` (case-insensitive). */
export function resourceOf(entry: PackageEntry, suffix: string): PackageResource | undefined {
  const s = suffix.toLowerCase();
  return entry.resources.find((r) => r.type.toLowerCase().endsWith(s));
}

export { lastSegment };
