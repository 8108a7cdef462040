import { type CheckCases, ruleYaml } from "../helpers.js";

const connector = `id: ContosoConnector
kind: GenericUI
title: Contoso
publisher: Contoso
descriptionMarkdown: Contoso alerts.
graphQueries: [{ metricName: Total, legend: ContosoAlerts_CL, baseQuery: ContosoAlerts_CL }]
sampleQueries: [{ description: All, query: ContosoAlerts_CL | take 10 }]
dataTypes: [{ name: ContosoAlerts_CL, lastDataReceivedQuery: "ContosoAlerts_CL | summarize Time = max(TimeGenerated) | where isnotempty(Time)" }]
connectivityCriterias: [{ type: IsConnectedQuery, value: ["ContosoAlerts_CL | summarize LastLogReceived = max(TimeGenerated) | project IsConnected = LastLogReceived > ago(30d)"] }]
permissions: {}
instructionSteps: [{ title: Configure, description: Configure the sender. }]
`;
const table =
  "name: ContosoAlerts_CL\ncolumns:\n  - { name: TimeGenerated, type: datetime }\n  - { name: SrcIp, type: string }\n";

export const cases: CheckCases = {
  code: "RULE-CONNECTOR-UNKNOWN",
  valid: [
    { name: "well-known Microsoft connector", files: { "analytics/r.yaml": ruleYaml() } },
    {
      name: "connector of this solution",
      files: {
        "tables/t.yaml": table,
        "connectors/c.yaml": connector,
        "analytics/r.yaml": ruleYaml({
          requiredDataConnectors: [{ connectorId: "ContosoConnector", dataTypes: ["ContosoAlerts_CL"] }],
          query: "ContosoAlerts_CL\n| project SourceIP = SrcIp\n",
        }),
      },
    },
    {
      name: "configured as known",
      files: {
        "analytics/r.yaml": ruleYaml({
          requiredDataConnectors: [{ connectorId: "VendorX", dataTypes: ["CommonSecurityLog"] }],
        }),
      },
      config: { knownConnectors: ["VendorX"] },
    },
    {
      name: "empty list on a Scheduled rule",
      files: { "analytics/r.yaml": ruleYaml({ requiredDataConnectors: [] }) },
    },
  ],
  invalid: [
    {
      name: "unknown id",
      files: {
        "analytics/r.yaml": ruleYaml({
          requiredDataConnectors: [{ connectorId: "CefAmaa", dataTypes: ["CommonSecurityLog"] }],
        }),
      },
      errors: [{ line: "connectorId: CefAmaa" }],
    },
    {
      name: "Scheduled rule without the field",
      files: { "analytics/r.yaml": ruleYaml({ requiredDataConnectors: undefined }) },
      errors: [{ line: "kind: Scheduled" }],
    },
  ],
};
