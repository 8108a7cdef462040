import { type CheckCases, connectorYaml } from "../helpers.js";

const workbook = (id: string) => `id: ${id}
title: Contoso
description: Contoso workbook.
version: 1.0.0
dataTypes: [ContosoAlerts_CL]
dataConnectors: [ContosoConnector]
template: w.json
`;
const template = JSON.stringify({ version: "Notebook/1.0", items: [], fromTemplateId: "sentinel-Contoso" });
const push = connectorYaml({
  id: "ContosoPush",
  kind: "CcfPush",
  rest: `permissions: {}
instructionSteps: [{ title: Configure, description: Configure the sender. }]
dataCollectionRule: { name: contoso-dcr }
connectionName: ContosoPush
streams:
  - table: ContosoAlerts_CL
`,
});
const table = "name: ContosoAlerts_CL\ncolumns:\n  - { name: TimeGenerated, type: datetime }\n";

export const cases: CheckCases = {
  code: "BUILD-DUPLICATE-CONTENT-ID",
  valid: [
    {
      name: "a connector and a workbook with their own ids",
      files: {
        "connectors/c.yaml": connectorYaml(),
        "workbooks/w.yaml": workbook("ContosoWorkbook"),
        "workbooks/w.json": template,
      },
    },
  ],
  invalid: [
    {
      name: "a workbook with a connector's id",
      files: {
        "connectors/c.yaml": connectorYaml(),
        "workbooks/w.yaml": workbook("contosoconnector"),
        "workbooks/w.json": template,
      },
      errors: [{ file: "workbooks/w.yaml", line: "id: contosoconnector", message: "connectors/c.yaml:1:1" }],
    },
    {
      name: "a workbook with a push connector's connections id",
      files: {
        "tables/t.yaml": table,
        "connectors/c.yaml": push,
        "workbooks/w.yaml": workbook("ContosoPushConnections"),
        "workbooks/w.json": template,
      },
      errors: [{ file: "workbooks/w.yaml", line: "id: ContosoPushConnections" }],
    },
  ],
};
