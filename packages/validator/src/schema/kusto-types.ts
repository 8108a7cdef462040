import { KUSTO_SCALAR_TYPES, type KustoType } from "./types.js";

export type TypeNormalization = { ok: true; type: KustoType } | { ok: false; error: string };

/**
 * Loose type names seen in schema files (Azure-Sentinel CustomTables JSON, DCR stream declarations,
 * Tables API, `.create table` scripts) mapped to Kusto scalar types. Keys are lower-case with
 * whitespace removed; a `system.` prefix (the .NET names Kusto accepts) is stripped before lookup.
 */
const ALIASES: Readonly<Record<string, KustoType>> = {
  string: "string",
  str: "string",

  int: "int",
  int32: "int",
  integer: "int",

  long: "long",
  int64: "long",
  bigint: "long",

  real: "real",
  double: "real",
  float: "real",
  single: "real",

  bool: "bool",
  boolean: "bool",

  datetime: "datetime",
  "date/time": "datetime",
  date: "datetime",

  timespan: "timespan",
  time: "timespan",

  guid: "guid",
  uuid: "guid",
  uniqueid: "guid",

  dynamic: "dynamic",
  object: "dynamic", // System.Object is Kusto's .NET name for dynamic

  decimal: "decimal",
  "data.sqltypes.sqldecimal": "decimal", // System.Data.SqlTypes.SqlDecimal
};

export function isKustoType(name: string): name is KustoType {
  return (KUSTO_SCALAR_TYPES as readonly string[]).includes(name);
}

/** Normalises a loose type name (`String`, `Int32`, `BigInt`, `Date/time`, `GUID`, …) to a Kusto scalar type. */
export function normalizeKustoType(name: string): TypeNormalization {
  if (typeof name !== "string" || name.trim() === "") {
    return { ok: false, error: "missing column type" };
  }
  let key = name.trim().toLowerCase().replace(/\s+/g, "");
  if (key.startsWith("system.")) key = key.slice("system.".length);
  else if (key === "object") key = "\0"; // bare `object` is not a Kusto name; only System.Object is
  const type = ALIASES[key];
  if (type) return { ok: true, type };
  return {
    ok: false,
    error: `unknown type '${name}'; expected a Kusto scalar type (${KUSTO_SCALAR_TYPES.join(", ")}) or a known alias such as String, Int32, BigInt, Double, Boolean, Date/time, GUID`,
  };
}
