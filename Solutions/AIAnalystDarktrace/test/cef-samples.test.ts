import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const solutionDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const lines = readFileSync(path.join(solutionDir, "samples", "darktrace-cef.log"), "utf8")
  .split("\n")
  .filter((l) => l.trim().length > 0);

interface CefRecord {
  vendor: string;
  product: string;
  version: string;
  signatureId: string;
  name: string;
  severity: number;
  extensions: Record<string, string>;
}

/** Splits a syslog line carrying CEF into header fields and extensions (keys start at " key="). */
function parseCef(line: string): CefRecord {
  const start = line.indexOf("CEF:");
  if (start < 0) throw new Error(`no CEF payload: ${line}`);
  const parts: string[] = [];
  let rest = line.slice(start);
  for (let i = 0; i < 7; i++) {
    const bar = rest.search(/(?<!\\)\|/);
    if (bar < 0) throw new Error(`CEF header has fewer than 8 fields: ${line}`);
    parts.push(rest.slice(0, bar));
    rest = rest.slice(bar + 1);
  }
  const extensions: Record<string, string> = {};
  const keys = [...rest.matchAll(/(?:^| )([A-Za-z][A-Za-z0-9_]*)=/g)];
  keys.forEach((m, i) => {
    const valueStart = m.index! + m[0].length;
    const valueEnd = i + 1 < keys.length ? keys[i + 1]!.index! : rest.length;
    extensions[m[1]!] = rest.slice(valueStart, valueEnd);
  });
  const [, vendor, product, version, signatureId, name, severity] = parts as [
    string,
    string,
    string,
    string,
    string,
    string,
    string,
  ];
  return { vendor, product, version, signatureId, name, severity: Number(severity), extensions };
}

const records = lines.map(parseCef);

describe("Darktrace CEF samples", () => {
  it("parses every line as CEF from Darktrace", () => {
    expect(records.length).toBeGreaterThanOrEqual(6);
    for (const r of records) {
      expect(r.vendor).toBe("Darktrace");
      expect(Number.isInteger(r.severity) && r.severity >= 0 && r.severity <= 10).toBe(true);
    }
  });

  it("holds model breaches and AI Analyst alerts", () => {
    const aia = records.filter((r) => r.product === "AI Analyst");
    const breaches = records.filter((r) => r.product !== "AI Analyst");
    expect(aia.length).toBeGreaterThanOrEqual(2);
    expect(breaches.length).toBeGreaterThanOrEqual(2);
    for (const r of aia) {
      expect(r.extensions.groupingId).toBeTruthy();
      expect(["true", "false"]).toContain(r.extensions.groupByActivity);
    }
    for (const r of breaches) expect(r.extensions.externalId).toMatch(/^\d+$/);
  });

  it("uses the extension keys the DarktraceCEF parser reads, with parsable values", () => {
    const parser = readFileSync(path.join(solutionDir, "parsers", "DarktraceCEF.yaml"), "utf8");
    const parserKeys = [...parser.matchAll(/\(\?:\^\|;\)([A-Za-z]+)=/g)].map((m) => m[1]!);
    expect(new Set(parserKeys)).toEqual(
      new Set(["darktraceUrl", "message", "groupingId", "groupByActivity", "long", "lat"]),
    );
    const seen = new Set(records.flatMap((r) => Object.keys(r.extensions)));
    for (const key of parserKeys) expect(seen).toContain(key);
    for (const r of records) {
      if (r.extensions.long !== undefined) expect(Number.isFinite(Number(r.extensions.long))).toBe(true);
      if (r.extensions.lat !== undefined) expect(Number.isFinite(Number(r.extensions.lat))).toBe(true);
      if (r.extensions.darktraceUrl !== undefined)
        expect(r.extensions.darktraceUrl).toMatch(/^https:\/\/\S+$/);
    }
  });

  it("includes edge cases: a record without optional extensions and a zero-severity test alert", () => {
    expect(records.some((r) => r.extensions.darktraceUrl === undefined)).toBe(true);
    expect(records.some((r) => r.severity === 0)).toBe(true);
  });
});
