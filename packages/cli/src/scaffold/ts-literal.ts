const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

/**
 * A value as TypeScript source, as a person would write it: identifier keys unquoted, multi-line
 * strings (KQL, Markdown) as template literals, two-space indents.
 */
export function toTsLiteral(value: unknown, indent = ""): string {
  const inner = `${indent}  `;
  if (typeof value === "string") {
    if (!value.includes("\n")) return JSON.stringify(value);
    return `\`${value.replace(/\\/g, "\\\\").replace(/`/g, "\\`").replace(/\$\{/g, "\\${")}\``;
  }
  if (Array.isArray(value)) {
    if (value.length === 0) return "[]";
    return `[\n${value.map((v) => `${inner}${toTsLiteral(v, inner)},`).join("\n")}\n${indent}]`;
  }
  if (value !== null && typeof value === "object") {
    const entries = Object.entries(value);
    if (entries.length === 0) return "{}";
    const lines = entries.map(
      ([k, v]) => `${inner}${IDENTIFIER.test(k) ? k : JSON.stringify(k)}: ${toTsLiteral(v, inner)},`,
    );
    return `{\n${lines.join("\n")}\n${indent}}`;
  }
  return JSON.stringify(value);
}

/** A content module exporting one `defineX(...)` value, importing `defineX` from the sentinelctl package. */
export function tsContentModule(define: string, exportName: string, value: unknown, comment: string): string {
  return `import { ${define} } from "sentinelctl";\n\n/** ${comment} */\nexport const ${exportName} = ${define}(${toTsLiteral(value)});\n`;
}
