import { type CheckCases, ruleYaml } from "../helpers.js";

export const cases: CheckCases = {
  code: "RULE-LEGACY-ENTITY-COLUMN",
  valid: [
    {
      name: "legacy column mapped",
      files: {
        "analytics/r.yaml": ruleYaml({
          query: "CommonSecurityLog\n| extend IPCustomEntity = SourceIP\n",
          entityMappings: [
            { entityType: "IP", fieldMappings: [{ identifier: "Address", columnName: "IPCustomEntity" }] },
          ],
        }),
      },
    },
  ],
  invalid: [
    {
      name: "legacy column not mapped",
      files: {
        "analytics/r.yaml": ruleYaml({
          query: "CommonSecurityLog\n| extend IPCustomEntity = SourceIP, HostCustomEntity = DeviceName\n",
        }),
      },
      errors: [
        { line: "| extend IPCustomEntity", column: 12, message: "IPCustomEntity" },
        { line: "| extend IPCustomEntity", column: 39, message: "HostCustomEntity" },
      ],
    },
  ],
};
