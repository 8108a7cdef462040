import { defineCheck } from "./types.js";

export const workbookParameters = defineCheck({
  meta: {
    code: "WORKBOOK-PARAM-UNDECLARED",
    severity: "warning",
    category: "workbook",
    doc: "A workbook query's {Parameter} references must name parameters the workbook declares (otherwise the text is sent as is).",
  },
  run(ctx) {
    for (const r of ctx.queries) {
      for (const u of r.site.undeclaredParameters ?? []) {
        ctx.report({
          at: {
            query: { ...r, site: { ...r.site, toTextOffset: (o: number) => o } },
            start: u.start,
            length: u.length,
          },
          message: `{${u.name}} is not a parameter of this workbook (in ${r.site.label}).`,
          hint: "Declare it in a parameters item, or fix the name (parameter names are case-sensitive).",
        });
      }
    }
  },
});
