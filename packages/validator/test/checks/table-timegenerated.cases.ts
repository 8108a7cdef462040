import type { CheckCases } from "../helpers.js";

export const cases: CheckCases = {
  code: "TABLE-TIMEGENERATED",
  valid: [
    {
      name: "has TimeGenerated",
      files: { "tables/t.yaml": "name: Contoso_CL\ncolumns:\n  - { name: TimeGenerated, type: datetime }\n" },
    },
  ],
  invalid: [
    {
      name: "missing",
      files: { "tables/t.yaml": "name: Contoso_CL\ncolumns:\n  - { name: EventTime, type: datetime }\n" },
      errors: [{ line: "columns:" }],
    },
    {
      name: "wrong type",
      files: { "tables/t.yaml": "name: Contoso_CL\ncolumns:\n  - name: TimeGenerated\n    type: string\n" },
      errors: [{ line: "type: string" }],
    },
  ],
};
