import type { CcfPushConnector, Column, CustomTableColumnType, KustoType, Table } from "@sentinelctl/content";
import { defaultStreamName } from "@sentinelctl/validator";
import type { Json } from "../arm/expr.js";

/** Kusto column types as the Tables API spells them (2025-07-01 ColumnTypeEnum). */
export const TABLE_COLUMN_TYPES: Partial<Record<KustoType, string>> = {
  string: "string",
  int: "int",
  long: "long",
  real: "real",
  bool: "boolean",
  datetime: "dateTime",
  guid: "guid",
  dynamic: "dynamic",
} satisfies Record<CustomTableColumnType, string>;

/** Kusto column types as DCR stream declarations spell them (2024-03-11; no guid: sent as string). */
export const STREAM_COLUMN_TYPES: Partial<Record<KustoType, string>> = {
  string: "string",
  int: "int",
  long: "long",
  real: "real",
  bool: "boolean",
  datetime: "datetime",
  guid: "string",
  dynamic: "dynamic",
} satisfies Record<CustomTableColumnType, string>;

export interface PushStreamPlan {
  streamName: string;
  table: Table;
  transformKql: string;
  outputStream: string;
}

/** One stream per declared table stream, columns derived from the table declaration. */
export function pushStreams(c: CcfPushConnector, tables: ReadonlyMap<string, Table>): PushStreamPlan[] {
  return c.streams.flatMap((s) => {
    const table = tables.get(s.table.toLowerCase());
    if (!table) return [];
    return [
      {
        streamName: s.streamName ?? defaultStreamName(table.name),
        table,
        transformKql: s.transformKql ?? "source",
        outputStream: `Custom-${table.name}`,
      },
    ];
  });
}

function tableColumns(cols: readonly Column[]): Json[] {
  return cols.map((c) => ({
    name: c.name,
    type: TABLE_COLUMN_TYPES[c.type] ?? c.type,
    description: c.description || undefined,
  }));
}

/** The workspaces/tables properties for a DCR-based custom table. */
export function tableProperties(t: Table): Record<string, Json | undefined> {
  return {
    plan: t.plan,
    retentionInDays: t.retentionInDays,
    totalRetentionInDays: t.totalRetentionInDays,
    schema: {
      name: t.name,
      description: t.description || undefined,
      columns: tableColumns(t.columns),
    },
  };
}

export const DCR_DESTINATION = "clv2ws1";

/** DCR properties: stream declarations derived from the tables, one data flow per stream. */
export function dcrProperties(
  streams: readonly PushStreamPlan[],
  refs: { workspaceResourceId: Json; dataCollectionEndpointId?: Json },
): Record<string, Json | undefined> {
  const declarations: Record<string, Json> = {};
  for (const s of streams) {
    declarations[s.streamName] = {
      columns: s.table.columns.map((c) => ({ name: c.name, type: STREAM_COLUMN_TYPES[c.type] ?? c.type })),
    };
  }
  return {
    dataCollectionEndpointId: refs.dataCollectionEndpointId,
    streamDeclarations: declarations,
    destinations: {
      logAnalytics: [{ workspaceResourceId: refs.workspaceResourceId, name: DCR_DESTINATION }],
    },
    dataFlows: streams.map((s) => ({
      streams: [s.streamName],
      destinations: [DCR_DESTINATION],
      transformKql: s.transformKql,
      outputStream: s.outputStream,
    })),
  };
}
