import { type CheckCases, ruleYaml } from "../helpers.js";

export const cases: CheckCases = {
  code: "RULE-COLUMN-TYPE",
  valid: [
    {
      name: "string severity column",
      files: {
        "analytics/r.yaml": ruleYaml({
          query: "CommonSecurityLog\n| extend Sev = 'High'\n",
          alertDetailsOverride: { alertSeverityColumnName: "Sev" },
        }),
      },
    },
  ],
  invalid: [
    {
      name: "numeric severity column",
      files: {
        "analytics/r.yaml": ruleYaml({
          query: "CommonSecurityLog\n| extend Sev = 3\n",
          alertDetailsOverride: { alertSeverityColumnName: "Sev" },
        }),
      },
      errors: [{ line: "alertSeverityColumnName: Sev", severity: "error" }],
    },
    {
      name: "dynamic entity column",
      files: {
        "analytics/r.yaml": ruleYaml({
          query: "CommonSecurityLog\n| summarize SourceIP = make_set(SourceIP) by DestinationIP\n",
        }),
      },
      errors: [{ line: "columnName: SourceIP", severity: "warning" }],
    },
  ],
};
