/** Table schemas a test can fill: every built-in Log Analytics table and every table the loaded solutions declare. */
import { compareText, didYouMean, type SolutionModel } from "@sentinelctl/content";
import { buildSchema, type KustoType, type SchemaSnapshot, tableDeclaration } from "@sentinelctl/validator";

export interface ColumnSchema {
  name: string;
  type: KustoType;
}

export interface TableSchemas {
  columnsOf(table: string): readonly ColumnSchema[] | undefined;
  /** The declared spelling of a table, or a close name for a hint. */
  suggest(table: string): string | undefined;
  /** Names of the solutions' declared tables (they exist in a workspace where the solution is installed). */
  declared: readonly string[];
  /**
   * Known tables (declared or built-in) that these texts may read: those named in them (a cheap
   * over-approximation), and every declared table when a name pattern (`Darktrace*`) appears.
   */
  mentioned(texts: readonly string[]): string[];
}

export function tableSchemas(models: readonly SolutionModel[]): TableSchemas {
  const declared = new Map<string, SolutionModel["tables"][number]>();
  for (const m of models)
    for (const t of m.tables) if (!declared.has(t.data.name)) declared.set(t.data.name, t);
  const snapshot: SchemaSnapshot = buildSchema(
    {
      includeBuiltins: true,
      solution: {
        tables: [...declared.values()].map(tableDeclaration),
      },
    },
    { inferFunctions: false },
  );
  const lower = new Map([...snapshot.tables.keys()].map((n) => [n.toLowerCase(), n]));
  return {
    columnsOf: (table) => snapshot.tables.get(table)?.columns,
    suggest: (table) => lower.get(table.toLowerCase()) ?? didYouMean(table, snapshot.tables.keys()),
    declared: [...declared.keys()].sort(compareText),
    mentioned(texts) {
      const found = new Set<string>();
      for (const text of texts) {
        for (const m of identifiers(text)) if (snapshot.tables.has(m)) found.add(m);
        if (/[A-Za-z0-9_]\*/.test(text)) for (const name of declared.keys()) found.add(name);
      }
      return [...found].sort(compareText);
    },
  };
}

/** The identifiers of a KQL text (names of tables, functions, columns, keywords alike). */
export function identifiers(text: string): Set<string> {
  return new Set(text.match(/[A-Za-z_][A-Za-z0-9_]*/g) ?? []);
}
