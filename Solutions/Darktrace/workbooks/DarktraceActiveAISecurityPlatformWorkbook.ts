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
 * Darktrace ActiveAI Security Platform workbook: one tab per DCR-based table of the CCF connector,
 * including held emails (DarktraceEMAILRelease_CL), which the official workbook left out.
 */

const TAB = "Tab";

/** Tiles counting records per value of a column, over a fixed list so that zero counts still show. */
function countTiles(
  name: string,
  opts: { title: string; table: string; by: string; values: string[]; extraFilter?: string },
) {
  const datatableRows = opts.values.map((v) => `"${v}"`).join(", ");
  return query(name, {
    title: opts.title,
    visualization: "tiles",
    size: 3,
    query: `
let wanted = datatable(Value: string) [${datatableRows}];
${opts.table}
| where TimeGenerated {Timeframe}${opts.extraFilter ? `\n| where ${opts.extraFilter}` : ""}
| extend Value = tostring(${opts.by})
| summarize Count = count() by Value
| join kind=rightouter wanted on Value
| project Value = Value1, Count = coalesce(Count, 0)
`,
    tiles: { title: "Value", value: "Count", palette: "auto", showBorder: true },
  });
}

const summaryTab = group(
  "summary-group",
  [
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
    query("summary-timeline", {
      title: "Records over time by table",
      visualization: "timechart",
      query: `
union withsource = SourceTable DarktraceModelAlerts_CL, DarktraceIncidents_CL, DarktraceEMAIL_CL, DarktraceEMAILRelease_CL, DarktraceResponseActions_CL, DarktraceSystemStatusAlerts_CL, DarktraceASM_CL
| where TimeGenerated {Timeframe}
| summarize Records = count() by SourceTable, bin(TimeGenerated, {Timeframe:grain})
`,
    }),
    query("summary-top-models", {
      title: "Most frequent models",
      visualization: "table",
      width: 50,
      query: `
DarktraceModelAlerts_CL
| where TimeGenerated {Timeframe}
| summarize Alerts = count(), Devices = dcount(deviceId), MaxScore = max(score) by modelName
| top 10 by Alerts desc
`,
      grid: {
        formatters: [column.bar("Alerts", "blue"), column.heatmap("MaxScore", "yellowOrangeRed", 100)],
      },
    }),
    query("summary-top-devices", {
      title: "Devices with the most model alerts",
      visualization: "table",
      width: 50,
      query: `
DarktraceModelAlerts_CL
| where TimeGenerated {Timeframe}
| extend Device = coalesce(deviceHostname, sourceHost, sourceIp)
| summarize Alerts = count(), Models = dcount(modelName), MaxScore = max(score) by Device
| top 10 by Alerts desc
`,
      grid: {
        formatters: [column.bar("Alerts", "blue"), column.heatmap("MaxScore", "yellowOrangeRed", 100)],
      },
    }),
  ],
  { visibleWhen: when(TAB, "summary") },
);

const incidentsTab = group(
  "incidents-group",
  [
    countTiles("incidents-tiles", {
      title: "Incident events by category",
      table: "DarktraceIncidents_CL",
      by: "tolower(groupCategory)",
      values: ["critical", "suspicious", "compliance", "informational"],
    }),
    query("incidents-timeline", {
      title: "Incident events over time by category",
      visualization: "timechart",
      query: `
DarktraceIncidents_CL
| where TimeGenerated {Timeframe}
| summarize Events = count() by Category = tolower(groupCategory), bin(TimeGenerated, {Timeframe:grain})
`,
      chart: {
        colors: { critical: "redBright", suspicious: "orange", compliance: "blue", informational: "gray" },
      },
    }),
    query("incidents-list", {
      title: "AI Analyst incidents (select one to see its events)",
      visualization: "table",
      query: `
DarktraceIncidents_CL
| where TimeGenerated {Timeframe}
| summarize arg_max(TimeGenerated, incidentEventTitle, groupScore, groupCategory, bestAssetName, url), Events = count(), FirstSeen = min(startTime) by currentGroup
| project currentGroup, Title = incidentEventTitle, Category = groupCategory, Score = groupScore, Asset = bestAssetName, Events, FirstSeen, LastUpdate = TimeGenerated, Link = url
| order by Score desc
`,
      exports: [{ fieldName: "currentGroup", parameterName: "SelectedIncident", defaultValue: "" }],
      grid: {
        formatters: [
          column.hidden("currentGroup"),
          column.heatmap("Score", "yellowOrangeRed", 100),
          column.link("Link", "Open in Darktrace"),
        ],
        filter: true,
        rowLimit: 500,
      },
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
      grid: { formatters: [column.heatmap("aiaScore", "yellowOrangeRed", 100), column.link("url", "Open")] },
    }),
  ],
  { visibleWhen: when(TAB, "incidents") },
);

const modelAlertsTab = group(
  "modelalerts-group",
  [
    countTiles("modelalerts-tiles", {
      title: "Model alerts by category",
      table: "DarktraceModelAlerts_CL",
      by: "category",
      values: ["Critical", "Suspicious", "Compliance", "Informational"],
    }),
    query("modelalerts-timeline", {
      title: "Model alerts over time by category",
      visualization: "areachart",
      query: `
DarktraceModelAlerts_CL
| where TimeGenerated {Timeframe}
| make-series Alerts = count() default = 0 on TimeGenerated from {Timeframe:start} to {Timeframe:end} step {Timeframe:grain} by category
`,
      chart: {
        colors: { Critical: "redBright", Suspicious: "orange", Compliance: "blue", Informational: "gray" },
      },
    }),
    query("modelalerts-external-hosts", {
      title: "External destination hosts in model alerts",
      visualization: "piechart",
      width: 50,
      query: `
DarktraceModelAlerts_CL
| where TimeGenerated {Timeframe}
| where isnotempty(destHost)
| summarize Alerts = count() by destHost
| top 10 by Alerts desc
`,
    }),
    query("modelalerts-external-ips", {
      title: "Public destination IP addresses in model alerts",
      visualization: "barchart",
      width: 50,
      query: `
DarktraceModelAlerts_CL
| where TimeGenerated {Timeframe}
| where isnotempty(destIp) and not(ipv4_is_private(destIp))
| summarize Alerts = count() by destIp
| top 10 by Alerts desc
`,
    }),
    query("modelalerts-list", {
      title: "Model alerts",
      visualization: "table",
      query: `
DarktraceModelAlerts_CL
| where TimeGenerated {Timeframe}
| project TimeGenerated, modelName, score, category, Device = coalesce(deviceHostname, sourceHost, sourceIp), sourceIp, destHost, destIp, destPort, accountName, message, alertUrl
| order by TimeGenerated desc
`,
      grid: {
        formatters: [column.heatmap("score", "yellowOrangeRed", 100), column.link("alertUrl", "Open")],
        filter: true,
        rowLimit: 1000,
      },
    }),
  ],
  { visibleWhen: when(TAB, "modelalerts") },
);

const emailTab = group(
  "email-group",
  [
    parameters("email-parameters", [
      param.text("SearchRecipient", {
        label: "Recipient contains",
        description: "Part of a recipient address; empty shows all.",
      }),
    ]),
    countTiles("email-tiles", {
      title: "EMAIL alerts by direction",
      table: "DarktraceEMAIL_CL",
      by: "tolower(direction)",
      values: ["inbound", "outbound", "internal"],
    }),
    query("email-timeline", {
      title: "EMAIL alerts over time by anomaly score band",
      visualization: "timechart",
      query: `
DarktraceEMAIL_CL
| where TimeGenerated {Timeframe}
| extend Band = case(anomalyScore >= 80, "80-100", anomalyScore >= 50, "50-79", "0-49")
| summarize Emails = count() by Band, bin(TimeGenerated, {Timeframe:grain})
`,
      chart: { colors: { "80-100": "redBright", "50-79": "orange", "0-49": "gray" } },
    }),
    query("email-actions", {
      title: "Actions taken",
      visualization: "categoricalbar",
      width: 50,
      query: `
DarktraceEMAIL_CL
| where TimeGenerated {Timeframe}
| mv-expand Action = actions to typeof(string)
| where isnotempty(Action)
| summarize Emails = count() by Action
| order by Emails desc
`,
    }),
    query("email-senders", {
      title: "Senders with the most anomalous emails",
      visualization: "table",
      width: 50,
      query: `
DarktraceEMAIL_CL
| where TimeGenerated {Timeframe}
| summarize Emails = count(), MaxScore = max(anomalyScore) by Sender = tolower(['from'])
| top 10 by Emails desc
`,
      grid: {
        formatters: [column.bar("Emails", "blue"), column.heatmap("MaxScore", "yellowOrangeRed", 100)],
      },
    }),
    query("email-list", {
      title: "EMAIL alerts",
      visualization: "table",
      query: `
DarktraceEMAIL_CL
| where TimeGenerated {Timeframe}
| extend Recipients = strcat_array(recipients, ", ")
| where isempty("{SearchRecipient}") or Recipients contains "{SearchRecipient}"
| project TimeGenerated, direction, subject, Sender = ['from'], Recipients, anomalyScore, Actions = strcat_array(actions, ", "), Tags = strcat_array(tags, ", "), url
| order by anomalyScore desc, TimeGenerated desc
`,
      grid: {
        formatters: [column.heatmap("anomalyScore", "yellowOrangeRed", 100), column.link("url", "Open")],
        filter: true,
        rowLimit: 1000,
      },
    }),
  ],
  { visibleWhen: when(TAB, "email") },
);

const heldTab = group(
  "held-group",
  [
    countTiles("held-tiles", {
      title: "Held emails by direction",
      table: "DarktraceEMAILRelease_CL",
      by: "tolower(direction)",
      values: ["inbound", "outbound", "internal"],
    }),
    query("held-domains", {
      title: "Sender domains of held emails",
      visualization: "barchart",
      width: 50,
      query: `
DarktraceEMAILRelease_CL
| where TimeGenerated {Timeframe}
| extend SenderDomain = tostring(split(tolower(coalesce(senderHeaderFromEmail, senderEnvelopeSender, senderEmail)), "@")[1])
| summarize Held = dcount(emailUuid) by SenderDomain
| top 10 by Held desc
`,
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
    query("held-list", {
      title: "Held emails",
      visualization: "table",
      query: `
DarktraceEMAILRelease_CL
| where TimeGenerated {Timeframe}
| project TimeGenerated, direction, subject, Sender = coalesce(senderHeaderFromEmail, senderEnvelopeSender, senderEmail), Recipients = strcat_array(recipients, ", "), category, emailUuid, uiLink
| order by TimeGenerated desc
`,
      grid: { formatters: [column.link("uiLink", "Review")], filter: true, rowLimit: 1000 },
    }),
  ],
  { visibleWhen: when(TAB, "held") },
);

const responseTab = group(
  "response-group",
  [
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
    query("response-timeline", {
      title: "Actions over time by type",
      visualization: "timechart",
      query: `
DarktraceResponseActions_CL
| where TimeGenerated {Timeframe}
| summarize Actions = dcount(codeId) by action, bin(TimeGenerated, {Timeframe:grain})
`,
    }),
    query("response-list", {
      title: "Autonomous Response actions (latest record per action; select one for its history)",
      visualization: "table",
      query: `
DarktraceResponseActions_CL
| where TimeGenerated {Timeframe}
| summarize arg_max(TimeGenerated, *) by codeId
| project ActionId = tostring(codeId), TimeGenerated, action, state, Device = coalesce(deviceHostname, deviceName, deviceIp), deviceIp, model, score, startTime, endTime, changedBy, url
| order by TimeGenerated desc
`,
      exports: [{ fieldName: "ActionId", parameterName: "SelectedResponseCodeId", defaultValue: "" }],
      grid: {
        formatters: [column.heatmap("score", "yellowOrangeRed", 100), column.link("url", "Open")],
        filter: true,
        rowLimit: 1000,
      },
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
  ],
  { visibleWhen: when(TAB, "response") },
);

const systemTab = group(
  "system-group",
  [
    countTiles("system-tiles", {
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
  ],
  { visibleWhen: when(TAB, "system") },
);

const asmTab = group(
  "asm-group",
  [
    countTiles("asm-tiles", {
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
    query("asm-list", {
      title: "Open risks",
      visualization: "table",
      query: `
DarktraceASM_CL
| where TimeGenerated {Timeframe}
| summarize arg_max(TimeGenerated, *) by riskId
| where state !~ "resolved"
| project TimeGenerated, rating, previousRating, alertTitle, alertType, assetName, startTime, workbenchUri
| order by rating desc, TimeGenerated desc
`,
      grid: { formatters: [column.link("workbenchUri", "Open")], filter: true, rowLimit: 1000 },
    }),
  ],
  { visibleWhen: when(TAB, "asm") },
);

const items: TemplateItem[] = [
  text(
    "header",
    "## Darktrace ActiveAI Security Platform\n" +
      "Detections that Darktrace sends through the ActiveAI Security Platform connector: model alerts, " +
      "Cyber AI Analyst incidents, Darktrace / EMAIL, held emails, Autonomous Response, system status and " +
      "Attack Surface Management.",
  ),
  parameters("parameters", [
    param.timeRange("Timeframe", { label: "Time range", defaultValue: "7d" }),
    param.hidden(TAB, "summary"),
  ]),
  tabs("tabs", TAB, [
    { value: "summary", label: "Summary" },
    { value: "incidents", label: "AI Analyst incidents" },
    { value: "modelalerts", label: "Model alerts" },
    { value: "email", label: "EMAIL" },
    { value: "held", label: "Held emails" },
    { value: "response", label: "Autonomous Response" },
    { value: "system", label: "System status" },
    { value: "asm", label: "Attack surface" },
  ]),
  summaryTab,
  incidentsTab,
  modelAlertsTab,
  emailTab,
  heldTab,
  responseTab,
  systemTab,
  asmTab,
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
  dataTypes: [
    "DarktraceModelAlerts_CL",
    "DarktraceIncidents_CL",
    "DarktraceEMAIL_CL",
    "DarktraceEMAILRelease_CL",
    "DarktraceResponseActions_CL",
    "DarktraceSystemStatusAlerts_CL",
    "DarktraceASM_CL",
  ],
  dataConnectors: ["DarktraceActiveAISecurityPlatform"],
  template: workbook({
    fromTemplateId: "sentinel-DarktraceActiveAISecurityPlatform",
    items,
  }) as unknown as Record<string, unknown>,
});
