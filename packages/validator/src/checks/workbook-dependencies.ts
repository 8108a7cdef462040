import { didYouMean } from "@sentinelctl/content";
import { at, defineCheck } from "./types.js";
import { tableOfDataType } from "./util.js";

export const workbookDependencies = defineCheck({
  meta: {
    code: "WORKBOOK-DEPENDENCY",
    severity: "error",
    category: "workbook",
    doc: "A workbook's dataConnectors must exist (in the repository or Microsoft's well-known list) and its dataTypes must be known or declared tables.",
    parity: "B.5 dataConnectorsDependencies / dataTypesDependencies",
  },
  run(ctx) {
    for (const w of ctx.model.workbooks) {
      w.data.dataConnectors.forEach((id, i) => {
        if (ctx.connector(id) || ctx.project.isKnownExternalConnector(id)) return;
        const guess = didYouMean(
          id,
          [...ctx.project.connectors.values()].map((c) => c.item.data.id),
        );
        ctx.report({
          at: at(w, ["dataConnectors", i]),
          message: `Connector '${id}' is not defined in this repository and is not a known Microsoft connector.`,
          hint: guess
            ? `Did you mean '${guess}'?`
            : "Fix the id, or list it under knownConnectors in sentinelctl.config.yaml.",
        });
      });
      w.data.dataTypes.forEach((t, i) => {
        const name = tableOfDataType(t);
        if (ctx.schema.hasTable(name) || ctx.schema.hasFunction(name)) return;
        const other = ctx.schema.tableIgnoringCase(name);
        ctx.report({
          at: at(w, ["dataTypes", i]),
          message: `Data type '${t}' is not a known or declared table${other ? ` (did you mean '${other}'?)` : ""}.`,
        });
      });
      if (w.data.dataConnectors.length === 0) {
        ctx.report({
          at: at(w, ["dataConnectors"], "key"),
          message: "dataConnectors is empty; Content Hub requires at least one.",
        });
      }
      if (w.data.dataTypes.length === 0) {
        ctx.report({
          at: at(w, ["dataTypes"], "key"),
          message: "dataTypes is empty; Content Hub requires at least one.",
        });
      }
      // Tables the workbook's queries read should be listed.
      const listed = new Set(w.data.dataTypes.map((t) => tableOfDataType(t).toLowerCase()));
      const read = new Set<string>();
      for (const r of ctx.queriesOf(w)) {
        if (r.analysis.diagnostics.some((d) => d.severity === "error")) continue;
        for (const t of r.analysis.referencedTables) if (!listed.has(t.toLowerCase())) read.add(t);
        for (const f of r.analysis.referencedFunctions) if (listed.has(f.toLowerCase())) read.clear();
      }
      if (read.size && w.data.dataTypes.length) {
        ctx.report({
          at: at(w, ["dataTypes"], "key"),
          message: `The workbook's queries read ${[...read].map((t) => `'${t}'`).join(", ")}, not listed in dataTypes.`,
          severity: "warning",
        });
      }
    }
  },
});
