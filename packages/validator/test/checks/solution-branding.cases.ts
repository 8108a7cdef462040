import { type CheckCases, ruleYaml, SOLUTION_YAML } from "../helpers.js";

export const cases: CheckCases = {
  code: "SOLUTION-BRANDING",
  valid: [
    {
      name: "Microsoft Sentinel",
      files: { "analytics/r.yaml": ruleYaml({ description: "Raises a Microsoft Sentinel alert." }) },
    },
    {
      name: "SentinelOne is another product",
      files: { "analytics/r.yaml": ruleYaml({ description: "Events from SentinelOne agents." }) },
    },
    {
      name: "loose rule (never packaged, as in the repository's Detections/)",
      files: { "analytics/r.yaml": ruleYaml({ description: "Raises a Sentinel alert." }) },
      loose: true,
    },
  ],
  invalid: [
    {
      name: "bare Sentinel",
      files: { "analytics/r.yaml": ruleYaml({ description: "Raises a Sentinel alert." }) },
      errors: [{ line: "description:", column: 23 }],
    },
    {
      name: "Azure Sentinel in the solution description",
      files: {
        "solution.yaml": SOLUTION_YAML.replace(
          "description: Test fixture.",
          "description: Content for Azure Sentinel.",
        ),
      },
      errors: [{ file: "solution.yaml", line: "description:", column: 26, message: "old name" }],
    },
  ],
};
