import { type CheckCases, ruleYaml } from "../helpers.js";

export const cases: CheckCases = {
  code: "RULE-ALERT-DETAILS",
  valid: [
    {
      name: "three placeholders",
      files: {
        "analytics/r.yaml": ruleYaml({
          alertDetailsOverride: { alertDisplayNameFormat: "{{SourceIP}} to {{DestinationIP}}: {{Count}}" },
        }),
      },
    },
  ],
  invalid: [
    {
      name: "four placeholders",
      files: {
        "analytics/r.yaml": ruleYaml({
          alertDetailsOverride: {
            alertDisplayNameFormat: "{{SourceIP}} {{DestinationIP}} {{Count}} {{SourceIP}}",
          },
        }),
      },
      errors: [{ line: "alertDisplayNameFormat:", message: "4 {{placeholders}}" }],
    },
    {
      name: "display name too long",
      files: {
        "analytics/r.yaml": ruleYaml({ alertDetailsOverride: { alertDisplayNameFormat: "x".repeat(257) } }),
      },
      errors: [{ line: "alertDisplayNameFormat:", message: "1 to 256" }],
    },
    {
      name: "unknown dynamic property",
      files: {
        "analytics/r.yaml": ruleYaml({
          query: "CommonSecurityLog\n| extend Link = 'https://contoso.example'\n| project SourceIP, Link\n",
          alertDetailsOverride: { alertDynamicProperties: [{ alertProperty: "AlertUrl", value: "Link" }] },
        }),
      },
      errors: [{ line: "alertProperty: AlertUrl", message: "AlertUrl" }],
    },
    {
      name: "empty description",
      files: { "analytics/r.yaml": ruleYaml({ alertDetailsOverride: { alertDescriptionFormat: " " } }) },
      errors: [{ line: "alertDescriptionFormat:" }],
    },
  ],
};
