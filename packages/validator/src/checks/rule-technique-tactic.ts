import { tacticsOfTechnique } from "../data/mitre.js";
import { at, defineCheck } from "./types.js";
import { rulesOf } from "./util.js";

export const ruleTechniqueTactic = defineCheck({
  meta: {
    code: "RULE-TECHNIQUE-TACTIC",
    severity: "error",
    category: "rule",
    doc: "Each technique in relevantTechniques must belong to at least one of the rule's tactics (ATT&CK Enterprise map).",
    parity: "B.2 relevantTechniques vs tactics (the 'any tactic' revision)",
  },
  run(ctx) {
    for (const item of rulesOf(ctx.model)) {
      const tactics = new Set(item.data.tactics ?? []);
      (item.data.relevantTechniques ?? []).forEach((t, i) => {
        const mapped = tacticsOfTechnique(t);
        if (!mapped || mapped.some((m) => tactics.has(m as never))) return;
        ctx.report({
          at: at(item, ["relevantTechniques", i]),
          message: `Technique ${t} belongs to ${mapped.join(", ")}, none of which is in tactics${tactics.size ? ` (${[...tactics].join(", ")})` : " (none given)"}.`,
          hint: `Add ${mapped.length === 1 ? mapped[0] : `one of ${mapped.join(", ")}`} to tactics, or remove the technique.`,
        });
      });
    }
  },
});
