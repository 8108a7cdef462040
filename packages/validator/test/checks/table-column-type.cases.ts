import type { CheckCases } from "../helpers.js";

const t = (cols: string) =>
  `name: Contoso_CL\ncolumns:\n  - { name: TimeGenerated, type: datetime }\n${cols}`;

export const cases: CheckCases = {
  code: "TABLE-COLUMN-TYPE",
  valid: [
    {
      name: "every supported type",
      files: {
        "tables/t.yaml": t(
          ["string", "int", "long", "real", "bool", "guid", "dynamic"]
            .map((type) => `  - { name: C_${type}, type: ${type} }\n`)
            .join(""),
        ),
      },
    },
  ],
  invalid: [
    {
      name: "timespan and decimal",
      files: {
        "tables/t.yaml": t("  - { name: Took, type: timespan }\n  - { name: Price, type: decimal }\n"),
      },
      errors: [
        { line: "type: timespan", message: "'timespan'" },
        { line: "type: decimal", message: "'decimal'" },
      ],
    },
  ],
};
