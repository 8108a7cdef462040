import type { CheckCases } from "../helpers.js";

const wb = (images: string) => `id: ContosoWorkbook
title: Contoso
description: Contoso workbook.
version: 1.0.0
dataTypes: [CommonSecurityLog]
dataConnectors: [CefAma]
${images}
template: w.json
`;
const tpl = JSON.stringify({
  version: "Notebook/1.0",
  items: [{ type: 1, name: "t", content: { json: "Hello" } }],
});

export const cases: CheckCases = {
  code: "WORKBOOK-PREVIEW-IMAGES",
  valid: [
    { name: "no images", files: { "workbooks/w.yaml": wb(""), "workbooks/w.json": tpl } },
    {
      name: "dark and light",
      files: {
        "workbooks/w.yaml": wb("previewImages: [ContosoBlack.png, ContosoWhite.png]"),
        "workbooks/w.json": tpl,
      },
    },
  ],
  invalid: [
    {
      name: "jpeg and only light",
      files: {
        "workbooks/w.yaml": wb("previewImages: [ContosoWhite.jpg, ContosoLight.png]"),
        "workbooks/w.json": tpl,
      },
      errors: [
        { file: "workbooks/w.yaml", line: "previewImages:", message: ".png" },
        { file: "workbooks/w.yaml", line: "previewImages:", message: "a dark" },
      ],
    },
  ],
};
