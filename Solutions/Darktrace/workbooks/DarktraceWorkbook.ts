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
  topTable,
} from "../../_shared/darktrace-workbook-parts.js";

/**
 * Darktrace (Legacy) workbook over the classic darktrace_model_alerts_CL table written by the REST API
 * connector. Record kinds are told apart by dtProduct_s.
 */

const TABLE = "darktrace_model_alerts_CL";

function kindFilter(product: string): string {
  return `${inTimeRange(TABLE)}\n| where dtProduct_s == "${product}"`;
}

const aiAnalystItems: TemplateItem[] = [
  countTiles("aia-tiles", {
    title: "AI Analyst incident events by category",
    source: kindFilter("AI Analyst"),
    key: "Category",
    keyFrom: "tolower(groupCategory_s)",
    keys: categories(true),
    count: "Events",
  }),
  timeChart("aia-timeline", {
    title: "AI Analyst incident events over time",
    visualization: "areachart",
    fillGaps: true,
    source: kindFilter("AI Analyst"),
    measure: "Events = count()",
    by: "Category = tolower(groupCategory_s)",
    colors: categoryColours(true),
  }),
  incidentList("aia-incidents", {
    title: "AI Analyst incidents (select one to see its events)",
    query: `
${kindFilter("AI Analyst")}
| summarize arg_max(TimeGenerated, title_s, groupScore_d, groupCategory_s, bestDeviceName_s, url_s), Events = count() by currentGroup_s
| project currentGroup_s, Title = title_s, Category = groupCategory_s, Score = round(groupScore_d), Device = bestDeviceName_s, Events, LastUpdate = TimeGenerated, Link = url_s
| order by Score desc
`,
    id: "currentGroup_s",
    hideId: true,
    parameter: "SelectedAIAGroup",
    score: "Score",
    linkLabel: "Open",
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
];

const breachItems: TemplateItem[] = [
  countTiles("breach-tiles", {
    title: "Model breaches by category",
    source: kindFilter("Policy Breach"),
    key: "Category",
    keys: categories(),
    count: "Breaches",
  }),
  timeChart("breach-timeline", {
    title: "Model breaches over time by category",
    visualization: "areachart",
    fillGaps: true,
    source: kindFilter("Policy Breach"),
    measure: "Breaches = count()",
    by: "Category",
    colors: categoryColours(),
  }),
  topTable("breach-top-models", {
    title: "Top models",
    source: kindFilter("Policy Breach"),
    measures: "Breaches = count(), Devices = dcount(SourceIP), MaxScore = round(max(score_d) * 100)",
    by: "modelName_s",
    rankBy: "Breaches",
  }),
  topTable("breach-top-devices", {
    title: "Top breaching devices",
    source: kindFilter("Policy Breach"),
    measures: "Breaches = count(), Models = dcount(modelName_s), MaxScore = round(max(score_d) * 100)",
    by: "Device = coalesce(hostname_s, SourceIP)",
    rankBy: "Breaches",
  }),
  ...destinationCharts("breach", {
    source: kindFilter("Policy Breach"),
    host: "destHost_s",
    ip: "destIP_s",
    count: "Breaches",
    hostTitle: "Destination hosts in breaches",
    ipTitle: "Public destination IP addresses in breaches",
  }),
  recordList("breach-list", {
    title: "Model breaches",
    query: `
${kindFilter("Policy Breach")}
| project TimeGenerated, modelName_s, Score = round(score_d * 100), Category, Device = coalesce(hostname_s, SourceIP), SourceIP, destHost_s, destIP_s, destPort_s, Message, breachUrl_s
| order by TimeGenerated desc
`,
    score: "Score",
    link: "breachUrl_s",
  }),
];

const emailItems: TemplateItem[] = [
  recipientSearch(),
  timeChart("email-timeline", {
    title: "Email alerts over time by direction",
    source: kindFilter("Antigena Email"),
    measure: "Emails = count()",
    by: "direction_s",
  }),
  emailActions(`${kindFilter("Antigena Email")}
| mv-expand Action = split(actions_s, ",") to typeof(string)
| extend Action = trim(@"[\\s\\[\\]""]+", Action)`),
  emailSenders({ source: kindFilter("Antigena Email"), sender: "from_s", score: "anomaly_score_d" }),
  recordList("email-list", {
    title: "Email alerts",
    query: `
${kindFilter("Antigena Email")}
| where isempty("{SearchRecipient}") or recipients_s contains "{SearchRecipient}"
| project TimeGenerated, direction_s, subject_s, from_s, recipients_s, anomaly_score_d, actions_s, tags_s
| order by anomaly_score_d desc, TimeGenerated desc
`,
    score: "anomaly_score_d",
  }),
];

const systemItems: TemplateItem[] = [
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
];

const items: TemplateItem[] = [
  text(
    "header",
    "## Darktrace (Legacy)\n" +
      "Data from the legacy Darktrace REST API connector (table `darktrace_model_alerts_CL`). That connector " +
      "uses the HTTP Data Collector API, which is out of support: move to the Darktrace ActiveAI Security " +
      "Platform connector and its workbook.",
    { style: "warning" },
  ),
  ...tabbedPages([
    { value: "aia", label: "AI Analyst", items: aiAnalystItems },
    { value: "breaches", label: "Model breaches", name: "breach-group", items: breachItems },
    { value: "email", label: "Email", items: emailItems },
    { value: "system", label: "System status", items: systemItems },
  ]),
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
  dataTypes: [TABLE],
  dataConnectors: ["DarktraceRESTConnector"],
  template: workbook({ fromTemplateId: "sentinel-Darktrace", items }),
});
