/**
 * Serialisation: two-space indentation, LF line endings, a final newline, UTF-8 as is (JSON.stringify
 * never writes \u0027-style escapes for printable characters). Key order is insertion order, which
 * the builder fixes in code; nothing depends on hash order, time or environment.
 */
export function toJsonText(value: unknown): string {
  return `${JSON.stringify(value, null, 2)}\n`;
}

/** Compact JSON (workbook serializedData). */
export function toCompactJson(value: unknown): string {
  return JSON.stringify(value);
}

/** A copy with keys sorted at every level (for content fingerprints, never for output files). */
export function sortKeysDeep(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeysDeep);
  if (value && typeof value === "object") {
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(value).sort()) out[k] = sortKeysDeep((value as Record<string, unknown>)[k]);
    return out;
  }
  return value;
}

/** Drops nulls and empty arrays, recursively (workbook gallery templates, as V3 does). */
export function dropNullsAndEmptyArrays(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(dropNullsAndEmptyArrays);
  if (value && typeof value === "object") {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
      if (v === null || v === undefined) continue;
      if (Array.isArray(v) && v.length === 0) continue;
      out[k] = dropNullsAndEmptyArrays(v);
    }
    return out;
  }
  return value;
}
