import { type CheckCases, ruleYaml } from "../helpers.js";

export const cases: CheckCases = {
  code: "RULE-CUSTOM-DETAILS",
  valid: [
    {
      name: "plain keys",
      files: {
        "analytics/r.yaml": ruleYaml({ customDetails: { Count: "Count", Destination: "DestinationIP" } }),
      },
    },
  ],
  invalid: [
    {
      name: "key too long and starting with a digit",
      files: {
        "analytics/r.yaml": ruleYaml({
          customDetails: { ThisKeyIsMuchTooLongForSentinel: "Count", "1st": "Count" },
        }),
      },
      errors: [{ line: "ThisKeyIsMuchTooLongForSentinel:" }, { line: "1st:" }],
    },
    {
      name: "value is an expression",
      files: { "analytics/r.yaml": ruleYaml({ customDetails: { Count: "tostring(Count)" } }) },
      errors: [{ line: "Count: tostring(Count)", message: "column name" }],
    },
    {
      name: "more than 20",
      files: {
        "analytics/r.yaml": ruleYaml({
          customDetails: Object.fromEntries(Array.from({ length: 21 }, (_, i) => [`Detail${i}`, "Count"])),
        }),
      },
      errors: [{ line: "customDetails:", message: "21 entries" }],
    },
  ],
};
