/** Text and query items (types 1 and 3) and the settings of their visualizations. */
import { LOG_ANALYTICS, type Placement, placement, TIMEFRAME } from "./shared.js";

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
