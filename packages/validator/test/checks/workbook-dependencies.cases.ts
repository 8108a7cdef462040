import type { CheckCases } from "../helpers.js";

const template = JSON.stringify(
  {
    version: "Notebook/1.0",
    items: [
      {
        type: 3,
        name: "q",
        content: {
          version: "KqlItem/1.0",
          query: "CommonSecurityLog | summarize count() by DeviceVendor",
          queryType: 0,
        },
      },
    ],
  },
  null,
  2,
);
const wb = (dataTypes: string, connectors: string) => `id: ContosoWorkbook
title: Contoso
description: Contoso workbook.
version: 1.0.0
dataTypes: ${dataTypes}
dataConnectors: ${connectors}
template: w.json
`;

export const cases: CheckCases = {
  code: "WORKBOOK-DEPENDENCY",
  valid: [
    {
      name: "known connector and table",
      files: { "workbooks/w.yaml": wb("[CommonSecurityLog]", "[CefAma]"), "workbooks/w.json": template },
    },
  ],
  invalid: [
    {
      name: "unknown connector",
      files: {
        "workbooks/w.yaml": wb("[CommonSecurityLog]", "[ContosoConnector]"),
        "workbooks/w.json": template,
      },
      errors: [{ file: "workbooks/w.yaml", line: "dataConnectors:" }],
    },
    {
      name: "unknown data type",
      files: {
        "workbooks/w.yaml": wb("[CommonSecurityLog, Contoso_CL]", "[CefAma]"),
        "workbooks/w.json": template,
      },
      errors: [{ file: "workbooks/w.yaml", line: "dataTypes:", message: "Contoso_CL" }],
    },
    {
      name: "queries read an unlisted table",
      files: { "workbooks/w.yaml": wb("[Syslog]", "[CefAma]"), "workbooks/w.json": template },
      errors: [
        { file: "workbooks/w.yaml", line: "dataTypes:", severity: "warning", message: "'CommonSecurityLog'" },
      ],
    },
  ],
};
