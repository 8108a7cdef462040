// The generated documentation pages (`pnpm docs` writes them; test/docs.test.ts checks they are current).
import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import {
  PUBLISHED_SCHEMAS,
  type PublishedSchema,
  referencePageFile,
  renderReferenceIndex,
  renderReferencePage,
} from "../packages/content/src/index.js";
import { renderDiagnosticsPage } from "../packages/validator/src/index.js";

export const ROOT = path.join(path.dirname(fileURLToPath(import.meta.url)), "..");

const KINDS = "packages/content/test/fixtures/kinds/yaml/Solutions/Kinds";

/** The example on each reference page: a content file the loader's own tests load, shown verbatim. */
export const REFERENCE_EXAMPLES: Record<PublishedSchema, string> = {
  solution: `${KINDS}/solution.yaml`,
  table: `${KINDS}/tables/AcmeEvents_CL.yaml`,
  dataConnector: `${KINDS}/connectors/AcmePush.yaml`,
  parser: `${KINDS}/parsers/AcmeEvents.yaml`,
  analyticRule: `${KINDS}/analytics/HighScore.yaml`,
  huntingQuery: `${KINDS}/hunting/RareDevices.yaml`,
  workbook: `${KINDS}/workbooks/AcmeWorkbook.yaml`,
  playbook: `${KINDS}/playbooks/Notify/playbook.yaml`,
  automationRule: `${KINDS}/AutomationRules/TagHighScore.yaml`,
  detectionTest: "Solutions/Darktrace/tests/HeldEmailsBySenderDomain.test.yaml",
};

/** Every generated page: path relative to the repository root, and its text. */
export function generatedDocs(): Map<string, string> {
  const pages = new Map<string, string>();
  for (const kind of PUBLISHED_SCHEMAS) {
    const file = REFERENCE_EXAMPLES[kind];
    const example = { file, text: readFileSync(path.join(ROOT, file), "utf8") };
    pages.set(`docs/reference/${referencePageFile(kind)}`, renderReferencePage(kind, example));
  }
  pages.set("docs/reference/README.md", renderReferenceIndex());
  pages.set("docs/diagnostics.md", renderDiagnosticsPage());
  return pages;
}
