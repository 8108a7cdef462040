import type { CheckCases } from "../helpers.js";

const connector = (dataType: string, sample = "ContosoAlerts_CL | take 10") => `id: ContosoConnector
kind: GenericUI
title: Contoso
publisher: Contoso
descriptionMarkdown: Contoso alerts.
graphQueries: [{ metricName: Total, legend: ContosoAlerts_CL, baseQuery: ContosoAlerts_CL }]
sampleQueries: [{ description: All, query: "${sample}" }]
dataTypes: [{ name: ${dataType}, lastDataReceivedQuery: "ContosoAlerts_CL | summarize Time = max(TimeGenerated) | where isnotempty(Time)" }]
connectivityCriterias: [{ type: IsConnectedQuery, value: ["ContosoAlerts_CL | summarize LastLogReceived = max(TimeGenerated) | project IsConnected = LastLogReceived > ago(30d)"] }]
permissions: {}
instructionSteps: [{ title: Configure, description: Configure the sender. }]
`;
const table = "name: ContosoAlerts_CL\ncolumns:\n  - { name: TimeGenerated, type: datetime }\n";

export const cases: CheckCases = {
  code: "CONNECTOR-DATATYPE",
  valid: [
    {
      name: "declared table",
      files: { "tables/t.yaml": table, "connectors/c.yaml": connector("ContosoAlerts_CL") },
    },
  ],
  invalid: [
    {
      name: "undeclared table",
      files: { "tables/t.yaml": table, "connectors/c.yaml": connector("ContosoAlert_CL") },
      errors: [{ file: "connectors/c.yaml", line: "dataTypes: [{ name: ContosoAlert_CL" }],
    },
    {
      name: "sample query reads another table",
      files: {
        "tables/t.yaml": table,
        "connectors/c.yaml": connector("ContosoAlerts_CL", "Syslog | take 10"),
      },
      errors: [
        { file: "connectors/c.yaml", line: "sampleQueries:", severity: "warning", message: "'Syslog'" },
      ],
    },
  ],
};
