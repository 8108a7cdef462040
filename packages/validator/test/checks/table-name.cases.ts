import type { CheckCases } from "../helpers.js";

const t = (name: string, cols = "  - { name: TimeGenerated, type: datetime }\n") =>
  `name: ${name}\ncolumns:\n${cols}`;

export const cases: CheckCases = {
  code: "TABLE-NAME",
  valid: [{ name: "custom table", files: { "tables/t.yaml": t("Contoso_CL") } }],
  invalid: [
    { name: "no _CL suffix", files: { "tables/t.yaml": t("Contoso") }, errors: [{ line: "name: Contoso" }] },
    {
      name: "reserved column",
      files: {
        "tables/t.yaml": t(
          "Contoso_CL",
          "  - { name: TimeGenerated, type: datetime }\n  - { name: TenantId, type: string }\n",
        ),
      },
      errors: [{ line: "TenantId" }],
    },
    {
      name: "duplicate column ignoring case",
      files: {
        "tables/t.yaml": t(
          "Contoso_CL",
          "  - { name: TimeGenerated, type: datetime }\n  - { name: Host, type: string }\n  - { name: host, type: string }\n",
        ),
      },
      errors: [{ line: "name: host" }],
    },
  ],
};
