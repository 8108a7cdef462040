import type { CcfPushConnector } from "@sentinelctl/content";
import { defaultStreamName } from "../packaging/streams.js";
import { at, defineCheck } from "./types.js";

export const ccfStreams = defineCheck({
  meta: {
    code: "CCF-STREAM",
    severity: "error",
    category: "connector",
    alwaysInBuild: true,
    doc: "CCF push streams must target DCR-based tables declared in the solution (not classic ones), each once, with unique stream names.",
  },
  run(ctx) {
    for (const c of ctx.model.dataConnectors) {
      if (c.data.kind !== "CcfPush") continue;
      const d = c.data as CcfPushConnector;
      const seenTables = new Set<string>();
      const seenStreams = new Set<string>();
      d.streams.forEach((s, i) => {
        const table = ctx.schema.declaredTable(s.table);
        if (!table) {
          const other = ctx.model.tables.find((t) => t.data.name.toLowerCase() === s.table.toLowerCase());
          ctx.report({
            at: at(c, ["streams", i, "table"]),
            message: `Stream table '${s.table}' is not declared in this solution${other ? ` (did you mean '${other.data.name}'?)` : ""}.`,
            hint: "The DCR stream's columns are derived from the table declaration; add it under tables/.",
          });
        } else if (table.data.classic) {
          ctx.report({
            at: at(c, ["streams", i, "table"]),
            message: `'${s.table}' is a classic (Data Collector API) table; DCR streams can only write to DCR-based tables.`,
          });
        } else if (!table.data.columns.some((col) => col.name === "TimeGenerated")) {
          ctx.report({
            at: at(c, ["streams", i, "table"]),
            message: `'${s.table}' has no TimeGenerated column; a DCR stream needs one.`,
          });
        }
        if (seenTables.has(s.table)) {
          ctx.report({
            at: at(c, ["streams", i, "table"]),
            message: `Table '${s.table}' has more than one stream.`,
          });
        }
        seenTables.add(s.table);
        // Stream names are compared as DCRs compare them: ignoring case.
        const stream = s.streamName ?? defaultStreamName(table?.data.name ?? s.table);
        if (seenStreams.has(stream.toLowerCase()))
          ctx.report({ at: at(c, ["streams", i]), message: `Stream name '${stream}' is used twice.` });
        seenStreams.add(stream.toLowerCase());
      });
    }
  },
});
