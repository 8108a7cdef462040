import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { type Diagnostic, loadContent } from "@sentinelctl/content";
import { stringify } from "yaml";
import { emptyConfig, KqlService, type ValidatorConfig, validateContent } from "../src/index.js";

/** One service per test file: Kusto loads once per jest worker. */
let service: KqlService | undefined;
export function sharedService(): KqlService {
  service ??= new KqlService();
  return service;
}

export const SOLUTION_YAML = `id: contoso.fixture
name: Contoso Fixture
version: 1.0.0
description: Test fixture.
author: { name: Contoso, email: dev@contoso.example }
support: { tier: Community, name: Contoso, email: dev@contoso.example }
categories: { domains: [Security - Threat Protection] }
providers: [Contoso]
firstPublishDate: "2024-01-01"
`;

/** A valid Scheduled rule; fields override (undefined removes a field). */
export function ruleYaml(fields: Record<string, unknown> = {}): string {
  const base: Record<string, unknown> = {
    id: "1f6c2d3e-4a5b-4c6d-8e9f-0a1b2c3d4e5f",
    name: "Test rule",
    description: "A rule used in tests.",
    severity: "Medium",
    kind: "Scheduled",
    requiredDataConnectors: [{ connectorId: "CefAma", dataTypes: ["CommonSecurityLog"] }],
    queryFrequency: "1h",
    queryPeriod: "1h",
    triggerOperator: "gt",
    triggerThreshold: 0,
    tactics: ["CommandAndControl"],
    relevantTechniques: ["T1071"],
    query:
      "CommonSecurityLog\n| where TimeGenerated > ago(1h)\n| summarize Count = count() by SourceIP, DestinationIP\n",
    entityMappings: [
      { entityType: "IP", fieldMappings: [{ identifier: "Address", columnName: "SourceIP" }] },
    ],
    version: "1.0.0",
  };
  const merged: Record<string, unknown> = { ...base };
  for (const [k, v] of Object.entries(fields)) {
    if (v === undefined) delete merged[k];
    else merged[k] = v;
  }
  return stringify(merged, { lineWidth: 0, blockQuote: "literal" });
}

/** A connector filling ContosoAlerts_CL (GenericUI unless `kind` says otherwise); `rest` ends the file. */
export function connectorYaml(
  options: { id?: string; kind?: string; dataType?: string; sampleQuery?: string; rest?: string } = {},
): string {
  const {
    id = "ContosoConnector",
    kind = "GenericUI",
    dataType = "ContosoAlerts_CL",
    sampleQuery = "ContosoAlerts_CL | take 10",
    rest = "permissions: {}\ninstructionSteps: [{ title: Configure, description: Configure the sender. }]\n",
  } = options;
  return `id: ${id}
kind: ${kind}
title: Contoso
publisher: Contoso
descriptionMarkdown: Contoso alerts.
graphQueries: [{ metricName: Total, legend: ContosoAlerts_CL, baseQuery: ContosoAlerts_CL }]
sampleQueries: [{ description: All, query: "${sampleQuery}" }]
dataTypes: [{ name: ${dataType}, lastDataReceivedQuery: "ContosoAlerts_CL | summarize Time = max(TimeGenerated) | where isnotempty(Time)" }]
connectivityCriterias: [{ type: IsConnectedQuery, value: ["ContosoAlerts_CL | summarize LastLogReceived = max(TimeGenerated) | project IsConnected = LastLogReceived > ago(30d)"] }]
${rest}`;
}

export interface ExpectedFinding {
  code?: string;
  /** Line number, or a text whose first occurrence in the file gives the line. */
  line: number | string;
  /** With a text line: which occurrence of the text (1-based). */
  occurrence?: number;
  column?: number;
  file?: string;
  message?: string | RegExp;
  hint?: string;
  severity?: Diagnostic["severity"];
}

export interface CheckCase {
  name: string;
  /** Files relative to a solution folder; a solution.yaml is added unless given or `loose`. */
  files: Record<string, string>;
  loose?: boolean;
  config?: Partial<ValidatorConfig>;
  errors?: ExpectedFinding[];
}

export interface CheckCases {
  code: string;
  valid: CheckCase[];
  invalid: CheckCase[];
}

export interface CaseRun {
  dir: string;
  diagnostics: Diagnostic[];
}

/** Writes the case's files to a temporary folder, loads and validates them. */
export async function runCase(c: CheckCase, only?: readonly string[], keep = false): Promise<CaseRun> {
  const dir = mkdtempSync(path.join(tmpdir(), "sentinelctl-case-"));
  const files = { ...c.files };
  if (!c.loose && !files["solution.yaml"]) files["solution.yaml"] = SOLUTION_YAML;
  for (const [rel, text] of Object.entries(files)) {
    const abs = path.join(dir, rel);
    mkdirSync(path.dirname(abs), { recursive: true });
    writeFileSync(abs, text);
  }
  try {
    const load = await loadContent(["."], { cwd: dir });
    const config = { ...emptyConfig(dir), ...(c.config ?? {}) } as ValidatorConfig;
    const result = await validateContent(load, {
      cwd: dir,
      config,
      cache: false,
      service: sharedService(),
      ...(only ? { only } : {}),
    });
    return { dir, diagnostics: result.diagnostics };
  } finally {
    if (!keep) rmSync(dir, { recursive: true, force: true });
  }
}

export function lineOf(text: string, needle: string, occurrence = 1): number {
  let i = -1;
  for (let n = 0; n < occurrence; n++) i = text.indexOf(needle, i + 1);
  if (i === -1) throw new Error(`needle not found: ${needle}`);
  return text.slice(0, i).split("\n").length;
}

/** Compares findings with expectations; returns a readable mismatch description or undefined. */
export function describeMismatch(c: CheckCase, code: string, found: Diagnostic[]): string | undefined {
  const expected = (c.errors ?? []).map((e) => {
    const file = e.file ?? Object.keys(c.files).find((f) => f !== "solution.yaml") ?? "solution.yaml";
    const text = c.files[file] ?? "";
    return {
      ...e,
      code: e.code ?? code,
      file,
      line: typeof e.line === "number" ? e.line : lineOf(text, e.line, e.occurrence),
    };
  });
  const remaining = [...found];
  const problems: string[] = [];
  for (const e of expected) {
    const i = remaining.findIndex(
      (d) =>
        d.code === e.code &&
        d.file === e.file &&
        d.range?.start.line === e.line &&
        (e.column === undefined || d.range?.start.column === e.column) &&
        (e.severity === undefined || d.severity === e.severity) &&
        (e.hint === undefined || d.hint === e.hint) &&
        (e.message === undefined ||
          (typeof e.message === "string" ? d.message.includes(e.message) : e.message.test(d.message))),
    );
    if (i === -1)
      problems.push(
        `missing ${e.code} at ${e.file}:${e.line}${e.column ? `:${e.column}` : ""}${e.message ? ` (${e.message})` : ""}${e.hint ? ` [hint: ${e.hint}]` : ""}`,
      );
    else remaining.splice(i, 1);
  }
  for (const d of remaining)
    problems.push(
      `unexpected ${d.code} at ${d.file}:${d.range?.start.line}:${d.range?.start.column}: ${d.message}`,
    );
  return problems.length ? problems.join("\n") : undefined;
}
