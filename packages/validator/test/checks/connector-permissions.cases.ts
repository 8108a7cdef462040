import type { CheckCases } from "../helpers.js";

const connector = (permissions: string) => `id: ContosoConnector
kind: GenericUI
title: Contoso
publisher: Contoso
descriptionMarkdown: Contoso alerts.
graphQueries: [{ metricName: Total, legend: ContosoAlerts_CL, baseQuery: ContosoAlerts_CL }]
sampleQueries: [{ description: All, query: ContosoAlerts_CL | take 10 }]
dataTypes: [{ name: ContosoAlerts_CL, lastDataReceivedQuery: "ContosoAlerts_CL | summarize Time = max(TimeGenerated) | where isnotempty(Time)" }]
connectivityCriterias: [{ type: IsConnectedQuery, value: ["ContosoAlerts_CL | summarize LastLogReceived = max(TimeGenerated) | project IsConnected = LastLogReceived > ago(30d)"] }]
permissions:
${permissions}
instructionSteps: [{ title: Configure, description: Configure the sender. }]
`;
const table = "name: ContosoAlerts_CL\ncolumns:\n  - { name: TimeGenerated, type: datetime }\n";
const ws = (perm: string) => `    - provider: Microsoft.OperationalInsights/workspaces
      permissionsDisplayText: read and write permissions are required.
      providerDisplayName: Workspace
      scope: Workspace
      requiredPermissions: { ${perm} }`;
const keys = `    - provider: Microsoft.OperationalInsights/workspaces/sharedKeys
      permissionsDisplayText: read permissions to shared keys for the workspace are required.
      providerDisplayName: Keys
      scope: Workspace
      requiredPermissions: { action: true }`;

export const cases: CheckCases = {
  code: "CONNECTOR-PERMISSIONS",
  valid: [
    {
      name: "template permissions",
      files: {
        "tables/t.yaml": table,
        "connectors/c.yaml": connector(
          `  resourceProvider:\n${ws("read: true, write: true, delete: true")}\n${keys}`,
        ),
      },
    },
  ],
  invalid: [
    {
      name: "no delete, no shared keys",
      files: {
        "tables/t.yaml": table,
        "connectors/c.yaml": connector(`  resourceProvider:\n${ws("read: true, write: true")}`),
      },
      errors: [
        { file: "connectors/c.yaml", line: "requiredPermissions:", message: "delete" },
        { file: "connectors/c.yaml", line: "permissions:", message: "sharedKeys" },
      ],
    },
  ],
};
