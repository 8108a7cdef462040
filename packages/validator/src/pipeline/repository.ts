import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import type { FunctionDeclaration, RepositoryDeclarations, TableDeclaration } from "../schema/types.js";
import { parameterDefaultText } from "./query-sites.js";

/** Where an Azure-Sentinel checkout keeps the schemas its KQL validation uses. */
export const KQL_TESTS_DIR = path.join(".script", "tests", "KqlvalidationsTests");

/** The nearest folder at or above one of `starts` that holds Azure-Sentinel's KQL test schemas. */
export function findAzureSentinelRepo(starts: readonly string[]): string | undefined {
  for (const start of starts) {
    for (let dir = path.resolve(start); ; dir = path.dirname(dir)) {
      if (existsSync(path.join(dir, KQL_TESTS_DIR, "CustomTables"))) return dir;
      if (dir === path.dirname(dir)) break;
    }
  }
  return undefined;
}

function jsonFiles(dir: string): string[] {
  try {
    return readdirSync(dir)
      .filter((n) => n.toLowerCase().endsWith(".json"))
      .sort()
      .map((n) => path.join(dir, n));
  } catch {
    return [];
  }
}

function readJson(file: string): Record<string, unknown> | undefined {
  try {
    const text = readFileSync(file, "utf8");
    const value = JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text) as unknown;
    return value && typeof value === "object" && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}

const field = (o: Record<string, unknown> | undefined, ...names: string[]): unknown => {
  if (!o) return undefined;
  for (const n of names) if (o[n] !== undefined) return o[n];
  return undefined;
};

function columnsOf(list: unknown): Array<{ name: string; type: string }> {
  if (!Array.isArray(list)) return [];
  return list
    .map((c) => c as Record<string, unknown>)
    .filter((c) => typeof field(c, "Name", "name") === "string")
    .map((c) => ({
      name: String(field(c, "Name", "name")),
      type: String(field(c, "Type", "type") ?? "string"),
    }));
}

const cache = new Map<string, RepositoryDeclarations>();

/**
 * The checkout's CustomTables (`{Name, Properties: [{Name, Type}]}`) and CustomFunctions
 * (`{FunctionName, FunctionParameters, FunctionResultColumns}`), read once per process. Files that
 * do not parse are skipped: they are the repository's own business, as in Microsoft's CI.
 */
export function repositoryDeclarations(root: string): RepositoryDeclarations {
  const cached = cache.get(root);
  if (cached) return cached;
  const tables: TableDeclaration[] = [];
  const functions: FunctionDeclaration[] = [];
  const hash = createHash("sha256");
  const seenTables = new Set<string>();
  for (const file of jsonFiles(path.join(root, KQL_TESTS_DIR, "CustomTables"))) {
    const t = readJson(file);
    const name = field(t, "Name", "name");
    if (typeof name !== "string" || seenTables.has(name)) continue;
    seenTables.add(name);
    const columns = columnsOf(field(t, "Properties", "properties", "columns"));
    tables.push({ name, columns });
    hash.update(JSON.stringify([name, columns]));
  }
  const seenFunctions = new Set<string>();
  for (const file of jsonFiles(path.join(root, KQL_TESTS_DIR, "CustomFunctions"))) {
    const f = readJson(file);
    const name = field(f, "FunctionName", "functionName", "name");
    if (typeof name !== "string" || seenFunctions.has(name) || seenTables.has(name)) continue;
    seenFunctions.add(name);
    const params = field(f, "FunctionParameters", "functionParameters");
    const parameters = (Array.isArray(params) ? params : [])
      .map((p) => p as Record<string, unknown>)
      .filter((p) => typeof field(p, "Name", "name") === "string")
      .map((p) => {
        const type = String(field(p, "Type", "type") ?? "string");
        // Parameters of these declarations are optional to callers, as in Microsoft's CI.
        return {
          name: String(field(p, "Name", "name")),
          type,
          default: parameterDefaultText(type, field(p, "Default", "default")),
        };
      });
    const resultColumns = columnsOf(field(f, "FunctionResultColumns", "functionResultColumns"));
    functions.push({ name, parameters, resultColumns });
    hash.update(JSON.stringify([name, parameters, resultColumns]));
  }
  const out: RepositoryDeclarations = { id: hash.digest("hex"), tables, functions };
  cache.set(root, out);
  return out;
}
