import type { CheckCases } from "../helpers.js";

const parser = (query: string) => `id: 5f4b1c2a-0a1b-4c2d-9e8f-7a6b5c4d3e2f
Function:
  Title: Contoso parser
  Version: 1.0.0
Category: Microsoft Sentinel Parser
FunctionName: ContosoEvents
FunctionAlias: ContosoEvents
FunctionQuery: |
${query
  .split("\n")
  .map((l) => `  ${l}`)
  .join("\n")}
`;

export const cases: CheckCases = {
  code: "KQL-NOT-TABULAR",
  valid: [
    {
      name: "parser returning rows",
      files: { "parsers/p.yaml": parser("CommonSecurityLog\n| where DeviceVendor == 'Contoso'") },
    },
  ],
  invalid: [
    {
      name: "parser of only lets",
      files: { "parsers/p.yaml": parser("let x = CommonSecurityLog\n| where DeviceVendor == 'Contoso';") },
      errors: [{ line: "| where DeviceVendor", message: "does not return a table" }],
    },
  ],
};
