import type { CheckCases } from "../helpers.js";

const wb = `id: ContosoWorkbook
title: Contoso
description: Contoso workbook.
version: 1.0.0
dataTypes: [CommonSecurityLog]
dataConnectors: [CefAma]
template: w.json
`;
const tpl = (query: string) =>
  JSON.stringify(
    {
      version: "Notebook/1.0",
      items: [
        {
          type: 9,
          name: "p",
          content: {
            version: "KqlParameterItem/1.0",
            parameters: [{ name: "TimeRange", type: 4, value: { durationMs: 3600000 } }],
          },
        },
        { type: 3, name: "q", content: { version: "KqlItem/1.0", query, queryType: 0 } },
      ],
    },
    null,
    2,
  );

export const cases: CheckCases = {
  code: "WORKBOOK-PARAM-UNDECLARED",
  valid: [
    {
      name: "declared parameter",
      files: {
        "workbooks/w.yaml": wb,
        "workbooks/w.json": tpl("CommonSecurityLog | where TimeGenerated {TimeRange} | count"),
      },
    },
  ],
  invalid: [
    {
      name: "misspelt parameter",
      files: {
        "workbooks/w.yaml": wb,
        "workbooks/w.json": tpl("CommonSecurityLog | where TimeGenerated {Timerange} | count"),
      },
      errors: [{ file: "workbooks/w.json", line: '"query"', message: "{Timerange}" }],
    },
  ],
};
