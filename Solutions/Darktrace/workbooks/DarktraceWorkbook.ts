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
 * Darktrace (Legacy) workbook over the classic darktrace_model_alerts_CL table written by the REST API
 * connector. Record kinds are told apart by dtProduct_s.
 */

const TAB = "Tab";
const TABLE = "darktrace_model_alerts_CL";

function kindFilter(product: string): string {
  return `${TABLE}\n| where TimeGenerated {Timeframe}\n| where dtProduct_s == "${product}"`;
}

const aiAnalystTab = group(
  "aia-group",
  [
    query("aia-tiles", {
      title: "AI Analyst incident events by category",
      visualization: "tiles",
      size: 3,
      query: `
let wanted = datatable(Category: string) ["critical", "suspicious", "compliance", "informational"];
${kindFilter("AI Analyst")}
| summarize Events = count() by Category = tolower(groupCategory_s)
| join kind=rightouter wanted on Category
| project Category = Category1, Events = coalesce(Events, 0)
`,
      tiles: { title: "Category", value: "Events", palette: "auto", showBorder: true },
    }),
    query("aia-timeline", {
      title: "AI Analyst incident events over time",
      visualization: "areachart",
      query: `
${kindFilter("AI Analyst")}
| make-series Events = count() default = 0 on TimeGenerated from {Timeframe:start} to {Timeframe:end} step {Timeframe:grain} by Category = tolower(groupCategory_s)
`,
      chart: {
        colors: { critical: "redBright", suspicious: "orange", compliance: "blue", informational: "gray" },
      },
    }),
    query("aia-incidents", {
      title: "AI Analyst incidents (select one to see its events)",
      visualization: "table",
      query: `
${kindFilter("AI Analyst")}
| summarize arg_max(TimeGenerated, title_s, groupScore_d, groupCategory_s, bestDeviceName_s, url_s), Events = count() by currentGroup_s
| project currentGroup_s, Title = title_s, Category = groupCategory_s, Score = round(groupScore_d), Device = bestDeviceName_s, Events, LastUpdate = TimeGenerated, Link = url_s
| order by Score desc
`,
      exports: [{ fieldName: "currentGroup_s", parameterName: "SelectedAIAGroup", defaultValue: "" }],
      grid: {
        formatters: [
          column.hidden("currentGroup_s"),
          column.heatmap("Score", "yellowOrangeRed", 100),
          column.link("Link", "Open"),
        ],
        filter: true,
        rowLimit: 500,
      },
    }),
    query("aia-events", {
      title: "Events of the selected incident",
      visualization: "table",
      visibleWhen: whenSet("SelectedAIAGroup"),
      query: `
${kindFilter("AI Analyst")}
| where currentGroup_s == "{SelectedAIAGroup}" or groupPreviousGroups_s has "{SelectedAIAGroup}"
| project TimeGenerated, title_s, Start = todatetime(startTime_s), End = todatetime(endTime_s), bestDeviceName_s, deviceIP_s, summary_s, url_s
| order by Start asc
`,
      grid: { formatters: [column.link("url_s", "Open")] },
    }),
  ],
  { visibleWhen: when(TAB, "aia") },
);

const breachesTab = group(
  "breach-group",
  [
    query("breach-tiles", {
      title: "Model breaches by category",
      visualization: "tiles",
      size: 3,
      query: `
let wanted = datatable(Category: string) ["Critical", "Suspicious", "Compliance", "Informational"];
${kindFilter("Policy Breach")}
| summarize Breaches = count() by Category
| join kind=rightouter wanted on Category
| project Category = Category1, Breaches = coalesce(Breaches, 0)
`,
      tiles: { title: "Category", value: "Breaches", palette: "auto", showBorder: true },
    }),
    query("breach-timeline", {
      title: "Model breaches over time by category",
      visualization: "areachart",
      query: `
${kindFilter("Policy Breach")}
| make-series Breaches = count() default = 0 on TimeGenerated from {Timeframe:start} to {Timeframe:end} step {Timeframe:grain} by Category
`,
      chart: {
        colors: { Critical: "redBright", Suspicious: "orange", Compliance: "blue", Informational: "gray" },
      },
    }),
    query("breach-top-models", {
      title: "Top models",
      visualization: "table",
      width: 50,
      query: `
${kindFilter("Policy Breach")}
| summarize Breaches = count(), Devices = dcount(SourceIP), MaxScore = round(max(score_d) * 100) by modelName_s
| top 10 by Breaches desc
`,
      grid: {
        formatters: [column.bar("Breaches", "blue"), column.heatmap("MaxScore", "yellowOrangeRed", 100)],
      },
    }),
    query("breach-top-devices", {
      title: "Top breaching devices",
      visualization: "table",
      width: 50,
      query: `
${kindFilter("Policy Breach")}
| summarize Breaches = count(), Models = dcount(modelName_s), MaxScore = round(max(score_d) * 100) by Device = coalesce(hostname_s, SourceIP)
| top 10 by Breaches desc
`,
      grid: {
        formatters: [column.bar("Breaches", "blue"), column.heatmap("MaxScore", "yellowOrangeRed", 100)],
      },
    }),
    query("breach-external-hosts", {
      title: "Destination hosts in breaches",
      visualization: "piechart",
      width: 50,
      query: `
${kindFilter("Policy Breach")}
| where isnotempty(destHost_s)
| summarize Breaches = count() by destHost_s
| top 10 by Breaches desc
`,
    }),
    query("breach-external-ips", {
      title: "Public destination IP addresses in breaches",
      visualization: "barchart",
      width: 50,
      query: `
${kindFilter("Policy Breach")}
| where isnotempty(destIP_s) and not(ipv4_is_private(destIP_s))
| summarize Breaches = count() by destIP_s
| top 10 by Breaches desc
`,
    }),
    query("breach-list", {
      title: "Model breaches",
      visualization: "table",
      query: `
${kindFilter("Policy Breach")}
| project TimeGenerated, modelName_s, Score = round(score_d * 100), Category, Device = coalesce(hostname_s, SourceIP), SourceIP, destHost_s, destIP_s, destPort_s, Message, breachUrl_s
| order by TimeGenerated desc
`,
      grid: {
        formatters: [column.heatmap("Score", "yellowOrangeRed", 100), column.link("breachUrl_s", "Open")],
        filter: true,
        rowLimit: 1000,
      },
    }),
  ],
  { visibleWhen: when(TAB, "breaches") },
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
    query("email-timeline", {
      title: "Email alerts over time by direction",
      visualization: "timechart",
      query: `
${kindFilter("Antigena Email")}
| summarize Emails = count() by direction_s, bin(TimeGenerated, {Timeframe:grain})
`,
    }),
    query("email-actions", {
      title: "Actions taken",
      visualization: "categoricalbar",
      width: 50,
      query: `
${kindFilter("Antigena Email")}
| mv-expand Action = split(actions_s, ",") to typeof(string)
| extend Action = trim(@"[\\s\\[\\]""]+", Action)
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
${kindFilter("Antigena Email")}
| summarize Emails = count(), MaxScore = max(anomaly_score_d) by Sender = tolower(from_s)
| top 10 by Emails desc
`,
      grid: {
        formatters: [column.bar("Emails", "blue"), column.heatmap("MaxScore", "yellowOrangeRed", 100)],
      },
    }),
    query("email-list", {
      title: "Email alerts",
      visualization: "table",
      query: `
${kindFilter("Antigena Email")}
| where isempty("{SearchRecipient}") or recipients_s contains "{SearchRecipient}"
| project TimeGenerated, direction_s, subject_s, from_s, recipients_s, anomaly_score_d, actions_s, tags_s
| order by anomaly_score_d desc, TimeGenerated desc
`,
      grid: {
        formatters: [column.heatmap("anomaly_score_d", "yellowOrangeRed", 100)],
        filter: true,
        rowLimit: 1000,
      },
    }),
  ],
  { visibleWhen: when(TAB, "email") },
);

const systemTab = group(
  "system-group",
  [
    query("system-tiles", {
      title: "System alerts by priority",
      visualization: "tiles",
      size: 3,
      query: `
${kindFilter("System Alert")}
| summarize arg_max(TimeGenerated, priority_s, status_s) by AlertId = tostring(uuid_g)
| where status_s !~ "resolved"
| summarize Alerts = count() by Priority = tolower(priority_s)
`,
      tiles: { title: "Priority", value: "Alerts", palette: "auto", showBorder: true },
    }),
    query("system-list", {
      title: "System alerts (latest state of each)",
      visualization: "table",
      query: `
${kindFilter("System Alert")}
| summarize arg_max(TimeGenerated, *) by AlertId = tostring(uuid_g)
| project TimeGenerated, Alert = coalesce(friendlyName_s, name_s), priority_s, status_s, hostname_s, deviceIP_s, Message, url_s
| order by TimeGenerated desc
`,
      grid: { formatters: [column.link("url_s", "Open")], filter: true },
    }),
  ],
  { visibleWhen: when(TAB, "system") },
);

const items: TemplateItem[] = [
  text(
    "header",
    "## Darktrace (Legacy)\n" +
      "Data from the legacy Darktrace REST API connector (table `darktrace_model_alerts_CL`). That connector " +
      "uses the HTTP Data Collector API, which is out of support: move to the Darktrace ActiveAI Security " +
      "Platform connector and its workbook.",
    { style: "warning" },
  ),
  parameters("parameters", [
    param.timeRange("Timeframe", { label: "Time range", defaultValue: "7d" }),
    param.hidden(TAB, "aia"),
  ]),
  tabs("tabs", TAB, [
    { value: "aia", label: "AI Analyst" },
    { value: "breaches", label: "Model breaches" },
    { value: "email", label: "Email" },
    { value: "system", label: "System status" },
  ]),
  aiAnalystTab,
  breachesTab,
  emailTab,
  systemTab,
];

export const darktraceLegacyWorkbook = defineWorkbook({
  id: "DarktraceWorkbook",
  title: "Darktrace (Legacy)",
  subtitle:
    "AI Analyst incidents, model breaches, email and system alerts from the legacy REST API connector",
  description:
    "Views of the darktrace_model_alerts_CL table written by the legacy Darktrace REST API connector: AI Analyst incidents, model breaches, email alerts and system status.",
  version: "1.1.0",
  provider: "Darktrace",
  dataTypes: ["darktrace_model_alerts_CL"],
  dataConnectors: ["DarktraceRESTConnector"],
  template: workbook({ fromTemplateId: "sentinel-Darktrace", items }) as unknown as Record<string, unknown>,
});
