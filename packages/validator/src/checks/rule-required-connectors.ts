import { didYouMean } from "@sentinelctl/content";
import { at, defineCheck } from "./types.js";
import { isBareQuery, rulesOf } from "./util.js";

export const ruleRequiredConnectors = defineCheck({
  meta: {
    code: "RULE-CONNECTOR-UNKNOWN",
    severity: "error",
    category: "rule",
    doc: "requiredDataConnectors must name connectors that exist (in this repository or Microsoft's well-known list); Scheduled rules must have the field.",
    parity: "B.2 requiredDataConnectors + ValidConnectorIds",
  },
  run(ctx) {
    for (const item of rulesOf(ctx.model)) {
      if (isBareQuery(item)) continue;
      const required = item.data.requiredDataConnectors;
      if (!required) {
        if (item.kind === "analyticRule" && item.data.kind === "Scheduled") {
          ctx.report({
            at: at(item, ["kind"], "key"),
            message: "Scheduled rules must list requiredDataConnectors (use [] when the rule needs none).",
          });
        }
        continue;
      }
      required.forEach((r, i) => {
        if (ctx.connector(r.connectorId) || ctx.project.isKnownExternalConnector(r.connectorId)) return;
        const candidates = [...ctx.project.connectors.values()].map((c) => c.item.data.id);
        const guess = didYouMean(r.connectorId, candidates);
        ctx.report({
          at: at(item, ["requiredDataConnectors", i, "connectorId"]),
          message: `Connector '${r.connectorId}' is not defined in this repository and is not a known Microsoft connector.`,
          hint: guess
            ? `Did you mean '${guess}'?`
            : "Add the connector, fix the id, or list it under knownConnectors in sentinelctl.config.yaml.",
        });
      });
    }
  },
});
