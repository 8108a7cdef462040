import { type Static, Type } from "@sinclair/typebox";
import { StringEnum, strict } from "./common.js";

export const KUSTO_TYPES = ["string", "int", "long", "real", "bool", "datetime", "timespan", "guid", "dynamic", "decimal"] as const;

export const KustoType = StringEnum(KUSTO_TYPES, { description: "Kusto scalar type." });

/** The Kusto types a custom table column (and its DCR stream) can have: no timespan, no decimal. */
export const CUSTOM_TABLE_COLUMN_TYPES = ["string", "int", "long", "real", "bool", "datetime", "guid", "dynamic"] as const;
export type CustomTableColumnType = (typeof CUSTOM_TABLE_COLUMN_TYPES)[number];

export const Column = Type.Object(
  { name: Type.String({ pattern: "^[A-Za-z_][A-Za-z0-9_]*$" }), type: KustoType, description: Type.Optional(Type.String()) },
  strict,
);

/**
 * A custom Log Analytics table, declared once. The validator's schema, the DCR stream
 * declaration and the table resource are all derived from this.
 */
export const Table = Type.Object(
  {
    name: Type.String({ pattern: "^[A-Za-z_][A-Za-z0-9_]*$" }),
    description: Type.Optional(Type.String()),
    /** Classic tables (HTTP Data Collector API) exist for validation only and are never deployed. */
    classic: Type.Optional(Type.Boolean({ description: "Created by the legacy Data Collector API; declared for validation, not deployed." })),
    plan: Type.Optional(StringEnum(["Analytics", "Basic", "Auxiliary"])),
    retentionInDays: Type.Optional(Type.Integer({ minimum: 4, maximum: 730 })),
    totalRetentionInDays: Type.Optional(Type.Integer({ minimum: 4, maximum: 4383 })),
    columns: Type.Array(Column, { minItems: 1 }),
  },
  { ...strict, $id: "Table", title: "Custom table" },
);

export type KustoType = Static<typeof KustoType>;
export type Column = Static<typeof Column>;
export type Table = Static<typeof Table>;
