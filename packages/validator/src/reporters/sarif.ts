import { createHash } from "node:crypto";
import path from "node:path";
import { pathToFileURL } from "node:url";
import type { Diagnostic, DiagnosticSeverity } from "@sentinelctl/content";
import type { RegistryEntry } from "../checks/registry.js";
import type { SourceLines } from "./source-lines.js";

/** The documented codes: every entry, and the one that documents a concrete code. */
export interface SarifRules {
  all(): readonly RegistryEntry[];
  forCode(code: string): RegistryEntry | undefined;
}

export interface SarifOptions {
  cwd: string;
  toolVersion?: string;
  rules: SarifRules;
}

const LEVEL: Record<DiagnosticSeverity, "error" | "warning" | "note"> = {
  error: "error",
  warning: "warning",
  info: "note",
};

/**
 * A fingerprint that survives moving a finding to another line: code + file + the offending line's
 * trimmed text (+ how many identical ones came before, to keep duplicates apart).
 */
export function fingerprint(d: Diagnostic, lineText: string | undefined, occurrence: number): string {
  return createHash("sha256")
    .update([d.code, d.file ?? "", (lineText ?? d.message).trim(), String(occurrence)].join("\0"))
    .digest("hex")
    .slice(0, 32);
}

/** SARIF 2.1.0 log with one run; rules come from the check registry plus each concrete code seen. */
export function formatSarif(
  diagnostics: readonly Diagnostic[],
  lines: SourceLines,
  options: SarifOptions,
): string {
  const registry = options.rules.all();
  const ruleIds: string[] = registry.filter((m) => !m.code.endsWith("*")).map((m) => m.code);
  for (const d of diagnostics) if (!ruleIds.includes(d.code)) ruleIds.push(d.code);
  const rules = ruleIds.map((id) => {
    const meta = options.rules.forCode(id);
    return {
      id,
      name: id
        .toLowerCase()
        .split("-")
        .map((w, i) => (i === 0 ? w : w[0]!.toUpperCase() + w.slice(1)))
        .join(""),
      shortDescription: { text: meta?.doc ?? id },
      defaultConfiguration: { level: LEVEL[meta?.severity ?? "error"] },
      properties: {
        category: meta?.category ?? "meta",
        ...(meta?.parity ? { microsoftParity: meta.parity } : {}),
      },
    };
  });
  const index = new Map(ruleIds.map((id, i) => [id, i]));
  const seen = new Map<string, number>();
  const results = diagnostics.map((d) => {
    const lineText = d.file && d.range ? lines.line(d.file, d.range.start.line) : undefined;
    const key = [d.code, d.file, lineText?.trim()].join("\0");
    const occurrence = seen.get(key) ?? 0;
    seen.set(key, occurrence + 1);
    const result: Record<string, unknown> = {
      ruleId: d.code,
      ruleIndex: index.get(d.code),
      level: LEVEL[d.severity],
      message: { text: d.hint ? `${d.message} ${d.hint}` : d.message },
      partialFingerprints: { "sentinelctl/v1": fingerprint(d, lineText, occurrence) },
    };
    if (d.file) {
      const region: Record<string, number | { text: string }> = {};
      if (d.range) {
        region.startLine = d.range.start.line;
        region.startColumn = d.range.start.column;
        region.endLine = Math.max(d.range.end.line, d.range.start.line);
        region.endColumn =
          d.range.end.line > d.range.start.line
            ? d.range.end.column
            : Math.max(d.range.end.column, d.range.start.column + 1);
        if (lineText !== undefined) region.snippet = { text: lineText };
      }
      const uri = path.isAbsolute(d.file) ? pathToFileURL(d.file).href : d.file.split(path.sep).join("/");
      result.locations = [
        {
          physicalLocation: {
            artifactLocation: path.isAbsolute(d.file)
              ? { uri }
              : { uri: encodeURI(uri), uriBaseId: "%SRCROOT%" },
            ...(d.range ? { region } : {}),
          },
        },
      ];
    }
    return result;
  });
  const log = {
    $schema: "https://json.schemastore.org/sarif-2.1.0.json",
    version: "2.1.0",
    runs: [
      {
        tool: {
          driver: {
            name: "sentinelctl",
            ...(options.toolVersion
              ? { version: options.toolVersion, semanticVersion: options.toolVersion }
              : {}),
            rules,
          },
        },
        originalUriBaseIds: {
          "%SRCROOT%": { uri: pathToFileURL(path.resolve(options.cwd) + path.sep).href },
        },
        columnKind: "utf16CodeUnits",
        results,
      },
    ],
  };
  return `${JSON.stringify(log, null, 2)}\n`;
}
