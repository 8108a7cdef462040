import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import type {
  DataConnectorItem,
  LoadResult,
  ParserItem,
  SolutionModel,
  TableItem,
} from "@sentinelctl/content";
import { isValidConnectorId, KNOWN_CONNECTORS } from "../data/known-connectors.js";
import { loadBuiltins } from "../schema/builtin-tables.js";
import type {
  FunctionDeclaration,
  RepositoryDeclarations,
  SchemaInput,
  TableDeclaration,
} from "../schema/types.js";
import type { ValidatorConfig } from "./config.js";
import { parameterDefaultText } from "./query-sites.js";

/** Repository-wide facts the checks look things up in. */
export interface ProjectIndex {
  solutions: readonly SolutionModel[];
  config: ValidatorConfig;
  /** Connectors of every loaded solution, by lower-case id. */
  connectors: ReadonlyMap<string, { item: DataConnectorItem; model: SolutionModel }>;
  /** Connector ids known to exist outside the repository (built-in allow-list + configuration). */
  isKnownExternalConnector(id: string): boolean;
  /** Data type names some connector declares (`Syslog (Vendor)`, a parser name...), any solution's. */
  isKnownDataType(name: string): boolean;
}

/** Connector ids and data type names of solutions next to the loaded ones (lower case). */
export interface SiblingConnectors {
  ids: Set<string>;
  dataTypes: Set<string>;
}

export function buildProjectIndex(
  load: LoadResult,
  config: ValidatorConfig,
  siblings: SiblingConnectors = siblingConnectors(load.solutions),
): ProjectIndex {
  const connectors = new Map<string, { item: DataConnectorItem; model: SolutionModel }>();
  const dataTypes = new Set(siblings.dataTypes);
  for (const model of load.solutions) {
    for (const item of [...model.dataConnectors, ...(model.context?.dataConnectors ?? [])]) {
      const id = item.data.id.toLowerCase();
      if (!connectors.has(id)) connectors.set(id, { item, model });
      for (const d of item.data.dataTypes ?? []) dataTypes.add(d.name.toLowerCase());
    }
  }
  for (const tables of Object.values(KNOWN_CONNECTORS))
    for (const t of tables) dataTypes.add(t.toLowerCase());
  const extra = new Set(config.knownConnectors.map((c) => c.toLowerCase()));
  return {
    solutions: load.solutions,
    config,
    connectors,
    isKnownExternalConnector: (id) =>
      isValidConnectorId(id) || extra.has(id.toLowerCase()) || siblings.ids.has(id.toLowerCase()),
    isKnownDataType: (name) => dataTypes.has(name.toLowerCase()),
  };
}

const CONNECTOR_FOLDERS = new Set(["connectors", "dataconnectors", "data connectors"]);

/** Connector files of a solution folder, one level of sub-folders deep (CCF connectors sit in their own). */
function connectorFiles(dir: string): string[] {
  const out: string[] = [];
  for (const sub of safeReaddir(dir)) {
    if (!CONNECTOR_FOLDERS.has(sub.toLowerCase())) continue;
    const base = path.join(dir, sub);
    for (const name of safeReaddir(base)) {
      const full = path.join(base, name);
      if (/\.(ya?ml|json|ts)$/i.test(name)) out.push(full);
      else
        for (const inner of safeReaddir(full)) if (/\.json$/i.test(inner)) out.push(path.join(full, inner));
    }
  }
  return out;
}

/** Ids and data type names a connector file declares, read without loading it. */
function scanConnector(file: string, into: SiblingConnectors): void {
  let text: string;
  try {
    text = readFileSync(file, "utf8").replace(/^\uFEFF/, "");
  } catch {
    return; // unreadable: not a connector this run can learn from
  }
  if (file.toLowerCase().endsWith(".json")) {
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      return;
    }
    for (const r of Array.isArray(value) ? value : [value]) {
      const o = (r ?? {}) as Record<string, unknown>;
      const ui = ((o.properties as Record<string, unknown> | undefined)?.connectorUiConfig ?? o) as Record<
        string,
        unknown
      >;
      if (typeof ui.id === "string") into.ids.add(ui.id.toLowerCase());
      if (Array.isArray(ui.dataTypes))
        for (const d of ui.dataTypes) {
          const name = (d as { name?: unknown })?.name;
          if (typeof name === "string") into.dataTypes.add(name.toLowerCase());
        }
    }
    return;
  }
  const m = /^id:\s*["']?([^\s"'#]+)/m.exec(text) ?? /["']?\bid["']?\s*:\s*["']([^"']+)["']/.exec(text);
  if (m) into.ids.add(m[1]!.toLowerCase());
  const block = /^dataTypes:\s*\n((?:[ \t]+.*\n?|-.*\n?)*)/m.exec(text)?.[1] ?? "";
  for (const d of block.matchAll(/-\s*name:\s*["']?([^"'\n#]+?)["']?\s*$/gm))
    into.dataTypes.add(d[1]!.toLowerCase());
}

/**
 * Connector ids and data types defined by solutions next to the loaded ones that were not
 * themselves loaded (validating one solution of a repository: its rules may name a sibling
 * solution's connector). A light scan of the siblings' connector files, without loading them;
 * solution.yaml folders and Azure-Sentinel folders (a `Data/` folder) alike.
 */
export function siblingConnectors(solutions: readonly SolutionModel[], repoRoot?: string): SiblingConnectors {
  const found: SiblingConnectors = { ids: new Set(), dataTypes: new Set() };
  const loaded = new Set(solutions.map((s) => path.resolve(s.dir)));
  const parents = new Set(solutions.filter((s) => s.solution).map((s) => path.dirname(path.resolve(s.dir))));
  // Inside an Azure-Sentinel checkout every solution is a sibling, and so is its root DataConnectors/.
  if (repoRoot) {
    parents.add(path.join(repoRoot, "Solutions"));
    for (const file of connectorFiles(repoRoot)) scanConnector(file, found);
  }
  for (const parent of parents) {
    for (const name of safeReaddir(parent)) {
      const dir = path.join(parent, name);
      if (loaded.has(dir)) continue;
      if (
        !existsSync(path.join(dir, "solution.yaml")) &&
        !safeReaddir(dir).some((n) => n.toLowerCase() === "data")
      )
        continue;
      for (const file of connectorFiles(dir)) scanConnector(file, found);
    }
  }
  return found;
}

function safeReaddir(dir: string): string[] {
  try {
    return readdirSync(dir);
  } catch {
    return [];
  }
}

/**
 * What a solution's queries run against, by name only (no Kusto needed): built-in tables, the
 * solution's tables and parsers, and the project's declarations.
 */
export interface SolutionSchema {
  /** Input for the schema registry. */
  input: SchemaInput;
  /** Hash of the input and the built-in data set: equal key, equal schema. */
  key: string;
  hasTable(name: string): boolean;
  /** The declared spelling of a table whose name differs only in case. */
  tableIgnoringCase(name: string): string | undefined;
  hasFunction(name: string): boolean;
  /** The solution's declaration of a table (the first one, as the schema registry uses it). */
  declaredTable(name: string): TableItem | undefined;
  /** Columns of a table, when known by name (built-in or declared). */
  columnsOf(name: string): ReadonlyArray<{ name: string; type: string }> | undefined;
  /** Every table name a query may use (for "did you mean"). */
  tableNames(): Iterable<string>;
}

/** Parsers are declared under their alias (the name queries call them by). */
export function parserDeclaration(p: ParserItem): FunctionDeclaration {
  return {
    name: p.data.FunctionAlias,
    parameters: (p.data.FunctionParams ?? []).map((param) => ({
      name: param.Name,
      type: param.Type,
      default: param.Type.trim().startsWith("(")
        ? undefined
        : parameterDefaultText(param.Type, param.Default),
    })),
    body: p.data.FunctionQuery,
    ...(p.data.Description ? { description: p.data.Description } : {}),
  };
}

export function tableDeclaration(t: TableItem): TableDeclaration {
  return {
    name: t.data.name,
    columns: t.data.columns.map((c) => ({ name: c.name, type: c.type })),
    ...(t.data.classic ? { kind: "classic" as const } : {}),
  };
}

let builtinNames:
  | {
      tables: Map<string, ReadonlyArray<{ name: string; type: string }>>;
      lower: Map<string, string>;
      functions: Set<string>;
      id: string;
    }
  | undefined;

function builtins() {
  if (!builtinNames) {
    const b = loadBuiltins();
    builtinNames = {
      tables: new Map(b.tables.map((t) => [t.name, t.columns])),
      lower: new Map(b.tables.map((t) => [t.name.toLowerCase(), t.name])),
      functions: new Set(b.functions.map((f) => f.name)),
      id: b.id,
    };
  }
  return builtinNames;
}

export function solutionSchema(
  model: SolutionModel,
  config: ValidatorConfig,
  engineVersion: string,
  repository?: RepositoryDeclarations,
): SolutionSchema {
  const b = builtins();
  // One declaration per name (the first): the loader reports the others (LOAD-DUPLICATE-ID), so the
  // registry is not given them to report a second time.
  const declared = firstByName([...model.tables, ...(model.context?.tables ?? [])], (t) => t.data.name);
  const parsers = firstByName(
    [...model.parsers, ...(model.context?.parsers ?? [])],
    (p) => p.data.FunctionAlias,
  );
  const input: SchemaInput = {
    includeBuiltins: true,
    ...(repository ? { repository } : {}),
    solution: {
      tables: [...declared.values()].map(tableDeclaration),
      functions: [...parsers.values()].map(parserDeclaration),
    },
    project: config.declarations,
  };
  const key = createHash("sha256")
    .update(
      JSON.stringify({ engineVersion, builtins: b.id, input: { ...input, repository: repository?.id } }),
    )
    .digest("hex");
  const projectTables = new Map([
    ...(repository?.tables ?? []).map((t) => [t.name, t.columns] as const),
    ...(config.declarations.tables ?? []).map((t) => [t.name, t.columns] as const),
  ]);
  const functions = new Set<string>([
    ...b.functions,
    ...(repository?.functions ?? []).map((f) => f.name),
    ...parsers.keys(),
    ...(config.declarations.functions ?? []).map((f) => f.name),
  ]);
  const lower = new Map(b.lower);
  for (const name of [...declared.keys(), ...projectTables.keys()]) lower.set(name.toLowerCase(), name);
  return {
    input,
    key,
    hasTable: (name) => declared.has(name) || projectTables.has(name) || b.tables.has(name),
    tableIgnoringCase: (name) => lower.get(name.toLowerCase()),
    hasFunction: (name) => functions.has(name),
    declaredTable: (name) => declared.get(name),
    columnsOf: (name) => declared.get(name)?.data.columns ?? projectTables.get(name) ?? b.tables.get(name),
    tableNames: () => lower.values(),
  };
}

function firstByName<T>(items: readonly T[], nameOf: (item: T) => string): Map<string, T> {
  const out = new Map<string, T>();
  for (const item of items) if (!out.has(nameOf(item))) out.set(nameOf(item), item);
  return out;
}
