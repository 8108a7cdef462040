/**
 * Workbook parts that the Darktrace workbooks share (Darktrace and AIAnalystDarktrace solutions).
 *
 * Not content itself: this folder has no solution.yaml, so the loader never reads it; workbooks import it.
 * Generic parts (tiles, time charts, top-N, tab layout) live in the workbook kit of @sentinelctl/content.
 */
import {
  type ColumnFormat,
  column,
  type ParametersItem,
  param,
  parameters,
  type QueryItem,
  type QueryOptions,
  query,
  type TopOptions,
  topN,
} from "@sentinelctl/content";

/** Darktrace model categories, most to least severe. */
const CATEGORIES = ["Critical", "Suspicious", "Compliance", "Informational"];

/** Darktrace model categories as the records spell them: capitalised, or all lower case. */
export function categories(lowerCase = false): string[] {
  return lowerCase ? CATEGORIES.map((c) => c.toLowerCase()) : [...CATEGORIES];
}

const CATEGORY_COLOURS = ["redBright", "orange", "blue", "gray"];

/** Chart series colours by model category (spelt as {@link categories} spells them). */
export function categoryColours(lowerCase = false): Record<string, string> {
  return Object.fromEntries(categories(lowerCase).map((c, i) => [c, CATEGORY_COLOURS[i]!]));
}

/** A 0-100 Darktrace score as a heat-map cell. */
export function scoreColumn(columnMatch: string): ColumnFormat {
  return column.heatmap(columnMatch, "yellowOrangeRed", 100);
}

/**
 * A full list of records as a table with a filter box and up to 1000 rows, the `score` column (0-100)
 * as a heat map and the `link` column as a link.
 */
export function recordList(
  name: string,
  opts: Omit<QueryOptions, "visualization" | "grid"> & { score?: string; link?: string; linkLabel?: string },
): QueryItem {
  const { score, link, linkLabel = "Open", ...rest } = opts;
  return query(name, {
    ...rest,
    visualization: "table",
    grid: {
      formatters: [...(score ? [scoreColumn(score)] : []), ...(link ? [column.link(link, linkLabel)] : [])],
      filter: true,
      rowLimit: 1000,
    },
  });
}

/**
 * A half-width top-10 table ranked by a count, shown as a bar, next to the highest score (a column
 * named MaxScore that `measures` must compute).
 */
export function topTable(
  name: string,
  opts: Omit<TopOptions, "visualization" | "grid" | "width">,
): QueryItem {
  return topN(name, {
    ...opts,
    width: 50,
    grid: { formatters: [column.bar(opts.rankBy, "blue"), scoreColumn("MaxScore")] },
  });
}

/**
 * AI Analyst incidents, one row each; selecting a row sets `parameter` to the row's `id` for a drill-down.
 * The query must return the `score` column (0-100) and the incident's Darktrace URL in a column `Link`.
 */
export function incidentList(
  name: string,
  opts: {
    title: string;
    query: string;
    id: string;
    parameter: string;
    score: string;
    linkLabel: string;
    /** Hide the id column (an internal group id that means nothing to a reader). */
    hideId?: boolean;
  },
): QueryItem {
  return query(name, {
    title: opts.title,
    visualization: "table",
    query: opts.query,
    exports: [{ fieldName: opts.id, parameterName: opts.parameter, defaultValue: "" }],
    grid: {
      formatters: [
        ...(opts.hideId ? [column.hidden(opts.id)] : []),
        scoreColumn(opts.score),
        column.link("Link", opts.linkLabel),
      ],
      filter: true,
      rowLimit: 500,
    },
  });
}

/**
 * Two half-width charts of where alerts went: the top destination host names (pie) and the top public
 * destination IP addresses (bars). Items are named `<prefix>-external-hosts` and `<prefix>-external-ips`.
 */
export function destinationCharts(
  prefix: string,
  opts: { source: string; host: string; ip: string; count: string; hostTitle: string; ipTitle: string },
): QueryItem[] {
  const top = { measures: `${opts.count} = count()`, rankBy: opts.count, width: 50 };
  return [
    topN(`${prefix}-external-hosts`, {
      ...top,
      title: opts.hostTitle,
      visualization: "piechart",
      source: `${opts.source}\n| where isnotempty(${opts.host})`,
      by: opts.host,
    }),
    topN(`${prefix}-external-ips`, {
      ...top,
      title: opts.ipTitle,
      visualization: "barchart",
      source: `${opts.source}\n| where isnotempty(${opts.ip}) and not(ipv4_is_private(${opts.ip}))`,
      by: opts.ip,
    }),
  ];
}

/** The parameter row of an email tab: a recipient search box, {SearchRecipient}. */
export function recipientSearch(): ParametersItem {
  return parameters("email-parameters", [
    param.text("SearchRecipient", {
      label: "Recipient contains",
      description: "Part of a recipient address; empty shows all.",
    }),
  ]);
}

/** Actions taken on emails; `source` must yield one row per email and action, in a column `Action`. */
export function emailActions(source: string): QueryItem {
  return query("email-actions", {
    title: "Actions taken",
    visualization: "categoricalbar",
    width: 50,
    query: `${source}\n| where isnotempty(Action)\n| summarize Emails = count() by Action\n| order by Emails desc`,
  });
}

/** Senders of the most anomalous emails, with their highest anomaly score. */
export function emailSenders(opts: { source: string; sender: string; score: string }): QueryItem {
  return topTable("email-senders", {
    title: "Senders with the most anomalous emails",
    source: opts.source,
    measures: `Emails = count(), MaxScore = max(${opts.score})`,
    by: `Sender = tolower(${opts.sender})`,
    rankBy: "Emails",
  });
}
