import type { Path } from "@sentinelctl/content";
import { substituteWorkbookParameters, type WorkbookParameter } from "../kql/workbook-params.js";

/** A KQL text found inside a workbook gallery template. */
export interface WorkbookQuery {
  /** Path of the query string inside the template. */
  path: Path;
  role: "workbookQuery" | "workbookParameter";
  text: string;
  analysed: string;
  toTextOffset(offset: number): number;
  label: string;
  /** `{Name}` references that no parameter of the workbook declares (offsets in `text`). */
  undeclared: Array<{ name: string; start: number; length: number }>;
}

type Json = Record<string, unknown>;

const LOGS_RESOURCE_TYPES = new Set([
  "microsoft.operationalinsights/workspaces",
  "microsoft.insights/components",
]);

/** Query types of workbook items: 0 is Logs (KQL against the workspace); the rest (ARG, ARM, JSON, …) are not KQL on the workspace. */
function isLogsQuery(content: Json): boolean {
  if (typeof content.query !== "string") return false;
  const qt = content.queryType;
  if (qt !== undefined && qt !== 0) return false;
  const rt = content.resourceType;
  return rt === undefined || (typeof rt === "string" && LOGS_RESOURCE_TYPES.has(rt.toLowerCase()));
}

function* walkItems(items: unknown, base: Path): Generator<{ item: Json; path: Path }> {
  if (!Array.isArray(items)) return;
  for (let i = 0; i < items.length; i++) {
    const item = items[i];
    if (!item || typeof item !== "object") continue;
    const path = [...base, i];
    yield { item: item as Json, path };
    const content = (item as Json).content;
    if (content && typeof content === "object" && Array.isArray((content as Json).items)) {
      yield* walkItems((content as Json).items, [...path, "content", "items"]);
    }
  }
}

function parameterOf(p: Json): WorkbookParameter | undefined {
  if (typeof p.name !== "string") return undefined;
  return {
    name: p.name,
    ...(typeof p.type === "number" ? { type: p.type } : {}),
    ...(p.multiSelect === true ? { multiSelect: true } : {}),
    ...(typeof p.quote === "string" ? { quote: p.quote } : {}),
    ...(typeof p.delimiter === "string" ? { delimiter: p.delimiter } : {}),
    ...(p.value !== undefined ? { value: p.value } : {}),
  };
}

/**
 * Every Logs query of a workbook template: query items and query-driven parameters, through groups.
 * `now` is the instant time-range parameters count back from (default: a fixed one, for analysis).
 */
export function workbookQueryText(template: Json, options: { now?: string | Date } = {}): WorkbookQuery[] {
  const all = [...walkItems(template.items, ["items"])];
  const parameters: WorkbookParameter[] = [];
  for (const { item } of all) {
    const content = item.content as Json | undefined;
    if (!content || typeof content !== "object") continue;
    if (item.type === 9 && Array.isArray(content.parameters)) {
      for (const p of content.parameters) {
        const param = p && typeof p === "object" ? parameterOf(p as Json) : undefined;
        if (param) parameters.push(param);
      }
    }
    // Parameters set by other items: grid/tile selections and tab links.
    if (typeof content.exportParameterName === "string")
      parameters.push({ name: content.exportParameterName, type: "text" });
    if (Array.isArray(content.exportedParameters)) {
      for (const e of content.exportedParameters as Json[]) {
        if (e && typeof e.parameterName === "string")
          parameters.push({ name: e.parameterName, type: "text" });
      }
    }
    if (Array.isArray(content.links)) {
      for (const l of content.links as Json[]) {
        if (l && typeof l.parameterName === "string")
          parameters.push({ name: l.parameterName, type: "text" });
      }
    }
  }
  const out: WorkbookQuery[] = [];
  const add = (path: Path, role: WorkbookQuery["role"], text: string, label: string) => {
    const first = substituteWorkbookParameters(text, { parameters, now: options.now });
    // Undeclared references are reported by a check; they are still substituted (kind guessed) so
    // that the rest of the query is analysed.
    const sub = first.undeclared.length
      ? substituteWorkbookParameters(text, {
          parameters: [...parameters, ...first.undeclared.map((u) => ({ name: u.name }))],
          now: options.now,
        })
      : first;
    out.push({
      path,
      role,
      text,
      analysed: sub.text,
      toTextOffset: (o) => sub.toOriginalOffset(o),
      label,
      undeclared: first.undeclared,
    });
  };
  for (const { item, path } of all) {
    const content = item.content as Json | undefined;
    if (!content || typeof content !== "object") continue;
    const name = typeof item.name === "string" ? item.name : `#${String(path[path.length - 1])}`;
    if (item.type === 3 && isLogsQuery(content)) {
      add([...path, "content", "query"], "workbookQuery", content.query as string, `workbook item '${name}'`);
    } else if (item.type === 9 && Array.isArray(content.parameters)) {
      content.parameters.forEach((p, j) => {
        if (p && typeof p === "object" && isLogsQuery(p as Json)) {
          const pname = typeof (p as Json).name === "string" ? ((p as Json).name as string) : `#${j}`;
          add(
            [...path, "content", "parameters", j, "query"],
            "workbookParameter",
            (p as Json).query as string,
            `workbook parameter '${pname}'`,
          );
        }
      });
    }
  }
  return out;
}
