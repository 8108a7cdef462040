import {
  column,
  defineWorkbook,
  group,
  param,
  parameters,
  query,
  tabs,
  text,
  type TemplateItem,
  when,
  whenSet,
  workbook,
} from "@sentinelctl/content";

/**
 * AI Analyst Darktrace model breach summary, over the Darktrace CEF records in CommonSecurityLog.
 * Queries go through the DarktraceCEF parser of this solution, so no query parses AdditionalExtensions.
 */

const TAB = "Tab";
const SEVERITY_COLOURS = {
  Critical: "redBright",
  High: "orange",
  Medium: "yellow",
  Low: "blue",
  Unknown: "gray",
};

function severityTiles(name: string, title: string, kind: string) {
  return query(name, {
    title,
    visualization: "tiles",
    size: 3,
    query: `
let wanted = datatable(SeverityLabel: string) ["Critical", "High", "Medium", "Low"];
DarktraceCEF
| where TimeGenerated {Timeframe}
| where EventKind == "${kind}"
| summarize Records = count() by SeverityLabel
| join kind=rightouter wanted on SeverityLabel
| project SeverityLabel = SeverityLabel1, Records = coalesce(Records, 0)
`,
    tiles: { title: "SeverityLabel", value: "Records", palette: "auto", showBorder: true },
  });
}

const overviewTab = group(
  "overview-group",
  [
    query("overview-kinds", {
      title: "Records by kind",
      visualization: "tiles",
      size: 3,
      query: `
let wanted = datatable(EventKind: string) ["ModelBreach", "AIAnalyst"];
DarktraceCEF
| where TimeGenerated {Timeframe}
| summarize Records = count() by EventKind
| join kind=rightouter wanted on EventKind
| project EventKind = EventKind1, Records = coalesce(Records, 0)
`,
      tiles: { title: "EventKind", value: "Records", palette: "blue", showBorder: true },
    }),
    query("overview-timeline", {
      title: "Records over time by severity",
      visualization: "areachart",
      query: `
DarktraceCEF
| where TimeGenerated {Timeframe}
| make-series Records = count() default = 0 on TimeGenerated from {Timeframe:start} to {Timeframe:end} step {Timeframe:grain} by SeverityLabel
`,
      chart: { colors: SEVERITY_COLOURS },
    }),
    query("overview-top-models", {
      title: "Most frequent models",
      visualization: "table",
      width: 50,
      query: `
DarktraceCEF
| where TimeGenerated {Timeframe}
| where EventKind == "ModelBreach"
| summarize Breaches = count(), Devices = dcount(SrcIpAddr), MaxScore = max(Score) by ModelName
| top 10 by Breaches desc
`,
      grid: {
        formatters: [column.bar("Breaches", "blue"), column.heatmap("MaxScore", "yellowOrangeRed", 100)],
      },
    }),
    query("overview-top-devices", {
      title: "Devices with the most records",
      visualization: "table",
      width: 50,
      query: `
DarktraceCEF
| where TimeGenerated {Timeframe}
| summarize Records = count(), Models = dcount(ModelName), MaxScore = max(Score) by Device = coalesce(DeviceHostname, SrcIpAddr)
| top 10 by Records desc
`,
      grid: {
        formatters: [column.bar("Records", "blue"), column.heatmap("MaxScore", "yellowOrangeRed", 100)],
      },
    }),
  ],
  { visibleWhen: when(TAB, "overview") },
);

const aiAnalystTab = group(
  "aia-group",
  [
    severityTiles("aia-tiles", "AI Analyst alerts by severity", "AIAnalyst"),
    query("aia-groups", {
      title: "AI Analyst incidents (select one to see its alerts)",
      visualization: "table",
      query: `
DarktraceCEF
| where TimeGenerated {Timeframe}
| where EventKind == "AIAnalyst"
| summarize Alerts = count(), Devices = dcount(coalesce(DeviceHostname, SrcIpAddr)), MaxScore = max(Score), Titles = make_set(ModelName, 5), GroupedByActivity = take_any(GroupByActivity), LastSeen = max(TimeGenerated), Link = take_any(DarktraceUrl) by GroupingId
| order by MaxScore desc
`,
      exports: [{ fieldName: "GroupingId", parameterName: "SelectedGrouping", defaultValue: "" }],
      grid: {
        formatters: [
          column.heatmap("MaxScore", "yellowOrangeRed", 100),
          column.link("Link", "Open in Darktrace"),
        ],
        filter: true,
        rowLimit: 500,
      },
    }),
    query("aia-alerts", {
      title: "Alerts of the selected incident",
      visualization: "table",
      visibleWhen: whenSet("SelectedGrouping"),
      query: `
DarktraceCEF
| where TimeGenerated {Timeframe}
| where EventKind == "AIAnalyst" and GroupingId == "{SelectedGrouping}"
| project TimeGenerated, ModelName, Score, SeverityLabel, DeviceHostname, SrcIpAddr, AccountName, EventMessage, DarktraceUrl
| order by TimeGenerated asc
`,
      grid: { formatters: [column.link("DarktraceUrl", "Open")] },
    }),
  ],
  { visibleWhen: when(TAB, "aia") },
);

const breachesTab = group(
  "breach-group",
  [
    severityTiles("breach-tiles", "Model breaches by severity", "ModelBreach"),
    query("breach-destinations", {
      title: "Public destinations in breaches",
      visualization: "barchart",
      width: 50,
      query: `
DarktraceCEF
| where TimeGenerated {Timeframe}
| where EventKind == "ModelBreach"
| where isnotempty(DstIpAddr) and not(ipv4_is_private(DstIpAddr))
| summarize Breaches = count() by Destination = coalesce(DstHostname, DstIpAddr)
| top 10 by Breaches desc
`,
    }),
    query("breach-categories", {
      title: "Breaches by model category",
      visualization: "piechart",
      width: 50,
      query: `
DarktraceCEF
| where TimeGenerated {Timeframe}
| where EventKind == "ModelBreach"
| summarize Breaches = count() by Category = coalesce(Category, "(none)")
`,
    }),
    query("breach-list", {
      title: "Model breaches",
      visualization: "table",
      query: `
DarktraceCEF
| where TimeGenerated {Timeframe}
| where EventKind == "ModelBreach"
| project TimeGenerated, ModelName, Score, SeverityLabel, Category, DeviceHostname, SrcIpAddr, DstHostname, DstIpAddr, DstPort, EventMessage, DarktraceUrl
| order by TimeGenerated desc
`,
      grid: {
        formatters: [column.heatmap("Score", "yellowOrangeRed", 100), column.link("DarktraceUrl", "Open")],
        filter: true,
        rowLimit: 1000,
      },
    }),
  ],
  { visibleWhen: when(TAB, "breaches") },
);

const collectionTab = group(
  "collection-group",
  [
    text(
      "collection-intro",
      "Where Darktrace records come from: the Darktrace appliances that send them and the forwarders that collect them. " +
        "Rows without a collector came through the legacy Log Analytics agent.",
    ),
    query("collection-forwarders", {
      title: "Forwarders and Darktrace appliances",
      visualization: "table",
      query: `
DarktraceCEF
| where TimeGenerated {Timeframe}
| summarize Records = count(), Latest = max(TimeGenerated), Versions = make_set(DeviceVersion, 5) by Collector, DarktraceHost, DeviceProduct
| order by Latest desc
`,
    }),
    query("collection-timeline", {
      title: "Records per forwarder over time",
      visualization: "timechart",
      query: `
DarktraceCEF
| where TimeGenerated {Timeframe}
| summarize Records = count() by Collector, bin(TimeGenerated, {Timeframe:grain})
`,
    }),
  ],
  { visibleWhen: when(TAB, "collection") },
);

const items: TemplateItem[] = [
  text(
    "header",
    "## AI Analyst Darktrace model breach summary\n" +
      "Darktrace model breaches and Cyber AI Analyst alerts received as CEF in `CommonSecurityLog`, read through the `DarktraceCEF` parser.",
  ),
  parameters("parameters", [
    param.timeRange("Timeframe", { label: "Time range", defaultValue: "7d" }),
    param.hidden(TAB, "overview"),
  ]),
  tabs("tabs", TAB, [
    { value: "overview", label: "Overview" },
    { value: "aia", label: "AI Analyst" },
    { value: "breaches", label: "Model breaches" },
    { value: "collection", label: "Collection" },
  ]),
  overviewTab,
  aiAnalystTab,
  breachesTab,
  collectionTab,
];

export const darktraceSummaryWorkbook = defineWorkbook({
  id: "DarktraceSummaryWorkbook",
  title: "AI Analyst Darktrace Model Breach Summary",
  subtitle: "Model breaches and AI Analyst alerts received as CEF",
  description:
    "Summary of Darktrace model breaches and Cyber AI Analyst alerts forwarded as CEF, with drill-down from AI Analyst incidents to their alerts.",
  version: "1.2.0",
  provider: "Darktrace",
  dataTypes: ["CommonSecurityLog"],
  dataConnectors: ["Darktrace", "DarktraceAma"],
  template: workbook({ fromTemplateId: "sentinel-AI Darktrace v1.0", items }) as unknown as Record<
    string,
    unknown
  >,
});
