import { type Static, Type } from "@sinclair/typebox";
import { StringEnum, strict } from "./common.js";

export const KUSTO_TYPES = [
  "string",
  "int",
  "long",
  "real",
  "bool",
  "datetime",
  "timespan",
  "guid",
  "dynamic",
  "decimal",
] as const;

export const KustoType = StringEnum(KUSTO_TYPES, { description: "Kusto scalar type." });

/** The Kusto types a custom table column (and its DCR stream) can have: no timespan, no decimal. */
export const CUSTOM_TABLE_COLUMN_TYPES = [
  "string",
  "int",
  "long",
  "real",
  "bool",
  "datetime",
  "guid",
  "dynamic",
] as const;
export type CustomTableColumnType = (typeof CUSTOM_TABLE_COLUMN_TYPES)[number];

export const Column = Type.Object(
  {
    name: Type.String({
      pattern: "^[A-Za-z_][A-Za-z0-9_]*$",
      description: "Column name, unique in the table (case-insensitively).",
    }),
    type: KustoType,
    description: Type.Optional(Type.String({ description: "What the column holds." })),
  },
  strict,
);

/**
 * A custom Log Analytics table, declared once. The validator's schema, the DCR stream
 * declaration and the table resource are all derived from this.
 */
export const Table = Type.Object(
  {
    name: Type.String({
      pattern: "^[A-Za-z_][A-Za-z0-9_]*$",
      description: "Table name; a custom table's ends in _CL (at most 63 characters).",
    }),
    description: Type.Optional(Type.String({ description: "What the table holds." })),
    /** Classic tables (HTTP Data Collector API) exist for validation only and are never deployed. */
    classic: Type.Optional(
      Type.Boolean({
        description: "Created by the legacy Data Collector API; declared for validation, not deployed.",
      }),
    ),
    plan: Type.Optional(
      StringEnum(["Analytics", "Basic", "Auxiliary"], {
        description: "Log Analytics table plan; when omitted, the workspace's default (Analytics).",
      }),
    ),
    retentionInDays: Type.Optional(
      Type.Integer({
        minimum: 4,
        maximum: 730,
        description: "Interactive retention in days; when omitted, the workspace's.",
      }),
    ),
    totalRetentionInDays: Type.Optional(
      Type.Integer({
        minimum: 4,
        maximum: 4383,
        description: "Total retention (interactive plus long-term) in days.",
      }),
    ),
    columns: Type.Array(Column, {
      minItems: 1,
      description: "The table's columns; one must be TimeGenerated of type datetime.",
    }),
  },
  {
    ...strict,
    $id: "Table",
    title: "Custom table",
    description:
      "A custom Log Analytics table, declared once in tables/: queries are checked against it, and its table resource and DCR stream come from it.",
  },
);

export type KustoType = Static<typeof KustoType>;
export type Column = Static<typeof Column>;
export type Table = Static<typeof Table>;
