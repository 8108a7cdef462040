import { type CheckCases, ruleYaml } from "../helpers.js";

export const cases: CheckCases = {
  code: "RULE-QUERY-FREQUENCY",
  valid: [
    {
      name: "5m / 14d short form",
      files: { "analytics/r.yaml": ruleYaml({ queryFrequency: "1h", queryPeriod: "14d" }) },
    },
    {
      name: "ISO 8601",
      files: { "analytics/r.yaml": ruleYaml({ queryFrequency: "PT5M", queryPeriod: "PT5M" }) },
    },
    {
      name: "TimeSpan form",
      files: { "analytics/r.yaml": ruleYaml({ queryFrequency: "01:00:00", queryPeriod: "1.00:00:00" }) },
    },
  ],
  invalid: [
    {
      name: "suppressionDuration that is not a duration",
      files: {
        "analytics/r.yaml": ruleYaml({ suppressionDuration: "five hours", suppressionEnabled: true }),
      },
      errors: [{ line: "suppressionDuration: five hours", message: "not a duration" }],
    },
    {
      name: "too frequent",
      files: { "analytics/r.yaml": ruleYaml({ queryFrequency: "4m", queryPeriod: "1h" }) },
      errors: [{ line: "queryFrequency: 4m", message: "5 minutes to 14 days" }],
    },
    {
      name: "period too long",
      files: { "analytics/r.yaml": ruleYaml({ queryPeriod: "15d" }) },
      errors: [{ line: "queryPeriod: 15d" }],
    },
    {
      name: "not a duration",
      files: { "analytics/r.yaml": ruleYaml({ queryFrequency: "hourly" }) },
      errors: [{ line: "queryFrequency: hourly", message: "not a duration" }],
    },
  ],
};
