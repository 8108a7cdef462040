import { type CheckCases, connectorYaml } from "../helpers.js";

const table = (extra = "") =>
  `name: ContosoAlerts_CL\n${extra}columns:\n  - { name: TimeGenerated, type: datetime }\n  - { name: Score, type: real }\n`;
const push = connectorYaml({
  id: "ContosoPush",
  kind: "CcfPush",
  rest: `permissions: {}
instructionSteps: [{ title: Configure, description: Configure the sender. }]
dataCollectionRule: { name: contoso-dcr }
connectionName: ContosoPush
streams:
  - table: contosoalerts_cl
`,
});

export const cases: CheckCases = {
  code: "BUILD-TABLE-UNUSED",
  valid: [
    {
      name: "a push connector streams into it (names compared ignoring case)",
      files: { "tables/t.yaml": table(), "connectors/c.yaml": push },
    },
    { name: "a classic table", files: { "tables/t.yaml": table("classic: true\n") } },
  ],
  invalid: [
    {
      name: "no push connector streams into it",
      files: { "tables/t.yaml": table() },
      errors: [{ line: "name: ContosoAlerts_CL", severity: "warning", message: "not in the package" }],
    },
  ],
};
