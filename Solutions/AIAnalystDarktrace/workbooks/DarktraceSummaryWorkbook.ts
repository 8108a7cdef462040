import {
  column,
  countTiles,
  defineWorkbook,
  inTimeRange,
  query,
  type TemplateItem,
  tabbedPages,
  text,
  timeChart,
  topN,
  whenSet,
  workbook,
} from "@sentinelctl/content";
import { incidentList, recordList, topTable } from "../../_shared/darktrace-workbook-parts.js";

/**
 * AI Analyst Darktrace model breach summary, over the Darktrace CEF records in CommonSecurityLog.
 * Queries go through the DarktraceCEF parser of this solution, so no query parses AdditionalExtensions.
 */

const CEF = inTimeRange("DarktraceCEF");
const SEVERITY_COLOURS = {
  Critical: "redBright",
  High: "orange",
  Medium: "yellow",
  Low: "blue",
  Unknown: "gray",
};

function ofKind(kind: "ModelBreach" | "AIAnalyst"): string {
  return `${CEF}\n| where EventKind == "${kind}"`;
}

function severityTiles(name: string, title: string, kind: "ModelBreach" | "AIAnalyst") {
  return countTiles(name, {
    title,
    source: ofKind(kind),
    key: "SeverityLabel",
    keys: ["Critical", "High", "Medium", "Low"],
    count: "Records",
  });
}

const overviewItems: TemplateItem[] = [
  countTiles("overview-kinds", {
    title: "Records by kind",
    source: CEF,
    key: "EventKind",
    keys: ["ModelBreach", "AIAnalyst"],
    count: "Records",
    palette: "blue",
  }),
  timeChart("overview-timeline", {
    title: "Records over time by severity",
    visualization: "areachart",
    fillGaps: true,
    source: CEF,
    measure: "Records = count()",
    by: "SeverityLabel",
    colors: SEVERITY_COLOURS,
  }),
  topTable("overview-top-models", {
    title: "Most frequent models",
    source: ofKind("ModelBreach"),
    measures:
      "Breaches = count(), Devices = dcountif(SrcIpAddr, isnotempty(SrcIpAddr)), MaxScore = max(Score)",
    by: "ModelName",
    rankBy: "Breaches",
  }),
  topTable("overview-top-devices", {
    title: "Devices with the most records",
    source: CEF,
    measures: "Records = count(), Models = dcount(ModelName), MaxScore = max(Score)",
    by: "Device = coalesce(DeviceHostname, SrcIpAddr)",
    rankBy: "Records",
  }),
];

const aiAnalystItems: TemplateItem[] = [
  severityTiles("aia-tiles", "AI Analyst alerts by severity", "AIAnalyst"),
  incidentList("aia-groups", {
    title: "AI Analyst incidents (select one to see its alerts)",
    query: `
${ofKind("AIAnalyst")}
| summarize Alerts = count(), Devices = dcount(coalesce(DeviceHostname, SrcIpAddr)), MaxScore = max(Score), Titles = make_set(ModelName, 5), GroupedByActivity = take_any(GroupByActivity), LastSeen = max(TimeGenerated), Link = take_any(DarktraceUrl) by GroupingId
| order by MaxScore desc
`,
    id: "GroupingId",
    parameter: "SelectedGrouping",
    score: "MaxScore",
    linkLabel: "Open in Darktrace",
  }),
  query("aia-alerts", {
    title: "Alerts of the selected incident",
    visualization: "table",
    visibleWhen: whenSet("SelectedGrouping"),
    query: `
${CEF}
| where EventKind == "AIAnalyst" and GroupingId == "{SelectedGrouping}"
| project TimeGenerated, ModelName, Score, SeverityLabel, DeviceHostname, SrcIpAddr, AccountName, EventMessage, DarktraceUrl
| order by TimeGenerated asc
`,
    grid: { formatters: [column.link("DarktraceUrl", "Open")] },
  }),
];

const breachItems: TemplateItem[] = [
  severityTiles("breach-tiles", "Model breaches by severity", "ModelBreach"),
  topN("breach-destinations", {
    title: "Public destinations in breaches",
    visualization: "barchart",
    width: 50,
    source: `${ofKind("ModelBreach")}\n| where isnotempty(DstIpAddr) and not(ipv4_is_private(DstIpAddr))`,
    measures: "Breaches = count()",
    by: "Destination = coalesce(DstHostname, DstIpAddr)",
    rankBy: "Breaches",
  }),
  query("breach-categories", {
    title: "Breaches by model category",
    visualization: "piechart",
    width: 50,
    query: `
${ofKind("ModelBreach")}
| summarize Breaches = count() by Category = coalesce(Category, "(none)")
`,
  }),
  recordList("breach-list", {
    title: "Model breaches",
    query: `
${ofKind("ModelBreach")}
| project TimeGenerated, ModelName, Score, SeverityLabel, Category, DeviceHostname, SrcIpAddr, DstHostname, DstIpAddr, DstPort, EventMessage, DarktraceUrl
| order by TimeGenerated desc
`,
    score: "Score",
    link: "DarktraceUrl",
  }),
];

const collectionItems: TemplateItem[] = [
  text(
    "collection-intro",
    "Where Darktrace records come from: the Darktrace appliances that send them and the forwarders that collect them. " +
      "Rows without a collector came through the legacy Log Analytics agent.",
  ),
  query("collection-forwarders", {
    title: "Forwarders and Darktrace appliances",
    visualization: "table",
    query: `
${CEF}
| summarize Records = count(), Latest = max(TimeGenerated), Versions = make_set(DeviceVersion, 5) by Collector, DarktraceHost, DeviceProduct
| order by Latest desc
`,
  }),
  timeChart("collection-timeline", {
    title: "Records per forwarder over time",
    source: CEF,
    measure: "Records = count()",
    by: "Collector",
  }),
];

const items: TemplateItem[] = [
  text(
    "header",
    "## AI Analyst Darktrace model breach summary\n" +
      "Darktrace model breaches and Cyber AI Analyst alerts received as CEF in `CommonSecurityLog`, read through the `DarktraceCEF` parser.",
  ),
  ...tabbedPages([
    { value: "overview", label: "Overview", items: overviewItems },
    { value: "aia", label: "AI Analyst", items: aiAnalystItems },
    { value: "breaches", label: "Model breaches", name: "breach-group", items: breachItems },
    { value: "collection", label: "Collection", items: collectionItems },
  ]),
];

export const darktraceSummaryWorkbook = defineWorkbook({
  id: "DarktraceSummaryWorkbook",
  title: "AI Analyst Darktrace Model Breach Summary",
  subtitle: "Model breaches and AI Analyst alerts received as CEF",
  description:
    "Summary of Darktrace model breaches and Cyber AI Analyst alerts forwarded as CEF, with drill-down from AI Analyst incidents to their alerts.",
  version: "1.2.1",
  provider: "Darktrace",
  dataTypes: ["CommonSecurityLog"],
  dataConnectors: ["Darktrace", "DarktraceAma"],
  template: workbook({ fromTemplateId: "sentinel-AI Darktrace v1.0", items }),
});
