import { type CheckCases, connectorYaml } from "../helpers.js";

const ccf = (streams: string) =>
  connectorYaml({
    id: "ContosoPush",
    kind: "CcfPush",
    rest: `permissions: {}
instructionSteps: [{ title: Configure, description: Configure the sender. }]
dataCollectionRule: { name: contoso-dcr }
connectionName: ContosoPush
streams:
${streams}`,
  });
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
