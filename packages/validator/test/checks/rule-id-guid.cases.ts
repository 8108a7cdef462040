import { type CheckCases, ruleYaml } from "../helpers.js";

export const cases: CheckCases = {
  code: "RULE-ID-GUID",
  valid: [
    { name: "a GUID", files: { "analytics/r.yaml": ruleYaml() } },
    { name: "a .kql file needs no id", files: { "hunting/q.kql": "CommonSecurityLog | take 10\n" } },
  ],
  invalid: [
    {
      name: "not a GUID",
      files: { "analytics/r.yaml": ruleYaml({ id: "my-rule-1" }) },
      errors: [{ line: "id: my-rule-1", column: 5 }],
    },
    {
      name: "hunting query with a short id",
      files: {
        "hunting/h.yaml": "id: not-a-guid\nname: H\ndescription: D\nquery: |\n  CommonSecurityLog | take 1\n",
      },
      errors: [{ line: 1 }],
    },
  ],
};
