import type { HuntingQuery, Parser } from "@sentinelctl/content";
import type { Json } from "../arm/expr.js";
import { splitTechniques } from "./analytic-rule.js";

export const HUNTING_CATEGORY = "Hunting Queries";
export const DEFAULT_PARSER_CATEGORY = "Samples";

function tag(name: string, value: string | undefined): Json[] {
  return value ? [{ name, value }] : [];
}

/** Hunting query as a saved search, as V3 writes it (category, version 2, description/tactics/techniques tags). */
export function huntingQueryProperties(q: HuntingQuery): Record<string, Json | undefined> {
  const { techniques } = splitTechniques(q.relevantTechniques);
  const tags = [
    ...tag("description", q.description.trim()),
    ...tag("tactics", (q.tactics ?? []).map((t) => t.replace(/\s+/g, "")).join(",")),
    ...tag("techniques", techniques.join(",")),
  ];
  return {
    displayName: q.name,
    category: HUNTING_CATEGORY,
    query: q.query,
    version: 2,
    tags: tags.length ? tags : undefined,
  };
}

function quote(value: string): string {
  return `'${value.replace(/\\/g, "\\\\").replace(/'/g, "\\'")}'`;
}

/** `name:type = default, ...` (string defaults quoted), the savedSearches functionParameters format. */
export function functionParameters(p: Parser): string | undefined {
  const params = p.FunctionParams ?? [];
  if (params.length === 0) return undefined;
  return params
    .map((fp) => {
      if (fp.Default === undefined) return `${fp.Name}:${fp.Type}`;
      const d =
        typeof fp.Default === "string" &&
        fp.Type.toLowerCase() === "string" &&
        !/^'.*'$|^".*"$/.test(fp.Default)
          ? quote(fp.Default)
          : String(fp.Default);
      return `${fp.Name}:${fp.Type} = ${d}`;
    })
    .join(", ");
}

/** Parser as a workspace function (saved search with functionAlias). */
export function parserProperties(p: Parser): Record<string, Json | undefined> {
  const description = p.Description?.trim();
  return {
    displayName: p.Function.Title,
    category: p.Category ?? DEFAULT_PARSER_CATEGORY,
    functionAlias: p.FunctionAlias,
    query: p.FunctionQuery,
    functionParameters: functionParameters(p),
    version: 2,
    tags: description ? [{ name: "description", value: description }] : undefined,
  };
}
