import type { Diagnostic } from "@sentinelctl/content";

function escapeData(s: string): string {
  return s.replace(/%/g, "%25").replace(/\r/g, "%0D").replace(/\n/g, "%0A");
}

function escapeProperty(s: string): string {
  return escapeData(s).replace(/:/g, "%3A").replace(/,/g, "%2C");
}

/** GitHub Actions workflow commands: one annotation per finding. */
export function formatGithub(diagnostics: readonly Diagnostic[]): string {
  const out: string[] = [];
  for (const d of diagnostics) {
    const level = d.severity === "error" ? "error" : d.severity === "warning" ? "warning" : "notice";
    const props: string[] = [];
    if (d.file) props.push(`file=${escapeProperty(d.file)}`);
    if (d.range) {
      props.push(`line=${d.range.start.line}`, `col=${d.range.start.column}`);
      if (d.range.end.line !== d.range.start.line) props.push(`endLine=${d.range.end.line}`);
      // GitHub's endColumn is inclusive; ranges here end just after the last character.
      else if (d.range.end.column > d.range.start.column + 1)
        props.push(`endColumn=${d.range.end.column - 1}`);
    }
    props.push(`title=${escapeProperty(d.code)}`);
    const message = d.hint ? `${d.message}\n${d.hint}` : d.message;
    out.push(`::${level} ${props.join(",")}::${escapeData(message)}`);
  }
  return out.length ? `${out.join("\n")}\n` : "";
}
