import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { type Column, type KustoType, loadContent, type Table } from "@sentinelctl/content";

const solutionDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const samplesDir = path.join(solutionDir, "samples");

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const ISO_DATETIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;
const INT32 = [-(2 ** 31), 2 ** 31 - 1] as const;

/** Why a JSON value cannot land in a column of this Kusto type, or undefined when it can. */
function typeProblem(type: KustoType, value: unknown): string | undefined {
  if (value === null) return undefined; // a null lands as an empty cell in any column
  switch (type) {
    case "string":
      return typeof value === "string" ? undefined : `expected a string, got ${JSON.stringify(value)}`;
    case "int":
      return Number.isInteger(value) && (value as number) >= INT32[0] && (value as number) <= INT32[1]
        ? undefined
        : `expected a 32-bit integer, got ${JSON.stringify(value)}`;
    case "long":
      return Number.isInteger(value) ? undefined : `expected an integer, got ${JSON.stringify(value)}`;
    case "real":
    case "decimal":
      return typeof value === "number" ? undefined : `expected a number, got ${JSON.stringify(value)}`;
    case "bool":
      return typeof value === "boolean" ? undefined : `expected true or false, got ${JSON.stringify(value)}`;
    case "datetime":
      return typeof value === "string" && ISO_DATETIME.test(value) && !Number.isNaN(Date.parse(value))
        ? undefined
        : `expected an ISO 8601 date-time, got ${JSON.stringify(value)}`;
    case "guid":
      return typeof value === "string" && GUID.test(value)
        ? undefined
        : `expected a GUID, got ${JSON.stringify(value)}`;
    case "timespan":
      return typeof value === "string"
        ? undefined
        : `expected a timespan string, got ${JSON.stringify(value)}`;
    case "dynamic":
      return undefined;
  }
}

function readSamples(file: string): Array<{ line: number; record: Record<string, unknown> }> {
  return readFileSync(file, "utf8")
    .split("\n")
    .map((text, i) => ({ text, line: i + 1 }))
    .filter((l) => l.text.trim().length > 0)
    .map(({ text, line }) => {
      const record = JSON.parse(text) as unknown;
      if (!record || typeof record !== "object" || Array.isArray(record))
        throw new Error(`line ${line} is not a JSON object`);
      return { line, record: record as Record<string, unknown> };
    });
}

const loaded = await loadContent([path.join(solutionDir, "tables")]);
const tables = new Map<string, Table>(
  loaded.solutions.flatMap((s) => s.tables.map((t) => [t.data.name, t.data] as const)),
);
const sampleFiles = readdirSync(samplesDir)
  .filter((f) => f.endsWith(".jsonl"))
  .sort();

describe("Darktrace sample records", () => {
  it("loads the table declarations without diagnostics", () => {
    expect(loaded.diagnostics).toEqual([]);
    expect(tables.size).toBe(8);
  });

  it("has a sample file for every declared table and no file without a table", () => {
    expect(sampleFiles.map((f) => path.basename(f, ".jsonl")).sort()).toEqual([...tables.keys()].sort());
  });

  describe.each(sampleFiles)("%s", (file) => {
    const table = tables.get(path.basename(file, ".jsonl"));
    const samples = readSamples(path.join(samplesDir, file));
    const columns = new Map<string, Column>((table?.columns ?? []).map((c) => [c.name, c]));

    it("holds several records, each with TimeGenerated", () => {
      expect(samples.length).toBeGreaterThanOrEqual(3);
      for (const { record } of samples) expect(typeof record.TimeGenerated).toBe("string");
    });

    it("uses only declared columns with compatible values", () => {
      const problems: string[] = [];
      for (const { line, record } of samples) {
        for (const [key, value] of Object.entries(record)) {
          const col = columns.get(key);
          if (!col) {
            problems.push(`line ${line}: '${key}' is not a column of ${table?.name}`);
            continue;
          }
          const problem = typeProblem(col.type, value);
          if (problem) problems.push(`line ${line}: ${key} (${col.type}): ${problem}`);
        }
      }
      expect(problems).toEqual([]);
    });

    it("covers edge cases: some record leaves out optional columns", () => {
      const counts = samples.map(({ record }) => Object.keys(record).length);
      expect(Math.min(...counts)).toBeLessThan(columns.size);
    });
  });
});

describe("typeProblem", () => {
  it.each([
    ["int", 3, true],
    ["int", 2 ** 40, false],
    ["long", 2 ** 40, true],
    ["real", 0.5, true],
    ["bool", "true", false],
    ["datetime", "2026-11-20T08:15:04Z", true],
    ["datetime", "yesterday", false],
    ["guid", "5b7c1e3a-0d6f-4c61-9a7e-2f4c8d1b9e10", true],
    ["string", 1, false],
    ["dynamic", { a: [] }, true],
    ["string", null, true],
  ] as Array<[KustoType, unknown, boolean]>)("%s accepts %j: %s", (type, value, ok) => {
    expect(typeProblem(type, value) === undefined).toBe(ok);
  });
});
