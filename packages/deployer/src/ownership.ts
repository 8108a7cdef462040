/**
 * Ownership: a resource belongs to sentinelctl (and to one solution) only through a metadata item
 * whose `properties.source` is `{ kind: "SourceRepository", name: OWNER_SOURCE_NAME, sourceId: <solution id> }`.
 * Nothing else (names, tags, display names) ever makes something deletable.
 */
import { OWNER_SOURCE_NAME } from "@sentinelctl/content";

export interface MetadataSource {
  kind?: string;
  name?: string;
  sourceId?: string;
}

export function sourceOf(metadata: Record<string, unknown>): MetadataSource | undefined {
  const p = metadata.properties as { source?: unknown } | undefined;
  const s = p?.source;
  return s && typeof s === "object" ? (s as MetadataSource) : undefined;
}

/** The solution id that owns this metadata, or undefined when sentinelctl does not own it. */
export function ownerOf(metadata: Record<string, unknown>): string | undefined {
  const s = sourceOf(metadata);
  if (s?.kind !== "SourceRepository" || s.name !== OWNER_SOURCE_NAME) return undefined;
  return typeof s.sourceId === "string" && s.sourceId ? s.sourceId : undefined;
}

export function isOwnedBy(metadata: Record<string, unknown>, solutionIds: readonly string[]): boolean {
  const owner = ownerOf(metadata);
  return owner !== undefined && solutionIds.some((id) => id.toLowerCase() === owner.toLowerCase());
}

export function parentIdOf(metadata: Record<string, unknown>): string | undefined {
  const parent = (metadata.properties as { parentId?: unknown } | undefined)?.parentId;
  return typeof parent === "string" && parent ? parent : undefined;
}
