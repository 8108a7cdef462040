import type {
  AnyContentItem,
  CcfPushConnector,
  Column,
  DataConnectorItem,
  ParserItem,
  Path,
  SolutionModel,
  SourceDocument,
  TableItem,
  WorkbookItem,
} from "@sentinelctl/content";
import type { KqlAnalysis } from "../kql/service.js";
import { workbookQueryText } from "./workbook-queries.js";

/** Where a KQL text lives in the content, and what it is for. */
export type QueryRole =
  | "analyticRule"
  | "huntingQuery"
  | "parser"
  | "workbookQuery"
  | "workbookParameter"
  | "connectorGraph"
  | "connectorSample"
  | "connectorLastData"
  | "connectorConnectivity"
  | "dcrTransform";

export interface QuerySite {
  /** Stable identity within a run: file + path of the query value. */
  key: string;
  role: QueryRole;
  item: AnyContentItem;
  /** The document that holds the text (a workbook's gallery template for workbook queries). */
  source: SourceDocument;
  /** Path of the string value inside `source`. */
  path: Path;
  /** The value as written. */
  text: string;
  /** The text handed to the analyser (with a synthetic prefix or parameter substitutions). */
  analysed: string;
  /** Maps an offset in `analysed` to an offset in `text`; undefined inside synthetic text. */
  toTextOffset(offset: number): number | undefined;
  /** Where to point when a finding falls in synthetic text (e.g. a parser's FunctionParams). */
  syntheticPath?: Path;
  /** An extra input table (a DCR transformation's `source`). */
  inputTable?: { name: string; columns: Array<{ name: string; type: string }> };
  /** Short human description: "rule query", "workbook item 'query - 2'". */
  label: string;
  /** Workbook `{Name}` references no parameter declares (offsets in `text`). */
  undeclaredParameters?: Array<{ name: string; start: number; length: number }>;
}

export interface QueryResult {
  site: QuerySite;
  analysis: KqlAnalysis;
  /** True when served from the cache. */
  cached?: boolean;
}

const identity = (offset: number) => offset;

function keyOf(source: SourceDocument, path: Path): string {
  return `${source.file}#${path.join("/")}`;
}

function plain(role: QueryRole, item: AnyContentItem, relPath: Path, text: string, label: string): QuerySite {
  const path = [...item.path, ...relPath];
  return {
    key: keyOf(item.source, path),
    role,
    item,
    source: item.source,
    path,
    text,
    analysed: text,
    toTextOffset: identity,
    label,
  };
}

/** Default value text of a parser parameter when none is declared (as Microsoft's CI does). */
const TYPE_DEFAULTS: Record<string, string> = {
  string: "''",
  int: "int(null)",
  long: "long(null)",
  real: "real(null)",
  double: "real(null)",
  bool: "false",
  boolean: "false",
  datetime: "datetime(null)",
  timespan: "time(null)",
  guid: "guid(null)",
  dynamic: "dynamic([])",
  decimal: "decimal(null)",
};

/** KQL text of a parser parameter's default. Plain YAML strings for string parameters get quoted. */
export function parameterDefaultText(type: string, value: unknown): string {
  const t = type.trim().toLowerCase();
  if (value === undefined || value === null || value === "") return TYPE_DEFAULTS[t] ?? "dynamic(null)";
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  const s = String(value).trim();
  if (
    t === "string" &&
    !/^(['"]).*\1$/s.test(s) &&
    !/^[@h]?['"]/.test(s) &&
    !/^(strcat|tostring|dynamic)\(/.test(s)
  ) {
    return `'${s.replace(/\\/g, "\\\\").replace(/'/g, "\\'")}'`;
  }
  return s;
}

/**
 * A parser: analysed by the schema registry with its FunctionParams declared in front of the
 * body (Microsoft's CI prepends them as `let` defaults; declared parameters type-check the same way
 * and also type the function for its callers). Offsets refer to FunctionQuery itself.
 */
function parserSite(item: ParserItem): QuerySite {
  const site = plain(
    "parser",
    item,
    ["FunctionQuery"],
    item.data.FunctionQuery,
    `parser '${item.data.FunctionAlias}'`,
  );
  site.syntheticPath = [...item.path, "FunctionParams"];
  return site;
}

/**
 * A CCF connector definition's queries may name `{{graphQueriesTableName}}`, which the service
 * fills in from the definition: the analysed text has it replaced, offsets map back around it.
 */
function withPlaceholders(site: QuerySite, values: Record<string, string>): QuerySite {
  // Each replaced placeholder: where its value starts and ends in the analysed text, and where
  // the placeholder starts and ends in the written text.
  const parts: Array<{ at: number; end: number; from: number; to: number }> = [];
  let analysed = "";
  let last = 0;
  for (const m of site.text.matchAll(/\{\{(\w+)\}\}/g)) {
    const value = values[m[1]!];
    if (value === undefined) continue;
    analysed += site.text.slice(last, m.index);
    parts.push({
      at: analysed.length,
      end: analysed.length + value.length,
      from: m.index!,
      to: m.index! + m[0].length,
    });
    analysed += value;
    last = m.index! + m[0].length;
  }
  if (!parts.length) return site;
  analysed += site.text.slice(last);
  const toTextOffset = (offset: number): number | undefined => {
    let shift = 0;
    for (const p of parts) {
      if (offset < p.at) break;
      if (offset < p.end) return p.from;
      shift = p.to - p.end;
    }
    return offset + shift;
  };
  return { ...site, analysed, toTextOffset };
}

function connectorSites(item: DataConnectorItem, tables: Map<string, TableItem>): QuerySite[] {
  const d = item.data;
  const out: QuerySite[] = [];
  const placeholders: Record<string, string> =
    d.kind === "CcfTemplate" && d.graphQueriesTableName
      ? { graphQueriesTableName: d.graphQueriesTableName }
      : {};
  for (const [i, g] of (d.graphQueries ?? []).entries()) {
    out.push(
      withPlaceholders(
        plain(
          "connectorGraph",
          item,
          ["graphQueries", i, "baseQuery"],
          g.baseQuery,
          `graph query '${g.metricName}'`,
        ),
        placeholders,
      ),
    );
  }
  for (const [i, s] of (d.sampleQueries ?? []).entries()) {
    out.push(
      plain(
        "connectorSample",
        item,
        ["sampleQueries", i, "query"],
        s.query,
        `sample query '${s.description}'`,
      ),
    );
  }
  for (const [i, t] of (d.dataTypes ?? []).entries()) {
    out.push(
      plain(
        "connectorLastData",
        item,
        ["dataTypes", i, "lastDataReceivedQuery"],
        t.lastDataReceivedQuery,
        `last-data query of '${t.name}'`,
      ),
    );
  }
  for (const [i, c] of (d.connectivityCriterias ?? []).entries()) {
    for (const [j, q] of (c.value ?? []).entries()) {
      out.push(
        plain(
          "connectorConnectivity",
          item,
          ["connectivityCriterias", i, "value", j],
          q,
          "connectivity query",
        ),
      );
    }
  }
  if (d.kind === "CcfPush") {
    (d as CcfPushConnector).streams.forEach((s, i) => {
      if (typeof s.transformKql !== "string") return;
      const table = tables.get(s.table.toLowerCase());
      const site = plain(
        "dcrTransform",
        item,
        ["streams", i, "transformKql"],
        s.transformKql,
        `DCR transformation of '${s.table}'`,
      );
      site.inputTable = {
        name: "source",
        columns: (table?.data.columns ?? [{ name: "TimeGenerated", type: "datetime" } as Column]).map(
          (c) => ({
            name: c.name,
            type: c.type,
          }),
        ),
      };
      out.push(site);
    });
  }
  return out;
}

/** Every KQL text of a solution, in model order. */
export function querySites(model: SolutionModel): QuerySite[] {
  const out: QuerySite[] = [];
  const tables = new Map(model.tables.map((t) => [t.data.name.toLowerCase(), t]));
  for (const r of model.analyticRules)
    out.push(plain("analyticRule", r, ["query"], r.data.query, "rule query"));
  for (const h of model.huntingQueries)
    out.push(plain("huntingQuery", h, ["query"], h.data.query, "hunting query"));
  for (const p of model.parsers) out.push(parserSite(p));
  for (const c of model.dataConnectors) out.push(...connectorSites(c, tables));
  for (const w of model.workbooks) out.push(...workbookSites(w));
  // A rule or hunting query that failed its schema check is not packaged, but its query's own
  // defects are still worth knowing in the same run.
  for (const item of model.rejected ?? []) {
    const query = (item.data as { query?: unknown }).query;
    if ((item.kind === "analyticRule" || item.kind === "huntingQuery") && typeof query === "string") {
      out.push(
        plain(
          item.kind,
          item,
          ["query"],
          query,
          item.kind === "analyticRule" ? "rule query" : "hunting query",
        ),
      );
    }
  }
  return out;
}

/** Queries inside a workbook's gallery template: query items and query-driven parameters, through groups. */
function workbookSites(item: WorkbookItem): QuerySite[] {
  const template = item.template;
  if (!template) return [];
  const root = template.value;
  const source = template.source;
  const basePath: Path = source === item.source ? [...item.path, "template"] : [];
  const out: QuerySite[] = [];
  const found = workbookQueryText(root);
  for (const q of found) {
    const path = [...basePath, ...q.path];
    out.push({
      key: keyOf(source, path),
      role: q.role,
      item,
      source,
      path,
      text: q.text,
      analysed: q.analysed,
      toTextOffset: q.toTextOffset,
      label: q.label,
      undeclaredParameters: q.undeclared,
    });
  }
  return out;
}
