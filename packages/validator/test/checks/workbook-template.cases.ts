import type { CheckCases } from "../helpers.js";

const wb = `id: ContosoWorkbook
title: Contoso
description: Contoso workbook.
version: 1.0.0
dataTypes: [CommonSecurityLog]
dataConnectors: [CefAma]
template: w.json
`;
const tpl = (extra: Record<string, unknown>) =>
  JSON.stringify(
    {
      version: "Notebook/1.0",
      items: [{ type: 1, name: "t", content: { json: "Hello" } }],
      fromTemplateId: "sentinel-ContosoWorkbook",
      ...extra,
    },
    null,
    2,
  );

export const cases: CheckCases = {
  code: "WORKBOOK-TEMPLATE",
  valid: [{ name: "clean template", files: { "workbooks/w.yaml": wb, "workbooks/w.json": tpl({}) } }],
  invalid: [
    {
      name: "JSON that is not a gallery template",
      files: { "workbooks/w.yaml": wb, "workbooks/w.json": '{\n  "items": []\n}\n' },
      errors: [{ file: "workbooks/w.json", line: 1, message: "Notebook/1.0" }],
    },
    {
      name: "user workbook id",
      files: { "workbooks/w.yaml": wb, "workbooks/w.json": tpl({ fromTemplateId: "sentinel-UserWorkbook" }) },
      errors: [{ file: "workbooks/w.json", line: '"fromTemplateId"' }],
    },
    {
      name: "hard-coded subscription",
      files: {
        "workbooks/w.yaml": wb,
        "workbooks/w.json": tpl({
          crossComponentResources: ["/subscriptions/12345678-1234-1234-1234-123456789012/resourceGroups/rg"],
        }),
      },
      errors: [{ file: "workbooks/w.json", line: "/subscriptions/" }],
    },
  ],
};
