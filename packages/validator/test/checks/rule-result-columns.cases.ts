import { type CheckCases, ruleYaml } from "../helpers.js";

export const cases: CheckCases = {
  code: "RULE-COLUMN-MISSING",
  valid: [
    {
      name: "every reference is an output column",
      files: {
        "analytics/r.yaml": ruleYaml({
          customDetails: { Connections: "Count" },
          alertDetailsOverride: {
            alertDisplayNameFormat: "Traffic from {{SourceIP}}",
            alertSeverityColumnName: "Sev",
          },
          query:
            "CommonSecurityLog\n| summarize Count = count() by SourceIP, DestinationIP\n| extend Sev = 'High'\n",
        }),
      },
    },
    {
      name: "not checked when the query has errors",
      files: { "analytics/r.yaml": ruleYaml({ query: "CommonSecurityLogz\n| project Foo\n" }) },
    },
  ],
  invalid: [
    {
      name: "open output (AzureDiagnostics): the columns are not checked, and that is said",
      files: {
        "analytics/r.yaml": ruleYaml({
          requiredDataConnectors: [{ connectorId: "AzureFirewall", dataTypes: ["AzureDiagnostics"] }],
          query: "AzureDiagnostics\n| where Category == 'AzureFirewallNetworkRule'\n",
          entityMappings: [
            { entityType: "IP", fieldMappings: [{ identifier: "Address", columnName: "clientIP_s" }] },
          ],
        }),
      },
      errors: [{ line: "query:", severity: "info", message: "not checked" }],
    },
    {
      name: "entity column",
      files: {
        "analytics/r.yaml": ruleYaml({
          entityMappings: [
            { entityType: "IP", fieldMappings: [{ identifier: "Address", columnName: "SrcIP" }] },
          ],
        }),
      },
      errors: [{ line: "columnName: SrcIP", message: "'SrcIP'" }],
    },
    {
      name: "custom detail",
      files: { "analytics/r.yaml": ruleYaml({ customDetails: { Bytes: "SentBytes" } }) },
      errors: [{ line: "Bytes: SentBytes" }],
    },
    {
      name: "placeholder and severity column",
      files: {
        "analytics/r.yaml": ruleYaml({
          alertDetailsOverride: {
            alertDisplayNameFormat: "From {{SourceIp}}",
            alertSeverityColumnName: "Severity",
          },
        }),
      },
      errors: [
        { line: "alertDisplayNameFormat:", message: "{{SourceIp}}" },
        { line: "alertSeverityColumnName:" },
      ],
    },
  ],
};
