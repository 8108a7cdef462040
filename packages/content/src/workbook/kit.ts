/**
 * A small typed kit for Azure Workbook gallery templates ("Notebook/1.0").
 *
 * Every builder returns plain JSON objects in the shape the Workbooks service stores, so the result can
 * be serialised as is. Item names and parameter/link ids are derived from names (a stable hash), never
 * random: the same source always yields the same template bytes.
 */
import { createHash } from "node:crypto";

/** The usual time-range parameter: query items are scoped to it unless told otherwise. */
export const TIMEFRAME = "Timeframe";

export const WORKBOOK_SCHEMA =
  "https://github.com/Microsoft/Application-Insights-Workbooks/blob/master/schema/workbook.json";
export const LOG_ANALYTICS = "microsoft.operationalinsights/workspaces";

/** A GUID-shaped id derived from the seed (sha-256), stable across runs and machines. */
export function stableId(seed: string): string {
  const h = createHash("sha256").update(seed).digest("hex");
  // Shape it as an RFC 4122 version-8 (custom) UUID so that tools expecting a GUID accept it.
  const variant = ((Number.parseInt(h[16]!, 16) & 0x3) | 0x8).toString(16);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-8${h.slice(13, 16)}-${variant}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/** A workbook that the kit can tell is broken (duplicate item names, undefined parameters, ...). */
export class WorkbookKitError extends Error {}

// ---------------------------------------------------------------------------------------------
// Shared shapes

export type Comparison = "isEqualTo" | "isNotEqualTo";

export interface Condition {
  parameterName: string;
  comparison: Comparison;
  value?: string;
}

/** Shows an item only when a parameter equals (or differs from) a value. */
export function when(parameterName: string, value: string, comparison: Comparison = "isEqualTo"): Condition {
  return { parameterName, comparison, value };
}

/** Shows an item only once a parameter has been set (for example by a grid selection). */
export function whenSet(parameterName: string): Condition {
  return { parameterName, comparison: "isNotEqualTo" };
}

interface Placement {
  /** Width as a percentage of the row, e.g. 50. */
  width?: number;
  /** Show only when all these conditions hold. */
  visibleWhen?: Condition | Condition[];
}

function placement(p: Placement): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (p.width !== undefined) out.customWidth = String(p.width);
  if (p.visibleWhen) {
    const conds = Array.isArray(p.visibleWhen) ? p.visibleWhen : [p.visibleWhen];
    if (conds.length === 1) out.conditionalVisibility = conds[0];
    else out.conditionalVisibilities = conds;
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Items

export interface TextItem {
  type: 1;
  content: { json: string; style?: TextStyle };
  name: string;
  [extra: string]: unknown;
}
export type TextStyle = "info" | "warning" | "error" | "success" | "upsell";

/** A Markdown text block (item type 1). */
export function text(name: string, markdown: string, opts: Placement & { style?: TextStyle } = {}): TextItem {
  return {
    type: 1,
    content: { json: markdown, ...(opts.style ? { style: opts.style } : {}) },
    name,
    ...placement(opts),
  };
}

export type Visualization =
  | "table"
  | "tiles"
  | "timechart"
  | "areachart"
  | "linechart"
  | "barchart"
  | "categoricalbar"
  | "piechart"
  | "scatterchart"
  | "map";

export type Size = 0 | 1 | 2 | 3 | 4; // medium, small, large, tiny, full

export interface ColumnFormat {
  columnMatch: string;
  formatter: number;
  formatOptions?: Record<string, unknown>;
  numberFormat?: Record<string, unknown>;
}

/** Grid column formatters that the Darktrace workbooks use; `raw` covers anything else. */
export const column = {
  /** Hide a column (formatter 5). */
  hidden: (columnMatch: string): ColumnFormat => ({ columnMatch, formatter: 5 }),
  /** Render a URL column as a link (formatter 7) with the given label. */
  link: (columnMatch: string, linkLabel = "Open"): ColumnFormat => ({
    columnMatch,
    formatter: 7,
    formatOptions: { linkTarget: "Url", linkLabel },
  }),
  /** A bar scaled to the column's values (formatter 4). */
  bar: (columnMatch: string, palette = "redBright", max?: number): ColumnFormat => ({
    columnMatch,
    formatter: 4,
    formatOptions: { palette, ...(max !== undefined ? { max, min: 0 } : {}) },
  }),
  /** A heat-map cell colour (formatter 8). */
  heatmap: (columnMatch: string, palette = "yellowOrangeRed", max?: number): ColumnFormat => ({
    columnMatch,
    formatter: 8,
    formatOptions: { palette, ...(max !== undefined ? { max, min: 0 } : {}) },
  }),
  /** A small trend line over a series column (formatter 10). */
  sparkline: (columnMatch: string, palette = "blue"): ColumnFormat => ({
    columnMatch,
    formatter: 10,
    formatOptions: { palette },
  }),
  /** Date-time rendering (formatter 6). */
  datetime: (columnMatch: string): ColumnFormat => ({ columnMatch, formatter: 6 }),
  raw: (format: ColumnFormat): ColumnFormat => format,
};

export interface GridOptions {
  formatters?: ColumnFormat[];
  labels?: Record<string, string>;
  filter?: boolean;
  rowLimit?: number;
  sortBy?: { itemKey: string; sortOrder: 1 | 2 };
  extra?: Record<string, unknown>;
}

function gridSettings(g: GridOptions): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (g.formatters?.length) out.formatters = g.formatters;
  if (g.rowLimit) out.rowLimit = g.rowLimit;
  if (g.filter) out.filter = true;
  if (g.sortBy) out.sortBy = [g.sortBy];
  if (g.labels)
    out.labelSettings = Object.entries(g.labels).map(([columnId, label]) => ({ columnId, label }));
  return { ...out, ...(g.extra ?? {}) };
}

export interface TileOptions {
  /** Column shown as the tile title. */
  title: string;
  /** Column shown as the big number. */
  value: string;
  /** Optional sub-title column. */
  subtitle?: string;
  /** Palette of the left colour bar (maps the title value) or the big number. */
  palette?: string;
  /** Thresholds for the big number colour: [operator, value, colour] triples, evaluated in order. */
  thresholds?: Array<{ operator: "==" | ">=" | "<=" | ">" | "<" | "Default"; value?: string; color: string }>;
  /** Column holding a link opened on click. */
  linkColumn?: string;
  size?: "auto" | "small" | "medium" | "large";
  showBorder?: boolean;
}

function tileSettings(t: TileOptions): Record<string, unknown> {
  const left = t.thresholds
    ? {
        columnMatch: t.value,
        formatter: 18,
        formatOptions: {
          thresholdsOptions: "colors",
          thresholdsGrid: t.thresholds.map((x) => ({
            operator: x.operator,
            ...(x.value !== undefined ? { thresholdValue: x.value } : {}),
            representation: x.color,
            text: "{0}{1}",
          })),
        },
        numberFormat: { unit: 17, options: { maximumSignificantDigits: 3 } },
      }
    : {
        columnMatch: t.value,
        formatter: 12,
        formatOptions: { palette: t.palette ?? "auto" },
        numberFormat: { unit: 17, options: { maximumSignificantDigits: 3 } },
      };
  return {
    titleContent: { columnMatch: t.title, formatter: 1 },
    ...(t.subtitle ? { subtitleContent: { columnMatch: t.subtitle } } : {}),
    leftContent: left,
    ...(t.linkColumn ? { linkColumn: t.linkColumn, linkTarget: "Url" } : {}),
    showBorder: t.showBorder ?? false,
    size: t.size ?? "auto",
  };
}

export interface ChartOptions {
  /** Series colours by series name. */
  colors?: Record<string, string>;
  xAxis?: string;
  yAxis?: string[];
  group?: string;
  showLegend?: boolean;
  extra?: Record<string, unknown>;
}

function chartSettings(c: ChartOptions): Record<string, unknown> {
  return {
    ...(c.xAxis ? { xAxis: c.xAxis } : {}),
    ...(c.yAxis ? { yAxis: c.yAxis } : {}),
    ...(c.group ? { group: c.group, createOtherGroup: 0 } : {}),
    ...(c.showLegend !== undefined ? { showLegend: c.showLegend } : {}),
    ...(c.colors
      ? {
          seriesLabelSettings: Object.entries(c.colors).map(([seriesName, color]) => ({ seriesName, color })),
        }
      : {}),
    ...(c.extra ?? {}),
  };
}

export interface ExportedParameter {
  fieldName: string;
  parameterName: string;
  defaultValue?: string;
}

export interface QueryOptions extends Placement {
  title?: string;
  query: string;
  visualization: Visualization;
  size?: Size;
  /** Name of the time-range parameter that scopes the query; default "Timeframe". Pass null for none. */
  timeParameter?: string | null;
  noDataMessage?: string;
  grid?: GridOptions;
  tiles?: TileOptions;
  chart?: ChartOptions;
  /** Grid or tile selection writes these parameters (drill-down). */
  exports?: ExportedParameter[];
  /** Extra `content` properties for settings the kit does not model. */
  extra?: Record<string, unknown>;
}

export interface QueryItem {
  type: 3;
  content: Record<string, unknown> & {
    query: string;
    queryType: 0;
    resourceType: string;
    visualization: Visualization;
  };
  name: string;
  [extra: string]: unknown;
}

/** A Log Analytics query item (item type 3). */
export function query(name: string, opts: QueryOptions): QueryItem {
  const timeParameter = opts.timeParameter === undefined ? TIMEFRAME : opts.timeParameter;
  const content: QueryItem["content"] = {
    version: "KqlItem/1.0",
    query: opts.query.trim(),
    size: opts.size ?? 0,
    ...(opts.title ? { title: opts.title } : {}),
    ...(opts.noDataMessage ? { noDataMessage: opts.noDataMessage } : {}),
    ...(timeParameter ? { timeContextFromParameter: timeParameter } : {}),
    ...(opts.exports?.length
      ? {
          exportMultipleValues: false,
          exportedParameters: opts.exports.map((e) => ({
            fieldName: e.fieldName,
            parameterName: e.parameterName,
            parameterType: 1,
            ...(e.defaultValue !== undefined ? { defaultValue: e.defaultValue } : {}),
          })),
        }
      : {}),
    queryType: 0,
    resourceType: LOG_ANALYTICS,
    visualization: opts.visualization,
    ...(opts.grid ? { gridSettings: gridSettings(opts.grid) } : {}),
    ...(opts.tiles ? { tileSettings: tileSettings(opts.tiles) } : {}),
    ...(opts.chart ? { chartSettings: chartSettings(opts.chart) } : {}),
    ...(opts.extra ?? {}),
  };
  return { type: 3, content, name, ...placement(opts) };
}

// ---------------------------------------------------------------------------------------------
// Parameters (item type 9)

export interface Parameter {
  id: string;
  version: "KqlParameterItem/1.0";
  name: string;
  type: number;
  [extra: string]: unknown;
}

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
export const durations = {
  "1h": HOUR,
  "4h": 4 * HOUR,
  "12h": 12 * HOUR,
  "1d": DAY,
  "2d": 2 * DAY,
  "3d": 3 * DAY,
  "7d": 7 * DAY,
  "14d": 14 * DAY,
  "30d": 30 * DAY,
  "90d": 90 * DAY,
} as const;
export type Duration = keyof typeof durations;

export interface TimeRangeOptions {
  label?: string;
  defaultValue?: Duration;
  choices?: Duration[];
  description?: string;
}

export const param = {
  /** A time-range picker (parameter type 4). Queries use {Name}, {Name:start}, {Name:end}, {Name:grain}. */
  timeRange(name: string, opts: TimeRangeOptions = {}): Parameter {
    const choices = opts.choices ?? (["1h", "12h", "1d", "7d", "14d", "30d", "90d"] as Duration[]);
    return {
      id: stableId(`param:${name}`),
      version: "KqlParameterItem/1.0",
      name,
      label: opts.label ?? name,
      type: 4,
      isRequired: true,
      ...(opts.description ? { description: opts.description } : {}),
      value: { durationMs: durations[opts.defaultValue ?? "7d"] },
      typeSettings: {
        selectableValues: choices.map((d) => ({ durationMs: durations[d] })),
        allowCustom: true,
      },
    };
  },
  /** The usual "Time range" picker, named {@link TIMEFRAME}, defaulting to 7 days. */
  timeframe(opts: TimeRangeOptions = {}): Parameter {
    return param.timeRange(TIMEFRAME, { label: "Time range", defaultValue: "7d", ...opts });
  },
  /** A free-text box (parameter type 1). */
  text(name: string, opts: { label?: string; defaultValue?: string; description?: string } = {}): Parameter {
    return {
      id: stableId(`param:${name}`),
      version: "KqlParameterItem/1.0",
      name,
      label: opts.label ?? name,
      type: 1,
      ...(opts.description ? { description: opts.description } : {}),
      value: opts.defaultValue ?? "",
      timeContext: { durationMs: DAY },
    };
  },
  /** A drop-down (parameter type 2) fed by a query or by fixed values. */
  dropdown(
    name: string,
    opts: {
      label?: string;
      query?: string;
      values?: Array<{ value: string; label?: string; selected?: boolean }>;
      multiSelect?: boolean;
      includeAll?: boolean;
      defaultValue?: string | string[];
      description?: string;
      timeParameter?: string;
    },
  ): Parameter {
    return {
      id: stableId(`param:${name}`),
      version: "KqlParameterItem/1.0",
      name,
      label: opts.label ?? name,
      type: 2,
      ...(opts.description ? { description: opts.description } : {}),
      isRequired: true,
      multiSelect: opts.multiSelect ?? false,
      ...(opts.multiSelect ? { quote: "'", delimiter: "," } : {}),
      ...(opts.query
        ? {
            query: opts.query.trim(),
            queryType: 0,
            resourceType: LOG_ANALYTICS,
            ...(opts.timeParameter ? { timeContextFromParameter: opts.timeParameter } : {}),
          }
        : {}),
      ...(opts.values
        ? {
            jsonData: JSON.stringify(
              opts.values.map((v) => ({
                value: v.value,
                label: v.label ?? v.value,
                ...(v.selected ? { selected: true } : {}),
              })),
            ),
          }
        : {}),
      typeSettings: {
        additionalResourceOptions: opts.includeAll ? ["value::all"] : [],
        showDefault: false,
      },
      ...(opts.defaultValue !== undefined ? { value: opts.defaultValue } : {}),
    };
  },
  /** A parameter the user never sees, set by drill-down selections (hidden text). */
  hidden(name: string, defaultValue = ""): Parameter {
    return {
      id: stableId(`param:${name}`),
      version: "KqlParameterItem/1.0",
      name,
      type: 1,
      isHiddenWhenLocked: true,
      value: defaultValue,
    };
  },
};

export interface ParametersItem {
  type: 9;
  content: {
    version: "KqlParameterItem/1.0";
    parameters: Parameter[];
    style: string;
    queryType: 0;
    resourceType: string;
  };
  name: string;
  [extra: string]: unknown;
}

/** A row of parameters (item type 9). */
export function parameters(name: string, params: Parameter[], opts: Placement = {}): ParametersItem {
  return {
    type: 9,
    content: {
      version: "KqlParameterItem/1.0",
      parameters: params,
      style: "pills",
      queryType: 0,
      resourceType: LOG_ANALYTICS,
    },
    name,
    ...placement(opts),
  };
}

// ---------------------------------------------------------------------------------------------
// Links / tabs (type 11) and groups (type 12)

export interface Tab {
  /** Value written to the tab parameter when selected; also the key used by `when()`. */
  value: string;
  label: string;
}

export interface LinksItem {
  type: 11;
  content: { version: "LinkItem/1.0"; style: string; links: Array<Record<string, unknown>> };
  name: string;
  [extra: string]: unknown;
}

/** A tab strip (item type 11) that sets `parameterName` to the selected tab's value. */
export function tabs(name: string, parameterName: string, list: Tab[], opts: Placement = {}): LinksItem {
  return {
    type: 11,
    content: {
      version: "LinkItem/1.0",
      style: "tabs",
      links: list.map((t) => ({
        id: stableId(`tab:${name}:${t.value}`),
        cellValue: parameterName,
        linkTarget: "parameter",
        linkLabel: t.label,
        subTarget: t.value,
        style: "link",
      })),
    },
    name,
    ...placement(opts),
  };
}

/** Plain links to external pages (item type 11, list style). */
export function links(
  name: string,
  list: Array<{ label: string; url: string }>,
  opts: Placement = {},
): LinksItem {
  return {
    type: 11,
    content: {
      version: "LinkItem/1.0",
      style: "list",
      links: list.map((l) => ({
        id: stableId(`link:${name}:${l.url}`),
        cellValue: l.url,
        linkTarget: "Url",
        linkLabel: l.label,
        style: "link",
      })),
    },
    name,
    ...placement(opts),
  };
}

export type TemplateItem = TextItem | QueryItem | ParametersItem | LinksItem | GroupItem;

export interface GroupItem {
  type: 12;
  content: {
    version: "NotebookGroup/1.0";
    groupType: "editable";
    items: TemplateItem[];
    title?: string;
    loadType?: string;
    expandable?: boolean;
    expanded?: boolean;
  };
  name: string;
  [extra: string]: unknown;
}

/** A group of items (item type 12), typically the body of one tab. */
export function group(
  name: string,
  items: TemplateItem[],
  opts: Placement & { title?: string; expandable?: boolean; expanded?: boolean } = {},
): GroupItem {
  return {
    type: 12,
    content: {
      version: "NotebookGroup/1.0",
      groupType: "editable",
      ...(opts.title ? { title: opts.title } : {}),
      ...(opts.expandable ? { expandable: true, expanded: opts.expanded ?? true } : {}),
      items,
    },
    name,
    ...placement(opts),
  };
}

// ---------------------------------------------------------------------------------------------
// Building blocks: recurring workbook parts made of the items above

/** KQL for the rows of `table` inside the time range: `Table | where TimeGenerated {Timeframe}`. */
export function inTimeRange(table: string, timeParameter: string = TIMEFRAME): string {
  return `${table}\n| where TimeGenerated {${timeParameter}}`;
}

/** Options every building block passes through to {@link query}. */
type BlockOptions = Placement & Pick<QueryOptions, "title" | "size" | "timeParameter" | "noDataMessage">;

export interface CountTilesOptions extends BlockOptions {
  /** KQL for the rows to count: a table and its filters. */
  source: string;
  /** The column each tile stands for; also the column of the list of wanted keys. */
  key: string;
  /** KQL computing the key from the source's columns, when the key is not one of them. */
  keyFrom?: string;
  /** Keys that always get a tile, with 0 when no row has them (other keys are left out). */
  keys: string[];
  /** Name of the count column (the tile's big number); default "Count". */
  count?: string;
  /** How rows are counted; default "count()". */
  aggregate?: string;
  /** Tile colour palette; default "auto". */
  palette?: string;
}

/**
 * One tile per wanted key with the number of rows for it. The counts are joined (`rightouter`) onto a
 * `datatable` of the wanted keys, so that a key with no rows still shows a tile, with 0.
 */
export function countTiles(name: string, opts: CountTilesOptions): QueryItem {
  const {
    source,
    key,
    keyFrom,
    keys,
    count = "Count",
    aggregate = "count()",
    palette = "auto",
    ...rest
  } = opts;
  const wanted = keys.map((k) => JSON.stringify(k)).join(", ");
  return query(name, {
    ...rest,
    size: rest.size ?? 3,
    visualization: "tiles",
    query: [
      `let wanted = datatable(${key}: string) [${wanted}];`,
      source,
      `| summarize ${count} = ${aggregate} by ${key}${keyFrom ? ` = ${keyFrom}` : ""}`,
      `| join kind=rightouter wanted on ${key}`,
      `| project ${key} = ${key}1, ${count} = coalesce(${count}, 0)`,
    ].join("\n"),
    tiles: { title: key, value: count, palette, showBorder: true },
  });
}

export interface TimeChartOptions extends BlockOptions {
  /** KQL for the rows to chart: a table and its filters. */
  source: string;
  /** The measure, e.g. `Events = count()`. */
  measure: string;
  /** What splits the series, e.g. `Category = tolower(category)`; none for a single series. */
  by?: string;
  /** Use `make-series` so that empty time bins show as 0 rather than as gaps. */
  fillGaps?: boolean;
  /** Default "timechart". */
  visualization?: Extract<Visualization, "timechart" | "areachart" | "linechart" | "barchart">;
  /** Series colours by series name. */
  colors?: Record<string, string>;
  /** The time-range parameter that scopes the query and sets the bin size; default {@link TIMEFRAME}. */
  timeParameter?: string;
}

/** A measure over time, binned by the time parameter's grain (`{Timeframe:grain}`). */
export function timeChart(name: string, opts: TimeChartOptions): QueryItem {
  const { source, measure, by, fillGaps, visualization = "timechart", colors, ...rest } = opts;
  const t = rest.timeParameter ?? TIMEFRAME;
  const aggregation = fillGaps
    ? `| make-series ${measure} default = 0 on TimeGenerated from {${t}:start} to {${t}:end} step {${t}:grain}${by ? ` by ${by}` : ""}`
    : `| summarize ${measure} by ${by ? `${by}, ` : ""}bin(TimeGenerated, {${t}:grain})`;
  return query(name, {
    ...rest,
    visualization,
    query: `${source}\n${aggregation}`,
    ...(colors ? { chart: { colors } } : {}),
  });
}

export interface TopOptions extends BlockOptions {
  /** KQL for the rows to rank: a table and its filters. */
  source: string;
  /** The measures, e.g. `Alerts = count(), Devices = dcount(DeviceId)`. */
  measures: string;
  /** What is ranked, e.g. `ModelName` or `Device = coalesce(Host, IP)`. */
  by: string;
  /** The measure column to rank by, highest first. */
  rankBy: string;
  /** How many rows; default 10. */
  top?: number;
  /** Default "table". */
  visualization?: Visualization;
  grid?: GridOptions;
}

/** The `top` N of something by a measure, as a table or a chart. */
export function topN(name: string, opts: TopOptions): QueryItem {
  const { source, measures, by, rankBy, top = 10, visualization = "table", ...rest } = opts;
  return query(name, {
    ...rest,
    visualization,
    query: `${source}\n| summarize ${measures} by ${by}\n| top ${top} by ${rankBy} desc`,
  });
}

export interface TabPage extends Tab {
  /** Item name of the page's group; default `<value>-group`. */
  name?: string;
  items: TemplateItem[];
}

/**
 * The usual layout of a tabbed workbook: a parameter row (by default the {@link TIMEFRAME} picker) with
 * the hidden tab parameter, the tab strip, and one group per tab, shown while its tab is selected. The
 * first tab is selected at first.
 */
export function tabbedPages(
  pages: TabPage[],
  opts: { tabParameter?: string; parameters?: Parameter[] } = {},
): TemplateItem[] {
  const tab = opts.tabParameter ?? "Tab";
  const first = pages[0];
  if (!first) throw new WorkbookKitError("tabbedPages() needs at least one page.");
  return [
    parameters("parameters", [...(opts.parameters ?? [param.timeframe()]), param.hidden(tab, first.value)]),
    tabs(
      "tabs",
      tab,
      pages.map(({ value, label }) => ({ value, label })),
    ),
    ...pages.map((p) => group(p.name ?? `${p.value}-group`, p.items, { visibleWhen: when(tab, p.value) })),
  ];
}

// ---------------------------------------------------------------------------------------------
// The template

export interface WorkbookTemplate {
  version: "Notebook/1.0";
  items: TemplateItem[];
  fallbackResourceIds: string[];
  fromTemplateId: string;
  $schema: string;
  [extra: string]: unknown;
}

function* walk(items: TemplateItem[]): Generator<TemplateItem> {
  for (const item of items) {
    yield item;
    if (item.type === 12) yield* walk(item.content.items);
  }
}

/** Parameter names a template defines: parameter items and drill-down exports. */
export function definedParameters(items: TemplateItem[]): Set<string> {
  const names = new Set<string>();
  for (const item of walk(items)) {
    if (item.type === 9) for (const p of item.content.parameters) names.add(p.name);
    if (item.type === 11)
      for (const l of item.content.links) if (l.linkTarget === "parameter") names.add(String(l.cellValue));
    if (item.type === 3) {
      const exported = item.content.exportedParameters as ExportedParameter[] | undefined;
      for (const e of exported ?? []) names.add(e.parameterName);
    }
  }
  return names;
}

/** Parameter references `{Name}` / `{Name:format}` in a query text. */
export function referencedParameters(kql: string): string[] {
  return [...kql.matchAll(/\{([A-Za-z_][A-Za-z0-9_]*)(?::[A-Za-z]+)?\}/g)].map((m) => m[1]!);
}

/**
 * Assembles a gallery template and checks what a kit can check: unique item names, and that every
 * `{Parameter}` a query or visibility condition uses is defined somewhere in the workbook.
 */
export function workbook(opts: { fromTemplateId: string; items: TemplateItem[] }): WorkbookTemplate {
  const seen = new Set<string>();
  for (const item of walk(opts.items)) {
    if (seen.has(item.name)) throw new WorkbookKitError(`Duplicate workbook item name '${item.name}'.`);
    seen.add(item.name);
  }
  const defined = definedParameters(opts.items);
  for (const item of walk(opts.items)) {
    const texts: string[] = [];
    if (item.type === 3) texts.push(item.content.query);
    if (item.type === 9)
      for (const p of item.content.parameters) if (typeof p.query === "string") texts.push(p.query);
    for (const t of texts) {
      for (const ref of referencedParameters(t)) {
        if (!defined.has(ref))
          throw new WorkbookKitError(`Item '${item.name}' uses {${ref}}, which no parameter defines.`);
      }
    }
    const conds = [item.conditionalVisibility, ...((item.conditionalVisibilities as unknown[]) ?? [])].filter(
      Boolean,
    ) as Condition[];
    for (const c of conds) {
      if (!defined.has(c.parameterName)) {
        throw new WorkbookKitError(
          `Item '${item.name}' is shown depending on '${c.parameterName}', which no parameter defines.`,
        );
      }
    }
  }
  return {
    version: "Notebook/1.0",
    items: opts.items,
    fallbackResourceIds: [],
    fromTemplateId: opts.fromTemplateId,
    $schema: WORKBOOK_SCHEMA,
  };
}

/** Every query item of a template, with its path of item names (for validators and tests). */
export function queriesOf(template: { items?: unknown }): Array<{ path: string[]; item: QueryItem }> {
  const out: Array<{ path: string[]; item: QueryItem }> = [];
  const visit = (items: unknown, trail: string[]) => {
    if (!Array.isArray(items)) return;
    for (const it of items as TemplateItem[]) {
      if (it.type === 3) out.push({ path: [...trail, it.name], item: it });
      if (it.type === 12) visit(it.content.items, [...trail, it.name]);
    }
  };
  visit(template.items, []);
  return out;
}
