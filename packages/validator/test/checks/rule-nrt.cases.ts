import { type CheckCases, ruleYaml } from "../helpers.js";

const nrt = (query: string) =>
  ruleYaml({
    kind: "NRT",
    queryFrequency: undefined,
    queryPeriod: undefined,
    triggerOperator: undefined,
    triggerThreshold: undefined,
    query,
  });

export const cases: CheckCases = {
  code: "RULE-NRT-QUERY",
  valid: [
    {
      name: "one table",
      files: {
        "analytics/r.yaml": nrt("CommonSecurityLog\n| where DeviceAction == 'deny'\n| project SourceIP\n"),
      },
    },
  ],
  invalid: [
    {
      name: "union *",
      files: { "analytics/r.yaml": nrt("union *\n| where SourceIP == '10.0.0.1'\n| project SourceIP\n") },
      errors: [{ line: "  union *", column: 3 }],
    },
    {
      name: "no table",
      files: { "analytics/r.yaml": nrt("print SourceIP = '10.0.0.1'\n") },
      errors: [{ line: "  print SourceIP", message: "reads no workspace table" }],
    },
    {
      name: "cross-workspace",
      files: { "analytics/r.yaml": nrt("workspace('other').CommonSecurityLog\n| project SourceIP\n") },
      errors: [{ line: "  workspace('other')", severity: "warning" }],
    },
  ],
};
