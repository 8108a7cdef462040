import type { Diagnostic } from "@sentinelctl/content";
import { createColors } from "picocolors";
import type { SourceLines } from "./source-lines.js";

type Color = "red" | "yellow" | "cyan" | "gray" | "bold" | "green" | "blue";

export interface PrettyOptions {
  color: boolean;
  /** Lines of context before the offending line in code frames. */
  context?: number;
}

function painter(enabled: boolean) {
  const colors = createColors(enabled);
  return (color: Color, text: string) => colors[color](text);
}

/** Expands tabs so that the caret lines up with what a terminal shows. */
function visible(line: string): string {
  return line.replace(/\t/g, "  ");
}

function caretColumn(line: string, column: number): number {
  const before = line.slice(0, Math.max(0, column - 1));
  return visible(before).length;
}

export function codeFrame(
  lines: string[],
  d: Diagnostic,
  paint: ReturnType<typeof painter>,
  context = 1,
): string[] {
  if (!d.range) return [];
  const { start, end } = d.range;
  const first = Math.max(1, start.line - context);
  const last = Math.min(lines.length, start.line);
  const width = String(last).length;
  const out: string[] = [];
  for (let n = first; n <= last; n++) {
    const text = visible(lines[n - 1] ?? "");
    const marker = n === start.line ? paint("red", ">") : " ";
    out.push(`  ${marker} ${paint("gray", `${String(n).padStart(width)} |`)} ${text}`);
  }
  const line = lines[start.line - 1] ?? "";
  const from = caretColumn(line, start.column);
  const to = end.line === start.line && end.column > start.column ? caretColumn(line, end.column) : from + 1;
  const carets = "^".repeat(Math.max(1, Math.min(to - from, Math.max(1, visible(line).length - from))));
  out.push(
    `    ${" ".repeat(width)} ${paint("gray", "|")} ${" ".repeat(from)}${paint(d.severity === "error" ? "red" : d.severity === "warning" ? "yellow" : "blue", carets)}`,
  );
  return out;
}

export function formatPretty(
  diagnostics: readonly Diagnostic[],
  lines: SourceLines,
  options: PrettyOptions,
): string {
  const paint = painter(options.color);
  const out: string[] = [];
  for (const d of diagnostics) {
    const where = d.file
      ? `${d.file}${d.range ? `:${d.range.start.line}:${d.range.start.column}` : ""}`
      : "(no file)";
    const sev =
      d.severity === "error"
        ? paint("red", "error")
        : d.severity === "warning"
          ? paint("yellow", "warning")
          : paint("blue", "info");
    out.push(`${paint("bold", where)}  ${sev}  ${paint("gray", d.code)}  ${d.message}`);
    if (d.file && d.range && d.severity !== "info") {
      const l = lines.lines(d.file);
      if (l) out.push(...codeFrame(l, d, paint, options.context ?? 1));
    }
    if (d.hint) out.push(`  ${paint("cyan", "hint:")} ${d.hint}`);
    out.push("");
  }
  const errors = diagnostics.filter((d) => d.severity === "error").length;
  const warnings = diagnostics.filter((d) => d.severity === "warning").length;
  const infos = diagnostics.filter((d) => d.severity === "info").length;
  const plural = (n: number, w: string) => `${n} ${w}${n === 1 ? "" : "s"}`;
  const summary = `${plural(errors, "error")}, ${plural(warnings, "warning")}, ${plural(infos, "info")}`;
  out.push(
    errors
      ? paint("red", `✖ ${summary}`)
      : warnings
        ? paint("yellow", `⚠ ${summary}`)
        : paint("green", `✔ ${summary}`),
  );
  return `${out.join("\n")}\n`;
}
