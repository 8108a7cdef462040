import { type CheckCases, ruleYaml } from "../helpers.js";

const good = `let lookback = 14d;
ThreatIntelligenceIndicator
| where TimeGenerated >= ago(lookback)
| summarize LatestIndicatorTime = arg_max(TimeGenerated, *) by IndicatorId
| where Active == true and ExpirationDateTime > now()
| where isnotempty(NetworkIP)
| join kind=inner (CommonSecurityLog | where TimeGenerated > ago(1h)) on $left.NetworkIP == $right.DestinationIP
| project SourceIP, DestinationIP
`;

export const cases: CheckCases = {
  code: "RULE-TI-FRESHNESS",
  valid: [{ name: "latest-indicator idiom", files: { "analytics/r.yaml": ruleYaml({ query: good }) } }],
  invalid: [
    {
      name: "no expiry filter",
      files: {
        "analytics/r.yaml": ruleYaml({
          query: good.replace("| where Active == true and ExpirationDateTime > now()\n", ""),
        }),
      },
      errors: [{ line: "  ThreatIntelligenceIndicator", column: 3, message: "ExpirationDateTime > now()" }],
    },
  ],
};
