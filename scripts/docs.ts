// Writes the generated documentation: docs/reference/*.md and docs/diagnostics.md (run: pnpm docs).
import { mkdirSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { generatedDocs, ROOT } from "./docs-pages.js";

const pages = generatedDocs();
// A page whose kind no longer exists is removed rather than left stale.
const referenceDir = path.join(ROOT, "docs", "reference");
mkdirSync(referenceDir, { recursive: true });
for (const name of readdirSync(referenceDir)) {
  if (name.endsWith(".md") && !pages.has(`docs/reference/${name}`)) rmSync(path.join(referenceDir, name));
}
for (const [file, text] of pages) writeFileSync(path.join(ROOT, file), text);
console.log(`wrote ${pages.size} pages under docs/`);
