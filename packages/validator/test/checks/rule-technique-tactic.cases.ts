import { type CheckCases, ruleYaml } from "../helpers.js";

export const cases: CheckCases = {
  code: "RULE-TECHNIQUE-TACTIC",
  valid: [
    {
      name: "matching tactic",
      files: {
        "analytics/r.yaml": ruleYaml({ tactics: ["CredentialAccess"], relevantTechniques: ["T1110"] }),
      },
    },
    {
      name: "any one of several tactics",
      files: { "analytics/r.yaml": ruleYaml({ tactics: ["DefenseEvasion"], relevantTechniques: ["T1078"] }) },
    },
    {
      name: "sub-technique uses its own tactics",
      files: {
        "analytics/r.yaml": ruleYaml({ tactics: ["CredentialAccess"], relevantTechniques: ["T1110.003"] }),
      },
    },
  ],
  invalid: [
    {
      name: "wrong tactic",
      files: { "analytics/r.yaml": ruleYaml({ tactics: ["Execution"], relevantTechniques: ["T1110"] }) },
      errors: [{ line: "- T1110", message: "CredentialAccess" }],
    },
    {
      name: "no tactics at all",
      files: { "analytics/r.yaml": ruleYaml({ tactics: undefined, relevantTechniques: ["T1071"] }) },
      errors: [{ line: "- T1071", message: "none given" }],
    },
  ],
};
