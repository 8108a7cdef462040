import { type CheckCases, connectorYaml, ruleYaml } from "../helpers.js";

const connector = connectorYaml();
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
