import { mitre, tacticsOfTechnique } from "../data/mitre.js";
import { at, defineCheck } from "./types.js";
import { rulesOf } from "./util.js";

export const ruleTechniqueUnknown = defineCheck({
  meta: {
    code: "RULE-TECHNIQUE-UNKNOWN",
    severity: "warning",
    category: "rule",
    doc: "relevantTechniques must be ATT&CK Enterprise technique ids (Txxxx or Txxxx.yyy) that exist (ICS T0xxx ids are not checked).",
    parity: "B.2 relevantTechniques (format); existence is ours",
  },
  run(ctx) {
    for (const item of rulesOf(ctx.model)) {
      (item.data.relevantTechniques ?? []).forEach((t, i) => {
        if (/^T0\d{3}(\.\d{3})?$/.test(t)) return; // ICS matrix: not in the enterprise data set
        if (!/^T\d{4}(\.\d{3})?$/.test(t)) return; // format: reported by the content schema
        if (!tacticsOfTechnique(t)) {
          ctx.report({
            at: at(item, ["relevantTechniques", i]),
            message: `Technique ${t} does not exist in MITRE ATT&CK Enterprise v${mitre().version}.`,
            hint: "Check the id on attack.mitre.org; revoked and deprecated techniques are not accepted.",
          });
        } else if (t.includes(".") && !mitre().techniques.has(t)) {
          ctx.report({
            at: at(item, ["relevantTechniques", i]),
            message: `Sub-technique ${t} does not exist in MITRE ATT&CK Enterprise v${mitre().version} (its parent ${t.split(".")[0]} does).`,
          });
        }
      });
    }
  },
});
