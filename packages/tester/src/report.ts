/** Test results as text: pretty (people), json (machines), junit (CI test reports). */
import type { Diagnostic, Path } from "@sentinelctl/content";
import { createColors } from "picocolors";
import { alertView, type Mismatch } from "./match.js";
import type { CaseResult, FileResult } from "./runner.js";
import type { SuiteResult } from "./suite.js";

export const TEST_REPORT_FORMATS = ["pretty", "json", "junit"] as const;
export type TestReportFormat = (typeof TEST_REPORT_FORMATS)[number];

export interface ReportOptions {
  color?: boolean;
  /** Whether untested items are errors (--require-tests). */
  requireTests?: boolean;
}

function paint(
  on: boolean | undefined,
  color: "red" | "green" | "yellow" | "gray" | "bold",
  text: string,
): string {
  return createColors(Boolean(on))[color](text);
}

function at(file: FileResult, path: Path): { line: number; column: number } {
  return file.test.source.range(path).start;
}

function where(file: FileResult, path: Path): string {
  const p = at(file, path);
  return `${file.test.file}:${p.line}:${p.column}`;
}

function show(value: unknown): string {
  if (value === undefined) return "(nothing)";
  const text = JSON.stringify(value, (_k, v) => (typeof v === "bigint" ? v.toString() : v));
  return text.length > 400 ? `${text.slice(0, 400)}…` : text;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? "" : "s"}`;
}

function diagnosticLine(d: Diagnostic): string {
  const loc = d.file ? `${d.file}${d.range ? `:${d.range.start.line}:${d.range.start.column}` : ""}: ` : "";
  return `${loc}${d.message}${d.hint ? `\n  hint: ${d.hint}` : ""}`;
}

function pretty(result: SuiteResult, o: ReportOptions): string {
  const lines: string[] = [];
  for (const d of result.diagnostics) lines.push(`${paint(o.color, "red", "error")} ${diagnosticLine(d)}`);
  for (const f of result.files) {
    const bad = f.cases.filter((c) => c.status !== "passed");
    const tag = bad.length ? paint(o.color, "red", "FAIL") : paint(o.color, "green", "PASS");
    lines.push(
      `${tag} ${f.test.file} ${paint(o.color, "gray", `(${f.target?.label ?? f.test.data.item}, ${plural(f.cases.length, "case")})`)}`,
    );
    for (const c of bad) {
      lines.push(`  ${paint(o.color, "red", "✗")} ${c.name}`);
      for (const e of c.errors) lines.push(`    ${where(f, e.path)}  ${e.message}`);
      for (const m of c.mismatches) {
        lines.push(`    ${where(f, m.path)}  ${m.message}`);
        lines.push(`      ${paint(o.color, "green", `- expected: ${show(m.expected)}`)}`);
        lines.push(`      ${paint(o.color, "red", `+ actual:   ${show(m.actual)}`)}`);
      }
    }
  }
  if (result.untested.length) {
    const head = o.requireTests ? paint(o.color, "red", "error") : paint(o.color, "yellow", "untested");
    lines.push("", `${head}: ${plural(result.untested.length, "item")} without a test:`);
    for (const u of result.untested) lines.push(`  ${u.label}  ${paint(o.color, "gray", u.file)}`);
  }
  const t = result.totals;
  lines.push(
    "",
    `Tests: ${t.passed} passed, ${t.failed} failed, ${t.errors} errors (${plural(t.cases, "case")} in ${plural(t.files, "file")})` +
      (result.diagnostics.length ? `; ${plural(result.diagnostics.length, "invalid test file")}` : ""),
  );
  return `${lines.join("\n")}\n`;
}

function caseJson(f: FileResult, c: CaseResult) {
  const loc = (path: Path) => ({ file: f.test.file, ...at(f, path) });
  return {
    name: c.name,
    status: c.status,
    errors: c.errors.map((e) => ({ ...loc(e.path), message: e.message })),
    mismatches: c.mismatches.map((m: Mismatch) => ({
      ...loc(m.path),
      message: m.message,
      expected: m.expected,
      actual: m.actual,
    })),
    // What came out, for tools: the alerts and incidents of a rule run, the number of result rows.
    ...(c.outcome
      ? {
          outcome: {
            ...(c.outcome.alerts ? { alerts: c.outcome.alerts.map(alertView) } : {}),
            ...(c.outcome.incidents
              ? {
                  incidents: c.outcome.incidents.map((i) => ({
                    title: i.title,
                    severity: i.severity,
                    alerts: i.alerts.length,
                  })),
                }
              : {}),
            rows: c.outcome.rows?.length ?? 0,
          },
        }
      : {}),
  };
}

function json(result: SuiteResult): string {
  const body = {
    totals: result.totals,
    files: result.files.map((f) => ({
      file: f.test.file,
      item: f.target ? { kind: f.target.kind, id: f.target.id, label: f.target.label } : f.test.data.item,
      cases: f.cases.map((c) => caseJson(f, c)),
    })),
    untested: result.untested,
    diagnostics: result.diagnostics,
  };
  return `${JSON.stringify(body, (_k, v) => (typeof v === "bigint" ? v.toString() : v), 2)}\n`;
}

function xml(text: string): string {
  return text
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .split("")
    .filter(xmlChar)
    .join("");
}

/** XML 1.0 cannot carry control characters other than tab, newline and carriage return, even escaped. */
function xmlChar(c: string): boolean {
  const code = c.charCodeAt(0);
  return code >= 0x20 || code === 0x09 || code === 0x0a || code === 0x0d;
}

function junit(result: SuiteResult, o: ReportOptions): string {
  const out: string[] = ['<?xml version="1.0" encoding="UTF-8"?>'];
  const t = result.totals;
  const invalid = result.diagnostics.length;
  const untested = o.requireTests ? result.untested.length : 0;
  const seconds = (ms: number) => (ms / 1000).toFixed(3);
  const total = result.files.reduce((s, f) => s + f.cases.reduce((a, c) => a + c.durationMs, 0), 0);
  out.push(
    `<testsuites name="sentinelctl test" tests="${t.cases + invalid + untested}" failures="${t.failed + untested}" errors="${t.errors + invalid}" time="${seconds(total)}">`,
  );
  for (const f of result.files) {
    const failures = f.cases.filter((c) => c.status === "failed").length;
    const errors = f.cases.filter((c) => c.status === "error").length;
    const time = f.cases.reduce((a, c) => a + c.durationMs, 0);
    out.push(
      `  <testsuite name="${xml(f.test.file)}" tests="${f.cases.length}" failures="${failures}" errors="${errors}" time="${seconds(time)}">`,
    );
    for (const c of f.cases) {
      const head = `    <testcase classname="${xml(f.target?.label ?? f.test.data.item)}" name="${xml(c.name)}" file="${xml(f.test.file)}" time="${seconds(c.durationMs)}"`;
      if (c.status === "passed") {
        out.push(`${head}/>`);
        continue;
      }
      const details = [
        ...c.errors.map((e) => `${where(f, e.path)}  ${e.message}`),
        ...c.mismatches.map(
          (m) =>
            `${where(f, m.path)}  ${m.message}\n  expected: ${show(m.expected)}\n  actual:   ${show(m.actual)}`,
        ),
      ].join("\n");
      const first = c.errors[0]?.message ?? c.mismatches[0]?.message ?? "failed";
      const tag = c.status === "error" ? "error" : "failure";
      out.push(
        `${head}>`,
        `      <${tag} message="${xml(first)}">${xml(details)}</${tag}>`,
        "    </testcase>",
      );
    }
    out.push("  </testsuite>");
  }
  if (invalid || untested) {
    out.push(
      `  <testsuite name="test files and coverage" tests="${invalid + untested}" failures="${untested}" errors="${invalid}">`,
    );
    for (const d of result.diagnostics) {
      out.push(
        `    <testcase classname="invalid test file" name="${xml(d.file ?? "test files")}">`,
        `      <error message="${xml(d.message)}">${xml(diagnosticLine(d))}</error>`,
        "    </testcase>",
      );
    }
    if (o.requireTests) {
      for (const u of result.untested) {
        out.push(
          `    <testcase classname="untested item" name="${xml(u.label)}" file="${xml(u.file)}">`,
          `      <failure message="no test names this item">${xml(`${u.file}: ${u.label} has no test`)}</failure>`,
          "    </testcase>",
        );
      }
    }
    out.push("  </testsuite>");
  }
  out.push("</testsuites>");
  return `${out.join("\n")}\n`;
}

export function formatResults(
  result: SuiteResult,
  format: TestReportFormat,
  options: ReportOptions = {},
): string {
  switch (format) {
    case "json":
      return json(result);
    case "junit":
      return junit(result, options);
    default:
      return pretty(result, options);
  }
}
