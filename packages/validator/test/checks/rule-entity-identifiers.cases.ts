import { type CheckCases, ruleYaml } from "../helpers.js";

export const cases: CheckCases = {
  code: "RULE-ENTITY-IDENTIFIER",
  valid: [
    {
      name: "FileHash with both identifiers",
      files: {
        "analytics/r.yaml": ruleYaml({
          query: "CommonSecurityLog\n| project SourceIP, FileHash, Algo = 'SHA256'\n",
          entityMappings: [
            {
              entityType: "FileHash",
              fieldMappings: [
                { identifier: "Algorithm", columnName: "Algo" },
                { identifier: "Value", columnName: "FileHash" },
              ],
            },
          ],
        }),
      },
    },
  ],
  invalid: [
    {
      name: "unknown entity type",
      files: {
        "analytics/r.yaml": ruleYaml({
          entityMappings: [
            { entityType: "Ip", fieldMappings: [{ identifier: "Address", columnName: "SourceIP" }] },
          ],
        }),
      },
      errors: [{ line: "entityType: Ip", message: "Unknown entity type" }],
    },
    {
      name: "identifier of another type",
      files: {
        "analytics/r.yaml": ruleYaml({
          entityMappings: [
            { entityType: "IP", fieldMappings: [{ identifier: "HostName", columnName: "SourceIP" }] },
          ],
        }),
      },
      errors: [{ line: "identifier: HostName" }, { line: "entityType: IP", message: "needs Address" }],
    },
    {
      name: "repeated identifier",
      files: {
        "analytics/r.yaml": ruleYaml({
          entityMappings: [
            {
              entityType: "IP",
              fieldMappings: [
                { identifier: "Address", columnName: "SourceIP" },
                { identifier: "Address", columnName: "DestinationIP" },
              ],
            },
          ],
        }),
      },
      errors: [{ line: "identifier: Address", occurrence: 2, message: "mapped twice" }],
    },
    {
      name: "Account with only a domain",
      files: {
        "analytics/r.yaml": ruleYaml({
          entityMappings: [
            { entityType: "Account", fieldMappings: [{ identifier: "NTDomain", columnName: "SourceIP" }] },
          ],
        }),
      },
      errors: [{ line: "entityType: Account", message: "needs FullName or Sid" }],
    },
  ],
};
