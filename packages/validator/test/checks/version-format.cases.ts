import { type CheckCases, ruleYaml, SOLUTION_YAML } from "../helpers.js";

export const cases: CheckCases = {
  code: "VERSION-FORMAT",
  valid: [{ name: "x.y.z everywhere", files: { "analytics/r.yaml": ruleYaml({ version: "2.10.0" }) } }],
  invalid: [
    {
      name: "two parts",
      files: { "analytics/r.yaml": ruleYaml({ version: "1.0" }) },
      errors: [{ line: "version: ", file: "analytics/r.yaml" }],
    },
    {
      name: "pre-release suffix",
      files: { "analytics/r.yaml": ruleYaml({ version: "1.0.0-beta" }) },
      errors: [{ line: "version: 1.0.0-beta" }],
    },
    {
      name: "solution version",
      files: { "solution.yaml": SOLUTION_YAML.replace("version: 1.0.0", "version: v1.0.0") },
      errors: [{ file: "solution.yaml", line: "version: v1.0.0" }],
    },
  ],
};
