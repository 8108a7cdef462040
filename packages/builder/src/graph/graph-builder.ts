import {
  type AnyContentItem,
  API_VERSIONS,
  type Diagnostic,
  type Solution,
  type SolutionModel,
  type Table,
} from "@sentinelctl/content";
import { type Expr, type Json, variables } from "../arm/expr.js";
import { extensionId, metadataName, solutionIdRef, wsLocation } from "../names.js";
import {
  type ArmContentKind,
  type GraphItem,
  KIND_CODES,
  kindLabel,
  type StepName,
} from "./content-kinds.js";

export const CONTENT_SCHEMA_VERSION = "3.0.0";
export const PKG = API_VERSIONS.package;

/** `source` of the package's metadata and templates: the solution. */
export function sourceBlock(s: Solution): Json {
  return { kind: "Solution", name: s.name, sourceId: solutionIdRef() };
}

export function authorBlock(s: Solution): Json {
  const a = s.author;
  return { name: a.name, email: a.email ? variables("_email") : undefined, link: a.link };
}

export function supportBlock(s: Solution): Json {
  const t = s.support;
  return { name: t.name, email: t.email, tier: t.tier, link: t.link };
}

/** The ARM template a contentTemplate carries: the item's resources (and its metadata). */
export function innerTemplate(version: Json, resources: Json[], extra: Record<string, Json> = {}): Json {
  return {
    $schema: PKG.deploymentTemplateSchema,
    contentVersion: version,
    parameters: {},
    variables: {},
    ...extra,
    resources,
  };
}

/** The ids one item's template, metadata and dependency entry share (expressions). */
export interface TemplateIds {
  contentId: Expr;
  version: Expr;
}

export interface MetadataSpec extends TemplateIds {
  kind: string;
  /** What V3 writes as the metadata's description (rules: "<solution> Analytics Rule <n>"). */
  description?: string;
  parentId: Expr;
  /** Default: `metadataName(kind, parentId)`. */
  name?: Expr;
  /** Default: the package's metadata api-version. */
  apiVersion?: string;
  dependencies?: Json;
  previewImages?: Json;
  previewImagesDark?: Json;
}

/** One content item: its contentTemplate, its entry in the item list and in the package's dependencies. */
export interface ContentSpec {
  kind: ArmContentKind;
  step: StepName;
  source: AnyContentItem;
  /** Plain values for the item list. */
  contentId: string;
  version: string;
  displayName: string;
  description?: string;
  template: TemplateIds & {
    name: Expr;
    productId: Json;
    mainTemplate: Json;
    /** Default: `displayName`. */
    displayName?: Json;
    /** Default true: `id` repeats `contentProductId`. */
    includeId?: boolean;
  };
  /** Resources also deployed at the top level of the package (the active copies V3 writes). */
  active?: Json[];
  /** The entry in the package's dependencies; default: the template's kind, content id and version. */
  criterion?: Json | null;
}

/**
 * Collects the package's parameters, variables, contentTemplates, active resources, items and
 * dependencies while the content kinds are added (see the `*-template.ts` modules). Insertion
 * order is output order: V3's variable names and order are kept to the letter.
 */
export class GraphBuilder {
  readonly variables: Record<string, Json> = {};
  readonly parameters: Record<string, Json> = {};
  readonly templates: Json[] = [];
  readonly active: Json[] = [];
  readonly items: GraphItem[] = [];
  readonly criteria: Json[] = [];
  needsDceParameter = false;
  readonly tables: Map<string, Table>;

  constructor(
    readonly model: SolutionModel,
    readonly solution: Solution,
    readonly diagnostics: Diagnostic[],
  ) {
    this.tables = new Map(model.tables.map((t) => [t.data.name.toLowerCase(), t.data]));
  }

  /** Top-level variables named `<name><n>`, as V3 numbers them per item (read them with `numbered(n)`). */
  numberedVariables(n: number, values: Record<string, Json>): void {
    for (const [name, value] of Object.entries(values)) this.variables[`${name}${n}`] = value;
  }

  /** V3's per-item variable object `<object><n>` with members `<name><n>`; returns the member reference. */
  variableObject(object: string, n: number, values: Record<string, Json>): (name: string) => Expr {
    const name = `${object}${n}`;
    const members: Record<string, Json> = {};
    for (const [member, value] of Object.entries(values)) members[`${member}${n}`] = value;
    this.variables[name] = members;
    return (member) => variables(name).get(`${member}${n}`);
  }

  /** A metadata resource (`source` the solution); `extra` goes between its name and its properties. */
  metadata(m: MetadataSpec, extra: Record<string, Json> = {}): Json {
    return {
      type: "Microsoft.OperationalInsights/workspaces/providers/metadata",
      apiVersion: m.apiVersion ?? PKG.metadata,
      name: m.name ?? metadataName(m.kind, m.parentId),
      ...extra,
      properties: {
        description: m.description,
        parentId: m.parentId,
        contentId: m.contentId,
        kind: m.kind,
        version: m.version,
        source: sourceBlock(this.solution),
        author: authorBlock(this.solution),
        support: supportBlock(this.solution),
        dependencies: m.dependencies,
        previewImages: m.previewImages,
        previewImagesDark: m.previewImagesDark,
      },
    };
  }

  /**
   * Adds one item: its contentTemplate (the description, package and product ids V3 writes), its
   * active copies, its entry in the item list and, unless `criterion: null`, in the dependencies.
   */
  addContent(c: ContentSpec): void {
    const t = c.template;
    this.templates.push({
      type: "Microsoft.OperationalInsights/workspaces/providers/contentTemplates",
      apiVersion: PKG.contentTemplates,
      name: t.name,
      location: wsLocation(),
      dependsOn: [extensionId("Microsoft.SecurityInsights/contentPackages", solutionIdRef())],
      properties: {
        description: `${c.displayName} ${kindLabel(c.kind)} with template version ${this.solution.version}`,
        mainTemplate: t.mainTemplate,
        packageKind: "Solution",
        packageVersion: variables("_solutionVersion"),
        packageName: variables("_solutionName"),
        packageId: solutionIdRef(),
        source: sourceBlock(this.solution),
        contentSchemaVersion: CONTENT_SCHEMA_VERSION,
        contentId: t.contentId,
        contentKind: c.kind,
        displayName: t.displayName ?? c.displayName,
        contentProductId: t.productId,
        id: t.includeId === false ? undefined : t.productId,
        version: t.version,
      },
    });
    if (c.active) this.active.push(...c.active);
    this.items.push({
      kind: c.kind,
      code: KIND_CODES[c.kind],
      contentId: c.contentId,
      version: c.version,
      displayName: c.displayName,
      description: c.description,
      source: c.source,
      step: c.step,
    });
    const criterion =
      c.criterion === undefined ? { kind: c.kind, contentId: t.contentId, version: t.version } : c.criterion;
    if (criterion) this.criteria.push(criterion);
  }
}

/** Reference to V3's numbered top-level variable `<name><n>`. */
export function numbered(n: number): (name: string) => Expr {
  return (name) => variables(`${name}${n}`);
}
