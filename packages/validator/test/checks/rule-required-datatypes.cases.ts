import { type CheckCases, ruleYaml } from "../helpers.js";

export const cases: CheckCases = {
  code: "RULE-DATATYPE-UNKNOWN",
  valid: [
    { name: "built-in table", files: { "analytics/r.yaml": ruleYaml() } },
    {
      name: "vendor-qualified data type",
      files: {
        "analytics/r.yaml": ruleYaml({
          requiredDataConnectors: [{ connectorId: "CefAma", dataTypes: ["CommonSecurityLog (Contoso)"] }],
        }),
      },
    },
  ],
  invalid: [
    {
      name: "no such table",
      files: {
        "analytics/r.yaml": ruleYaml({
          requiredDataConnectors: [{ connectorId: "CefAma", dataTypes: ["ContosoLogs_CL"] }],
        }),
      },
      errors: [{ line: "- ContosoLogs_CL" }],
    },
    {
      name: "wrong case",
      files: {
        "analytics/r.yaml": ruleYaml({
          requiredDataConnectors: [{ connectorId: "CefAma", dataTypes: ["commonsecuritylog"] }],
        }),
      },
      errors: [{ line: "- commonsecuritylog", message: "case-sensitive" }],
    },
    {
      name: "table the connector does not provide",
      files: {
        "analytics/r.yaml": ruleYaml({
          requiredDataConnectors: [{ connectorId: "CefAma", dataTypes: ["Syslog"] }],
        }),
      },
      errors: [{ line: "- Syslog", severity: "warning", message: "does not provide" }],
    },
  ],
};
