import { type CheckCases, connectorYaml } from "../helpers.js";

const table = (name: string, classic = false) =>
  `name: ${name}\n${classic ? "classic: true\n" : ""}columns:\n  - { name: TimeGenerated, type: datetime }\n`;
const push = (tableName: string) =>
  connectorYaml({
    id: "ContosoPush",
    kind: "CcfPush",
    rest: `permissions: {}
instructionSteps: [{ title: Configure, description: Configure the sender. }]
dataCollectionRule: { name: contoso-dcr }
connectionName: ContosoPush
streams:
  - table: ${tableName}
`,
  });

export const cases: CheckCases = {
  code: "TABLE-NO-WRITER",
  valid: [
    {
      name: "a push connector streams into the table",
      files: { "tables/t.yaml": table("ContosoAlerts_CL"), "connectors/c.yaml": push("ContosoAlerts_CL") },
    },
    {
      name: "a classic table (filled by the legacy API) needs no push connector",
      files: { "tables/t.yaml": table("ContosoLegacy_CL", true) },
    },
  ],
  invalid: [
    {
      name: "no connector at all: warned at the table's name",
      files: { "tables/t.yaml": table("ContosoWidget_CL") },
      errors: [{ line: "name: ContosoWidget_CL", severity: "warning", message: "has no writer" }],
    },
    {
      name: "the push connector streams into another table",
      files: {
        "tables/a.yaml": table("ContosoAlerts_CL"),
        "tables/w.yaml": table("ContosoWidget_CL"),
        "connectors/c.yaml": push("ContosoAlerts_CL"),
      },
      errors: [{ file: "tables/w.yaml", line: "name: ContosoWidget_CL", severity: "warning" }],
    },
  ],
};
