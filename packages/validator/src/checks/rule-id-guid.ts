import { at, defineCheck } from "./types.js";
import { isBareQuery, rulesOf } from "./util.js";

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export const ruleIdGuid = defineCheck({
  meta: {
    code: "RULE-ID-GUID",
    severity: "error",
    category: "rule",
    doc: "A rule or hunting query id must be a GUID (it becomes the template id and must never change).",
    parity: "B.2 id",
  },
  run(ctx) {
    for (const item of rulesOf(ctx.model)) {
      if (isBareQuery(item)) continue;
      const id = String(item.data.id)
        .trim()
        .replace(/^\{(.*)\}$/, "$1");
      if (!GUID.test(id)) {
        ctx.report({
          at: at(item, ["id"]),
          message: `id '${item.data.id}' is not a GUID.`,
          hint: 'Generate one: node -e "console.log(crypto.randomUUID())"',
        });
      }
    }
  },
});
