import type { SolutionModel } from "@sentinelctl/content";

/** `Custom-<table without _CL>` unless the author named the stream. */
export function defaultStreamName(table: string): string {
  return `Custom-${table.replace(/_CL$/i, "")}`;
}

/** Lower-case names of the tables a push connector streams into: the tables the package creates. */
export function streamedTables(model: SolutionModel): Set<string> {
  const out = new Set<string>();
  for (const c of model.dataConnectors) {
    if (c.data.kind !== "CcfPush") continue;
    for (const s of c.data.streams) out.add(s.table.toLowerCase());
  }
  return out;
}
