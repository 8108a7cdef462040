import { KNOWN_CONNECTORS, knownConnector } from "../data/known-connectors.js";
import { at, defineCheck } from "./types.js";
import { isBareQuery, rulesOf, tableOfDataType } from "./util.js";

export const ruleRequiredDataTypes = defineCheck({
  meta: {
    code: "RULE-DATATYPE-UNKNOWN",
    severity: "error",
    category: "rule",
    doc: "requiredDataConnectors dataTypes should be tables, parsers or data types some connector declares, and ones the named connector provides.",
  },
  run(ctx) {
    for (const item of rulesOf(ctx.model)) {
      if (isBareQuery(item)) continue;
      (item.data.requiredDataConnectors ?? []).forEach((r, i) => {
        const connector = ctx.connector(r.connectorId);
        const provided = connector
          ? (connector.data.dataTypes ?? []).map((d) => tableOfDataType(d.name).toLowerCase())
          : knownConnector(r.connectorId)
            ? KNOWN_CONNECTORS[knownConnector(r.connectorId)!]!.map((t) => t.toLowerCase())
            : undefined;
        if (r.dataTypes.length === 0) {
          ctx.report({
            at: at(item, ["requiredDataConnectors", i, "dataTypes"]),
            message: `dataTypes of '${r.connectorId}' is empty.`,
          });
        }
        r.dataTypes.forEach((dt, j) => {
          const table = tableOfDataType(dt);
          const declared = ctx.project.isKnownDataType(dt) || ctx.project.isKnownDataType(table);
          const known = ctx.schema.hasTable(table) || ctx.schema.hasFunction(table);
          const other = known ? undefined : ctx.schema.tableIgnoringCase(table);
          if (!known && (other || !declared)) {
            // Microsoft's CI only requires dataTypes to be present: a name no table, parser or
            // connector declares is suspicious, a wrong-case table name is a mistake.
            ctx.report({
              at: at(item, ["requiredDataConnectors", i, "dataTypes", j]),
              message: `Data type '${dt}' is not a known table, parser or connector data type${other ? ` (table names are case-sensitive: '${other}')` : ""}.`,
              hint: other
                ? `Write '${other}'.`
                : "Declare the table in the solution's tables/ folder, or in the project declarations.",
              severity: other ? "error" : "warning",
            });
          } else if (provided && !provided.includes(table.toLowerCase())) {
            ctx.report({
              at: at(item, ["requiredDataConnectors", i, "dataTypes", j]),
              message: `Connector '${r.connectorId}' does not provide '${dt}'.`,
              hint: connector
                ? `It provides: ${(connector.data.dataTypes ?? []).map((d) => d.name).join(", ")}.`
                : undefined,
              severity: "warning",
            });
          }
        });
      });
    }
  },
});
