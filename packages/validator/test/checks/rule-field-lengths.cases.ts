import { type CheckCases, ruleYaml } from "../helpers.js";

export const cases: CheckCases = {
  code: "RULE-FIELD-LENGTH",
  valid: [{ name: "normal lengths", files: { "analytics/r.yaml": ruleYaml() } }],
  invalid: [
    {
      name: "name too long",
      files: { "analytics/r.yaml": ruleYaml({ name: "N".repeat(257) }) },
      errors: [{ line: "name: NNN", message: "257" }],
    },
    {
      name: "query over 10000 characters",
      files: {
        "analytics/r.yaml": ruleYaml({
          query: `${`// ${"padding ".repeat(12)}\n`.repeat(110)}CommonSecurityLog\n| project SourceIP\n`,
        }),
      },
      errors: [{ line: "query: |", message: "at most 10000" }],
    },
  ],
};
