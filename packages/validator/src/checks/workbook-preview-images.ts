import { at, defineCheck } from "./types.js";

const DARK = /black|dark/i;
const LIGHT = /white|light/i;

export const workbookPreviewImages = defineCheck({
  meta: {
    code: "WORKBOOK-PREVIEW-IMAGES",
    severity: "error",
    category: "workbook",
    doc: "Workbook preview images are .png files whose names say Black/Dark or White/Light, with at least one of each.",
    parity: "B.5 preview images",
  },
  run(ctx) {
    for (const w of ctx.model.workbooks) {
      const lists = [
        ["previewImages", w.data.previewImages ?? []],
        ["previewImagesDark", w.data.previewImagesDark ?? []],
      ] as const;
      const all = lists.flatMap(([, l]) => l);
      if (all.length === 0) continue;
      for (const [field, list] of lists) {
        list.forEach((name, i) => {
          if (!/\.png$/i.test(name)) {
            ctx.report({ at: at(w, [field, i]), message: `Preview image '${name}' must be a .png file.` });
          } else if (!DARK.test(name) && !LIGHT.test(name)) {
            ctx.report({
              at: at(w, [field, i]),
              message: `Preview image '${name}' must say Black, White, Dark or Light in its name.`,
            });
          }
        });
      }
      const missing = [
        !all.some((n) => DARK.test(n)) && "a dark (Black/Dark)",
        !all.some((n) => LIGHT.test(n)) && "a light (White/Light)",
      ].filter(Boolean);
      if (missing.length) {
        ctx.report({
          at: at(w, [w.data.previewImages ? "previewImages" : "previewImagesDark"], "key"),
          message: `Preview images need ${missing.join(" and ")} image.`,
        });
      }
    }
  },
});
