import { type CheckCases, ruleYaml } from "../helpers.js";

export const cases: CheckCases = {
  code: "RULE-DATATYPES-COVERAGE",
  valid: [{ name: "reads exactly what it lists", files: { "analytics/r.yaml": ruleYaml() } }],
  invalid: [
    {
      name: "reads an unlisted table",
      files: {
        "analytics/r.yaml": ruleYaml({
          query:
            "CommonSecurityLog\n| join kind=inner (Syslog | project Computer) on $left.DeviceName == $right.Computer\n| project SourceIP\n",
        }),
      },
      errors: [{ line: "requiredDataConnectors:", message: "'Syslog'" }],
    },
    {
      name: "lists a table it does not read",
      files: {
        "analytics/r.yaml": ruleYaml({
          requiredDataConnectors: [
            { connectorId: "CefAma", dataTypes: ["CommonSecurityLog"] },
            { connectorId: "SyslogAma", dataTypes: ["Syslog"] },
          ],
        }),
      },
      errors: [{ line: "- Syslog", severity: "info" }],
    },
  ],
};
