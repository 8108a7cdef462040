/** Building blocks: recurring workbook parts made of the items above. */
import { type GridOptions, type QueryItem, type QueryOptions, query, type Visualization } from "./items.js";
import { group, type Tab, type TemplateItem, tabs } from "./layout.js";
import { type Parameter, param, parameters } from "./parameters.js";
import { type Placement, TIMEFRAME, WorkbookKitError, when } from "./shared.js";

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
