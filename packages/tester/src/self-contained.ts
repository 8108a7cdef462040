/**
 * A case as one self-contained KQL text: every input table as a `datatable` let-binding that shadows
 * the table's name, every function the query calls as a let-bound function, then the query. Such a
 * text runs unchanged on any Kusto engine (Azure Data Explorer, a Log Analytics workspace, the
 * offline engine), with nothing ingested; `now` travels as the `query_now` request property.
 */
import type { EngineRequest } from "./engine.js";
import { identifiers } from "./tables.js";
import { datetimeText, datetimeTicks } from "./values.js";

function stringLiteral(s: string): string {
  return `"${s.replace(/\\/g, "\\\\").replace(/"/g, '\\"').replace(/\n/g, "\\n").replace(/\r/g, "\\r").replace(/\t/g, "\\t")}"`;
}

/** A cell as a KQL literal of its column type. */
export function kqlLiteral(value: unknown, type: string): string {
  const nullOf = `${type === "timespan" ? "time" : type}(null)`;
  if (value === null || value === undefined) return type === "string" ? '""' : nullOf;
  switch (type) {
    case "string":
      return stringLiteral(typeof value === "string" ? value : JSON.stringify(value));
    case "bool":
      return value ? "true" : "false";
    case "int":
    case "long":
      return `${type}(${String(value)})`;
    case "real":
      return typeof value === "number" && !Number.isFinite(value) ? nullOf : `real(${String(value)})`;
    case "decimal":
      return `decimal(${String(value)})`;
    case "datetime": {
      const ticks = datetimeTicks(value);
      return ticks === undefined ? nullOf : `datetime(${datetimeText(ticks)})`;
    }
    case "timespan":
      return `time(${String(value)})`;
    case "guid":
      return `guid(${String(value)})`;
    default:
      return `dynamic(${JSON.stringify(value, (_k, v) => (typeof v === "bigint" ? Number(v) : v))})`;
  }
}

function datatable(table: EngineRequest["tables"][string]): string {
  const header = table.columns.map((c) => `['${c.name}']: ${c.type}`).join(", ");
  const rows = table.rows.map(
    (row) => `  ${table.columns.map((c) => kqlLiteral(row[c.name], c.type)).join(", ")},`,
  );
  return `datatable(${header}) [${rows.length ? `\n${rows.join("\n")}\n` : ""}]`;
}

/** Functions in an order where each comes after the functions its body calls. */
function ordered(functions: EngineRequest["functions"]): string[] {
  const out: string[] = [];
  const visit = (name: string, seen: Set<string>) => {
    if (out.includes(name) || seen.has(name)) return;
    seen.add(name);
    for (const called of identifiers(functions[name]!.body))
      if (called !== name && functions[called]) visit(called, seen);
    out.push(name);
  };
  for (const name of Object.keys(functions).sort()) visit(name, new Set());
  return out;
}

/** The self-contained text; `now` is left to the caller (request property, or a `set` statement). */
export function selfContainedQuery(
  query: string,
  request: Pick<EngineRequest, "tables" | "functions">,
): string {
  const lets: string[] = [];
  for (const name of Object.keys(request.tables).sort())
    lets.push(`let ['${name}'] = ${datatable(request.tables[name]!)};`);
  for (const name of ordered(request.functions)) {
    const f = request.functions[name]!;
    const params = f.parameters
      .map((p) => `${p.name}:${p.type}${p.default !== undefined ? ` = ${p.default}` : ""}`)
      .join(", ");
    lets.push(`let ${name} = (${params}) {\n${f.body.trim()}\n};`);
  }
  return `${lets.join("\n")}\n${query.trim()}\n`;
}
