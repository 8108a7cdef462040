import { type CheckCases, ruleYaml } from "../helpers.js";

export const cases: CheckCases = {
  code: "RULE-TECHNIQUE-UNKNOWN",
  valid: [
    {
      name: "technique and sub-technique",
      files: { "analytics/r.yaml": ruleYaml({ relevantTechniques: ["T1071", "T1071.001"] }) },
    },
    {
      name: "ICS ids are not checked",
      files: {
        "analytics/r.yaml": ruleYaml({ tactics: ["ImpairProcessControl"], relevantTechniques: ["T0836"] }),
      },
    },
  ],
  invalid: [
    {
      name: "no such technique",
      files: { "analytics/r.yaml": ruleYaml({ relevantTechniques: ["T9999"] }) },
      errors: [{ line: "- T9999" }],
    },
    {
      name: "no such sub-technique",
      files: { "analytics/r.yaml": ruleYaml({ relevantTechniques: ["T1071.099"] }) },
      errors: [{ line: "- T1071.099", message: "parent T1071" }],
    },
  ],
};
