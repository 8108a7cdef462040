import { at, defineCheck } from "./types.js";
import { mainQuery, rulesOf } from "./util.js";

/**
 * Microsoft's CI: a query that reads `ThreatIntelligenceIndicator |` must keep only the latest,
 * active, unexpired version of each indicator:
 *   where TimeGenerated >= ago(<lookback>) ... summarize LatestIndicatorTime = arg_max(TimeGenerated, *) by IndicatorId
 *   | where ExpirationDateTime > now() and Active == true      (the two conditions in either order)
 */
const USES_TI = /ThreatIntelligenceIndicator\s*\|/;
const LOOKBACK = /where\s+TimeGenerated\s*>=?\s*ago\s*\(/;
const LATEST =
  /summarize\s+LatestIndicatorTime\s*=\s*arg_max\s*\(\s*TimeGenerated\s*,\s*\*\s*\)\s*by\s+IndicatorId/;
const ACTIVE =
  /where\s+(?:ExpirationDateTime\s*>\s*now\s*\(\s*\)\s+and\s+Active\s*==\s*true|Active\s*==\s*true\s+and\s+ExpirationDateTime\s*>\s*now\s*\(\s*\))/;

export const ruleTiFreshness = defineCheck({
  meta: {
    code: "RULE-TI-FRESHNESS",
    severity: "error",
    category: "rule",
    doc: "Queries over ThreatIntelligenceIndicator must keep only the latest active, unexpired indicator (arg_max by IndicatorId, then ExpirationDateTime > now() and Active == true).",
    parity: "B.1 threat-intel rule",
  },
  run(ctx) {
    for (const item of rulesOf(ctx.model)) {
      const query = item.data.query;
      if (!USES_TI.test(query)) continue;
      const stripped = query.replace(/\/\/[^\n]*/g, "");
      const missing: string[] = [];
      if (!LOOKBACK.test(stripped)) missing.push("where TimeGenerated >= ago(<lookback>)");
      if (!LATEST.test(stripped))
        missing.push("summarize LatestIndicatorTime = arg_max(TimeGenerated, *) by IndicatorId");
      if (!ACTIVE.test(stripped)) missing.push("where ExpirationDateTime > now() and Active == true");
      if (!missing.length) continue;
      const q = mainQuery(ctx.queriesOf(item));
      const offset = query.search(USES_TI);
      ctx.report({
        at: q
          ? { query: q, start: offset, length: "ThreatIntelligenceIndicator".length }
          : at(item, ["query"]),
        message: `ThreatIntelligenceIndicator is read without the latest-indicator idiom (missing: ${missing.join("; ")}).`,
        hint: "Without it, expired and superseded versions of an indicator still match.",
      });
    }
  },
});
