import type { CheckCases } from "../helpers.js";

const ccf = (streams: string) => `id: ContosoPush
kind: CcfPush
title: Contoso push
publisher: Contoso
descriptionMarkdown: Contoso alerts over the Logs Ingestion API.
graphQueries: [{ metricName: Total, legend: ContosoAlerts_CL, baseQuery: ContosoAlerts_CL }]
sampleQueries: [{ description: All, query: ContosoAlerts_CL | take 10 }]
dataTypes: [{ name: ContosoAlerts_CL, lastDataReceivedQuery: "ContosoAlerts_CL | summarize Time = max(TimeGenerated) | where isnotempty(Time)" }]
connectivityCriterias: [{ type: IsConnectedQuery, value: ["ContosoAlerts_CL | summarize LastLogReceived = max(TimeGenerated) | project IsConnected = LastLogReceived > ago(30d)"] }]
permissions: {}
instructionSteps: [{ title: Configure, description: Configure the sender. }]
dataCollectionRule: { name: contoso-dcr }
connectionName: ContosoPush
streams:
${streams}`;
const table = (classic = false) =>
  `name: ContosoAlerts_CL\n${classic ? "classic: true\n" : ""}columns:\n  - { name: TimeGenerated, type: datetime }\n  - { name: Score, type: real }\n`;

export const cases: CheckCases = {
  code: "CCF-STREAM",
  valid: [
    {
      name: "declared DCR table with a transformation",
      files: {
        "tables/t.yaml": table(),
        "connectors/c.yaml": ccf("  - table: ContosoAlerts_CL\n    transformKql: source | where Score > 0\n"),
      },
    },
  ],
  invalid: [
    {
      name: "undeclared table",
      files: { "tables/t.yaml": table(), "connectors/c.yaml": ccf("  - table: ContosoAlert_CL\n") },
      errors: [{ file: "connectors/c.yaml", line: "- table: ContosoAlert_CL", column: 12 }],
    },
    {
      name: "classic table",
      files: { "tables/t.yaml": table(true), "connectors/c.yaml": ccf("  - table: ContosoAlerts_CL\n") },
      errors: [{ file: "connectors/c.yaml", line: "- table: ContosoAlerts_CL", message: "classic" }],
    },
  ],
};
