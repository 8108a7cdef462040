import { readFileSync } from "node:fs";

/**
 * MITRE ATT&CK Enterprise (v17.1): tactics and the technique-to-tactic map.
 * Data: packages/validator/data/mitre-attack-enterprise.json, (c) The MITRE Corporation, used under
 * the ATT&CK Terms of Use (see data/mitre-attack-enterprise.NOTICE.md).
 */
export interface MitreData {
  version: string;
  source: string;
  /** Sentinel tactic names (no spaces), e.g. CommandAndControl. */
  tactics: ReadonlySet<string>;
  techniques: ReadonlyMap<string, { name: string; tactics: readonly string[] }>;
}

interface MitreFile {
  source: string;
  version: string;
  tactics: Record<string, { sentinelName: string; shortName: string }>;
  techniques: Record<string, { name: string; tactics: string[] }>;
}

let cached: MitreData | undefined;

export function mitre(): MitreData {
  if (cached) return cached;
  const file = JSON.parse(
    readFileSync(new URL("../../data/mitre-attack-enterprise.json", import.meta.url), "utf8"),
  ) as MitreFile;
  cached = {
    version: file.version,
    source: file.source,
    tactics: new Set(Object.values(file.tactics).map((t) => t.sentinelName)),
    techniques: new Map(Object.entries(file.techniques)),
  };
  return cached;
}

/** The tactics a technique (or its parent, for a sub-technique) belongs to; undefined if unknown. */
export function tacticsOfTechnique(id: string): readonly string[] | undefined {
  const data = mitre();
  const own = data.techniques.get(id);
  if (own) return own.tactics;
  const parent = data.techniques.get(id.split(".")[0]!);
  return parent?.tactics;
}
