import { galleryTemplateProblem } from "../packaging/templates.js";
import { defineCheck } from "./types.js";

const SUBSCRIPTION = /\/subscriptions\/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/i;

export const workbookTemplate = defineCheck({
  meta: {
    code: "WORKBOOK-TEMPLATE",
    severity: "error",
    category: "workbook",
    doc: "A workbook template must be a gallery template (a JSON object with version Notebook/1.0 and an items array), must not hard-code a subscription (/subscriptions/<GUID>) nor be a saved user workbook (fromTemplateId sentinel-UserWorkbook).",
    parity: "B.5 template checks",
    alwaysInBuild: true,
  },
  run(ctx) {
    for (const w of ctx.model.workbooks) {
      const t = w.template;
      if (!t) continue;
      const base = t.source === w.source ? [...w.path, "template"] : [];
      const shape = galleryTemplateProblem(t.value);
      if (shape) {
        ctx.report({
          at:
            t.source === w.source
              ? { source: t.source, path: base }
              : { source: t.source, range: t.source.firstLine },
          message: `The workbook template of '${w.data.id}' ${shape}.`,
        });
        continue;
      }
      const text = t.source === w.source ? JSON.stringify(t.value) : t.source.text;
      const m = SUBSCRIPTION.exec(text);
      if (m) {
        const offset = t.source.text.indexOf(m[0]);
        ctx.report({
          at:
            offset >= 0
              ? { source: t.source, range: t.source.rangeOf(offset, offset + m[0].length) }
              : { source: t.source, path: base },
          message: `The template refers to a specific subscription (${m[0]}); it would point every installation at it.`,
          hint: "Use workbook parameters ({Subscription}, {Workspace}) instead of resource ids.",
        });
      }
      if (t.value.fromTemplateId === "sentinel-UserWorkbook") {
        ctx.report({
          at: { source: t.source, path: [...base, "fromTemplateId"] },
          message: "fromTemplateId is 'sentinel-UserWorkbook' (a saved copy); give the template its own id.",
          hint: `e.g. sentinel-${w.data.id}`,
        });
      }
    }
  },
});
