import { type CheckCases, ruleYaml } from "../helpers.js";

export const cases: CheckCases = {
  code: "RULE-QUERY-PERIOD",
  valid: [
    { name: "equal", files: { "analytics/r.yaml": ruleYaml({ queryFrequency: "1h", queryPeriod: "1h" }) } },
    {
      name: "2 days with hourly runs",
      files: { "analytics/r.yaml": ruleYaml({ queryFrequency: "1h", queryPeriod: "2d" }) },
    },
  ],
  invalid: [
    {
      name: "period shorter than frequency",
      files: { "analytics/r.yaml": ruleYaml({ queryFrequency: "2h", queryPeriod: "1h" }) },
      errors: [{ line: "queryPeriod: 1h" }],
    },
    {
      name: "2 days with 30 minute runs",
      files: { "analytics/r.yaml": ruleYaml({ queryFrequency: "30m", queryPeriod: "P2D" }) },
      errors: [{ line: "queryFrequency: 30m", message: "at least 1h" }],
    },
  ],
};
