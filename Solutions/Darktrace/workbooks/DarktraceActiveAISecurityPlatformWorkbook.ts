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
import {
  categories,
  categoryColours,
  destinationCharts,
  emailActions,
  emailSenders,
  incidentList,
  recipientSearch,
  recordList,
  scoreColumn,
  topTable,
} from "../../_shared/darktrace-workbook-parts.js";

/**
 * Darktrace ActiveAI Security Platform workbook: one tab per DCR-based table of the CCF connector,
 * including held emails (DarktraceEMAILRelease_CL), which the official workbook left out.
 */

const TABLES = [
  "DarktraceModelAlerts_CL",
  "DarktraceIncidents_CL",
  "DarktraceEMAIL_CL",
  "DarktraceEMAILRelease_CL",
  "DarktraceResponseActions_CL",
  "DarktraceSystemStatusAlerts_CL",
  "DarktraceASM_CL",
];

/** Tiles counting records per value of a column, over a fixed list so that zero counts still show. */
function valueTiles(
  name: string,
  opts: { title: string; table: string; by: string; values: string[]; extraFilter?: string },
) {
  return countTiles(name, {
    title: opts.title,
    source: `${inTimeRange(opts.table)}${opts.extraFilter ? `\n| where ${opts.extraFilter}` : ""}\n| extend Value = tostring(${opts.by})`,
    key: "Value",
    keys: opts.values,
  });
}

const summaryItems: TemplateItem[] = [
  text(
    "summary-intro",
    "Records received from the Darktrace ActiveAI Security Platform connector in the selected time range. " +
      "Pick a tab above for details of each record kind.",
  ),
  query("summary-tiles", {
    title: "Records per source",
    visualization: "tiles",
    size: 3,
    query: `
let sources = datatable(Source: string) ["Model alerts", "AI Analyst incidents", "EMAIL alerts", "Held emails", "Autonomous Response", "System status", "Attack surface"];
union
    (DarktraceModelAlerts_CL | where TimeGenerated {Timeframe} | summarize Count = count() | extend Source = "Model alerts"),
    (DarktraceIncidents_CL | where TimeGenerated {Timeframe} | summarize Count = dcount(currentGroup) | extend Source = "AI Analyst incidents"),
    (DarktraceEMAIL_CL | where TimeGenerated {Timeframe} | summarize Count = count() | extend Source = "EMAIL alerts"),
    (DarktraceEMAILRelease_CL | where TimeGenerated {Timeframe} | summarize Count = dcount(emailUuid) | extend Source = "Held emails"),
    (DarktraceResponseActions_CL | where TimeGenerated {Timeframe} | summarize Count = dcount(codeId) | extend Source = "Autonomous Response"),
    (DarktraceSystemStatusAlerts_CL | where TimeGenerated {Timeframe} | summarize Count = dcount(uuid) | extend Source = "System status"),
    (DarktraceASM_CL | where TimeGenerated {Timeframe} | summarize Count = dcount(riskId) | extend Source = "Attack surface")
| join kind=rightouter sources on Source
| project Source = Source1, Count = coalesce(Count, 0)
`,
    tiles: { title: "Source", value: "Count", palette: "blue", showBorder: true },
  }),
  timeChart("summary-timeline", {
    title: "Records over time by table",
    source: inTimeRange(`union withsource = SourceTable ${TABLES.join(", ")}`),
    measure: "Records = count()",
    by: "SourceTable",
  }),
  topTable("summary-top-models", {
    title: "Most frequent models",
    source: inTimeRange("DarktraceModelAlerts_CL"),
    measures: "Alerts = count(), Devices = dcount(deviceId), MaxScore = max(score)",
    by: "modelName",
    rankBy: "Alerts",
  }),
  topTable("summary-top-devices", {
    title: "Devices with the most model alerts",
    source: `${inTimeRange("DarktraceModelAlerts_CL")}\n| extend Device = coalesce(deviceHostname, sourceHost, sourceIp)`,
    measures: "Alerts = count(), Models = dcount(modelName), MaxScore = max(score)",
    by: "Device",
    rankBy: "Alerts",
  }),
];

const incidentItems: TemplateItem[] = [
  valueTiles("incidents-tiles", {
    title: "Incident events by category",
    table: "DarktraceIncidents_CL",
    by: "tolower(groupCategory)",
    values: categories(true),
  }),
  timeChart("incidents-timeline", {
    title: "Incident events over time by category",
    source: inTimeRange("DarktraceIncidents_CL"),
    measure: "Events = count()",
    by: "Category = tolower(groupCategory)",
    colors: categoryColours(true),
  }),
  incidentList("incidents-list", {
    title: "AI Analyst incidents (select one to see its events)",
    query: `
DarktraceIncidents_CL
| where TimeGenerated {Timeframe}
| summarize arg_max(TimeGenerated, incidentEventTitle, groupScore, groupCategory, bestAssetName, url), Events = count(), FirstSeen = min(startTime) by currentGroup
| project currentGroup, Title = incidentEventTitle, Category = groupCategory, Score = groupScore, Asset = bestAssetName, Events, FirstSeen, LastUpdate = TimeGenerated, Link = url
| order by Score desc
`,
    id: "currentGroup",
    hideId: true,
    parameter: "SelectedIncident",
    score: "Score",
    linkLabel: "Open in Darktrace",
  }),
  query("incidents-events", {
    title: "Events of the selected incident, including incidents merged into it",
    visualization: "table",
    visibleWhen: whenSet("SelectedIncident"),
    query: `
DarktraceIncidents_CL
| where TimeGenerated {Timeframe}
| extend Groups = array_concat(groupPreviousGroups, pack_array(currentGroup))
| mv-expand Group = Groups to typeof(string)
| where Group == "{SelectedIncident}"
| distinct TimeGenerated, incidentEventTitle, aiaScore, startTime, endTime, bestAssetName, deviceIp, accountName, summary, url
| order by startTime asc
`,
    grid: { formatters: [scoreColumn("aiaScore"), column.link("url", "Open")] },
  }),
];

const modelAlertItems: TemplateItem[] = [
  valueTiles("modelalerts-tiles", {
    title: "Model alerts by category",
    table: "DarktraceModelAlerts_CL",
    by: "category",
    values: categories(),
  }),
  timeChart("modelalerts-timeline", {
    title: "Model alerts over time by category",
    visualization: "areachart",
    fillGaps: true,
    source: inTimeRange("DarktraceModelAlerts_CL"),
    measure: "Alerts = count()",
    by: "category",
    colors: categoryColours(),
  }),
  ...destinationCharts("modelalerts", {
    source: inTimeRange("DarktraceModelAlerts_CL"),
    host: "destHost",
    ip: "destIp",
    count: "Alerts",
    hostTitle: "External destination hosts in model alerts",
    ipTitle: "Public destination IP addresses in model alerts",
  }),
  recordList("modelalerts-list", {
    title: "Model alerts",
    query: `
DarktraceModelAlerts_CL
| where TimeGenerated {Timeframe}
| project TimeGenerated, modelName, score, category, Device = coalesce(deviceHostname, sourceHost, sourceIp), sourceIp, destHost, destIp, destPort, accountName, message, alertUrl
| order by TimeGenerated desc
`,
    score: "score",
    link: "alertUrl",
  }),
];

const emailItems: TemplateItem[] = [
  recipientSearch(),
  valueTiles("email-tiles", {
    title: "EMAIL alerts by direction",
    table: "DarktraceEMAIL_CL",
    by: "tolower(direction)",
    values: ["inbound", "outbound", "internal"],
  }),
  timeChart("email-timeline", {
    title: "EMAIL alerts over time by anomaly score band",
    source: `${inTimeRange("DarktraceEMAIL_CL")}
| extend Band = case(anomalyScore >= 80, "80-100", anomalyScore >= 50, "50-79", "0-49")`,
    measure: "Emails = count()",
    by: "Band",
    colors: { "80-100": "redBright", "50-79": "orange", "0-49": "gray" },
  }),
  emailActions(`${inTimeRange("DarktraceEMAIL_CL")}\n| mv-expand Action = actions to typeof(string)`),
  emailSenders({ source: inTimeRange("DarktraceEMAIL_CL"), sender: "['from']", score: "anomalyScore" }),
  recordList("email-list", {
    title: "EMAIL alerts",
    query: `
DarktraceEMAIL_CL
| where TimeGenerated {Timeframe}
| extend Recipients = strcat_array(recipients, ", ")
| where isempty("{SearchRecipient}") or Recipients contains "{SearchRecipient}"
| project TimeGenerated, direction, subject, Sender = ['from'], Recipients, anomalyScore, Actions = strcat_array(actions, ", "), Tags = strcat_array(tags, ", "), url
| order by anomalyScore desc, TimeGenerated desc
`,
    score: "anomalyScore",
    link: "url",
  }),
];

const heldItems: TemplateItem[] = [
  valueTiles("held-tiles", {
    title: "Held emails by direction",
    table: "DarktraceEMAILRelease_CL",
    by: "tolower(direction)",
    values: ["inbound", "outbound", "internal"],
  }),
  topN("held-domains", {
    title: "Sender domains of held emails",
    visualization: "barchart",
    width: 50,
    source: `${inTimeRange("DarktraceEMAILRelease_CL")}
| extend SenderDomain = tostring(split(tolower(coalesce(senderHeaderFromEmail, senderEnvelopeSender, senderEmail)), "@")[1])`,
    measures: "Held = dcount(emailUuid)",
    by: "SenderDomain",
    rankBy: "Held",
  }),
  query("held-categories", {
    title: "Why emails were held",
    visualization: "piechart",
    width: 50,
    query: `
DarktraceEMAILRelease_CL
| where TimeGenerated {Timeframe}
| summarize Held = dcount(emailUuid) by category
`,
  }),
  recordList("held-list", {
    title: "Held emails",
    query: `
DarktraceEMAILRelease_CL
| where TimeGenerated {Timeframe}
| project TimeGenerated, direction, subject, Sender = coalesce(senderHeaderFromEmail, senderEnvelopeSender, senderEmail), Recipients = strcat_array(recipients, ", "), category, emailUuid, uiLink
| order by TimeGenerated desc
`,
    link: "uiLink",
    linkLabel: "Review",
  }),
];

const responseItems: TemplateItem[] = [
  query("response-tiles", {
    title: "Autonomous Response actions by latest state",
    visualization: "tiles",
    size: 3,
    query: `
DarktraceResponseActions_CL
| where TimeGenerated {Timeframe}
| summarize arg_max(TimeGenerated, state) by codeId
| summarize Actions = count() by State = tolower(state)
`,
    tiles: { title: "State", value: "Actions", palette: "auto", showBorder: true },
  }),
  timeChart("response-timeline", {
    title: "Actions over time by type",
    source: inTimeRange("DarktraceResponseActions_CL"),
    measure: "Actions = dcount(codeId)",
    by: "action",
  }),
  recordList("response-list", {
    title: "Autonomous Response actions (latest record per action; select one for its history)",
    query: `
DarktraceResponseActions_CL
| where TimeGenerated {Timeframe}
| summarize arg_max(TimeGenerated, *) by codeId
| project ActionId = tostring(codeId), TimeGenerated, action, state, Device = coalesce(deviceHostname, deviceName, deviceIp), deviceIp, model, score, startTime, endTime, changedBy, url
| order by TimeGenerated desc
`,
    exports: [{ fieldName: "ActionId", parameterName: "SelectedResponseCodeId", defaultValue: "" }],
    score: "score",
    link: "url",
  }),
  query("response-history", {
    title: "History of the selected action",
    visualization: "table",
    visibleWhen: whenSet("SelectedResponseCodeId"),
    query: `
DarktraceResponseActions_CL
| where TimeGenerated {Timeframe}
| where tostring(codeId) == "{SelectedResponseCodeId}"
| project TimeGenerated, state, action, reason, changedBy, startTime, endTime
| order by TimeGenerated asc
`,
  }),
];

const systemItems: TemplateItem[] = [
  valueTiles("system-tiles", {
    title: "Open system status alerts by priority",
    table: "DarktraceSystemStatusAlerts_CL",
    by: "tolower(priority)",
    values: ["critical", "high", "medium", "low"],
    extraFilter: 'status !~ "resolved"',
  }),
  query("system-list", {
    title: "System status alerts (latest state of each)",
    visualization: "table",
    query: `
DarktraceSystemStatusAlerts_CL
| where TimeGenerated {Timeframe}
| summarize arg_max(TimeGenerated, *) by uuid
| project TimeGenerated, Alert = coalesce(friendlyModelName, modelName), priority, priorityCode, status, darktraceHostname, deviceIp, message, url
| order by priorityCode desc, TimeGenerated desc
`,
    grid: {
      formatters: [column.heatmap("priorityCode", "yellowOrangeRed"), column.link("url", "Open")],
      filter: true,
    },
  }),
];

const asmItems: TemplateItem[] = [
  valueTiles("asm-tiles", {
    title: "Open attack-surface risks by rating (A best, F worst)",
    table: "DarktraceASM_CL",
    by: "toupper(rating)",
    values: ["A", "B", "C", "D", "E", "F"],
    extraFilter: 'state !~ "resolved"',
  }),
  query("asm-types", {
    title: "Risk types",
    visualization: "piechart",
    width: 50,
    query: `
DarktraceASM_CL
| where TimeGenerated {Timeframe}
| summarize arg_max(TimeGenerated, alertType) by riskId
| summarize Risks = count() by alertType
`,
  }),
  query("asm-timeline", {
    title: "New risks over time",
    visualization: "barchart",
    width: 50,
    query: `
DarktraceASM_CL
| where TimeGenerated {Timeframe}
| summarize First = min(TimeGenerated) by riskId, rating
| summarize Risks = count() by bin(First, {Timeframe:grain}), rating
`,
  }),
  recordList("asm-list", {
    title: "Open risks",
    query: `
DarktraceASM_CL
| where TimeGenerated {Timeframe}
| summarize arg_max(TimeGenerated, *) by riskId
| where state !~ "resolved"
| project TimeGenerated, rating, previousRating, alertTitle, alertType, assetName, startTime, workbenchUri
| order by rating desc, TimeGenerated desc
`,
    link: "workbenchUri",
  }),
];

const items: TemplateItem[] = [
  text(
    "header",
    "## Darktrace ActiveAI Security Platform\n" +
      "Detections that Darktrace sends through the ActiveAI Security Platform connector: model alerts, " +
      "Cyber AI Analyst incidents, Darktrace / EMAIL, held emails, Autonomous Response, system status and " +
      "Attack Surface Management.",
  ),
  ...tabbedPages([
    { value: "summary", label: "Summary", items: summaryItems },
    { value: "incidents", label: "AI Analyst incidents", items: incidentItems },
    { value: "modelalerts", label: "Model alerts", items: modelAlertItems },
    { value: "email", label: "EMAIL", items: emailItems },
    { value: "held", label: "Held emails", items: heldItems },
    { value: "response", label: "Autonomous Response", items: responseItems },
    { value: "system", label: "System status", items: systemItems },
    { value: "asm", label: "Attack surface", items: asmItems },
  ]),
];

export const darktraceActiveAIWorkbook = defineWorkbook({
  id: "DarktraceActiveAISecurityPlatformWorkbook",
  title: "Darktrace ActiveAI Security Platform",
  subtitle:
    "Model alerts, AI Analyst incidents, email, Autonomous Response, system status and attack surface",
  description:
    "Overview and drill-downs for every record kind of the Darktrace ActiveAI Security Platform connector, including held emails.",
  version: "1.1.0",
  provider: "Darktrace",
  dataTypes: TABLES,
  dataConnectors: ["DarktraceActiveAISecurityPlatform"],
  template: workbook({
    fromTemplateId: "sentinel-DarktraceActiveAISecurityPlatform",
    items,
  }),
});
