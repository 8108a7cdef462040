import { type CheckCases, connectorYaml } from "../helpers.js";

const connector = (permissions: string) =>
  connectorYaml({
    rest: `permissions:\n${permissions}\ninstructionSteps: [{ title: Configure, description: Configure the sender. }]\n`,
  });
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
    {
      name: "Syslog template: workspace write and delete, no shared keys",
      files: {
        "connectors/c.yaml": connectorYaml({
          dataType: "Syslog (Contoso)",
          rest: `permissions:\n  resourceProvider:\n${ws("write: true, delete: true")}\ninstructionSteps: [{ title: Configure, description: Configure the sender. }]\n`,
        }),
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
