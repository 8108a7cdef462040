import { type CheckCases, ruleYaml } from "../helpers.js";

const ip = (col: string) => ({
  entityType: "IP",
  fieldMappings: [{ identifier: "Address", columnName: col }],
});

export const cases: CheckCases = {
  code: "RULE-ENTITY-LIMITS",
  valid: [
    {
      name: "two mappings",
      files: { "analytics/r.yaml": ruleYaml({ entityMappings: [ip("SourceIP"), ip("DestinationIP")] }) },
    },
  ],
  invalid: [
    {
      name: "eleven mappings",
      files: {
        "analytics/r.yaml": ruleYaml({ entityMappings: Array.from({ length: 11 }, () => ip("SourceIP")) }),
      },
      errors: [{ line: "entityMappings:", message: "11 entries" }],
    },
    {
      name: "empty list",
      files: { "analytics/r.yaml": ruleYaml({ entityMappings: [] }) },
      errors: [{ line: "entityMappings:" }],
    },
    {
      name: "four field mappings",
      files: {
        "analytics/r.yaml": ruleYaml({
          entityMappings: [
            {
              entityType: "Host",
              fieldMappings: [
                { identifier: "HostName", columnName: "SourceIP" },
                { identifier: "DnsDomain", columnName: "SourceIP" },
                { identifier: "NTDomain", columnName: "SourceIP" },
                { identifier: "FullName", columnName: "SourceIP" },
              ],
            },
          ],
        }),
      },
      errors: [{ line: "fieldMappings:", message: "4 fieldMappings" }],
    },
    {
      name: "expression as column",
      files: { "analytics/r.yaml": ruleYaml({ entityMappings: [ip("tostring(SourceIP)")] }) },
      errors: [{ line: "columnName: tostring(SourceIP)" }],
    },
  ],
};
