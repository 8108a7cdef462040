import { type CheckCases, connectorYaml } from "../helpers.js";

const connector = (dataType: string, sampleQuery?: string) =>
  connectorYaml({ dataType, ...(sampleQuery ? { sampleQuery } : {}) });
const table = "name: ContosoAlerts_CL\ncolumns:\n  - { name: TimeGenerated, type: datetime }\n";

export const cases: CheckCases = {
  code: "CONNECTOR-DATATYPE",
  valid: [
    {
      name: "declared table",
      files: { "tables/t.yaml": table, "connectors/c.yaml": connector("ContosoAlerts_CL") },
    },
  ],
  invalid: [
    {
      name: "undeclared table",
      files: { "tables/t.yaml": table, "connectors/c.yaml": connector("ContosoAlert_CL") },
      errors: [{ file: "connectors/c.yaml", line: "dataTypes: [{ name: ContosoAlert_CL" }],
    },
    {
      name: "sample query reads another table",
      files: {
        "tables/t.yaml": table,
        "connectors/c.yaml": connector("ContosoAlerts_CL", "Syslog | take 10"),
      },
      errors: [
        { file: "connectors/c.yaml", line: "sampleQueries:", severity: "warning", message: "'Syslog'" },
      ],
    },
  ],
};
