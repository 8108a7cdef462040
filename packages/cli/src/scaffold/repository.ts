import { type PublishedSchema, SCHEMA_FILES } from "@sentinelctl/content";
import { cliVersion } from "../version.js";
import { customTableName, type Format, generate } from "./kinds.js";
import { readTemplate, renderTemplate } from "./render.js";
import type { SolutionFacts } from "./solution-facts.js";
import type { NewFile } from "./write.js";

/**
 * Where the published JSON Schemas are once the repository's dependencies are installed. The
 * scaffolded package.json lists @sentinelctl/content itself (not only through sentinelctl), so the
 * folder exists under pnpm's layout too, where only direct dependencies are linked at the top.
 */
const SCHEMAS_INSTALLED = "./node_modules/@sentinelctl/content/schemas";

/** The content files each published schema describes, as editor globs. */
const SCHEMA_GLOBS: Record<PublishedSchema, string[]> = {
  solution: ["Solutions/*/solution.yaml"],
  table: ["Solutions/*/tables/**/*.yaml"],
  dataConnector: ["Solutions/*/connectors/**/*.yaml"],
  parser: ["Solutions/*/parsers/**/*.yaml"],
  analyticRule: ["Solutions/*/analytics/**/*.yaml"],
  huntingQuery: ["Solutions/*/hunting/**/*.yaml"],
  workbook: ["Solutions/*/workbooks/**/*.yaml"],
  playbook: ["Solutions/*/playbooks/**/playbook.yaml"],
  automationRule: ["Solutions/*/automationRules/**/*.yaml"],
  detectionTest: ["Solutions/*/tests/**/*.test.yaml"],
};

/** VS Code settings: the YAML extension checks and completes each content file against its schema. */
export function editorSettings(): string {
  const schemas: Record<string, string[]> = {};
  for (const [kind, globs] of Object.entries(SCHEMA_GLOBS)) {
    schemas[`${SCHEMAS_INSTALLED}/${SCHEMA_FILES[kind as PublishedSchema]}`] = globs;
  }
  const settings = { "yaml.schemas": schemas, "files.associations": { "*.kql": "kusto" } };
  return `${JSON.stringify(settings, null, 2)}\n`;
}

function slug(text: string): string {
  return (
    text
      .toLowerCase()
      .replace(/[^a-z0-9-]+/g, "-")
      .replace(/^-+|-+$/g, "") || "sentinel-content"
  );
}

/** Solutions/<name>/solution.yaml for a new solution. */
export function newSolutionFiles(
  name: string,
  options: { vendor?: string | undefined; today?: string } = {},
): NewFile[] {
  const publisher = options.vendor ?? name;
  const vars = {
    name,
    publisher,
    solutionId: `${slug(publisher).replace(/-/g, "")}.${slug(name).replace(/-/g, "_")}`,
    today: options.today ?? new Date().toISOString().slice(0, 10),
  };
  return [
    {
      path: `Solutions/${name}/solution.yaml`,
      content: renderTemplate(readTemplate("new/solution.yaml"), vars),
    },
  ];
}

/**
 * One solution that works end to end: a custom table, the push connector writing it, and a rule
 * over it with a passing detection test.
 */
export function exampleSolutionFiles(name: string, format: Format): NewFile[] {
  const table = customTableName(`${name}Events`);
  const connector = `${name}Push`;
  const facts: SolutionFacts = {
    dir: "",
    name,
    publisher: name,
    tables: [table],
    connectors: [],
    testable: [],
  };
  const within = (files: NewFile[]) => files.map((f) => ({ ...f, path: `Solutions/${name}/${f.path}` }));
  const withConnector: SolutionFacts = { ...facts, connectors: [{ id: connector, tables: [table] }] };
  return [
    ...newSolutionFiles(name),
    ...within(generate({ kind: "table", name: table, format }, facts)),
    ...within(generate({ kind: "ccf-connector", name: connector, table, format, test: true }, facts)),
    ...within(
      generate(
        { kind: "scheduled-rule", name: `Many${name}Events`, table, format, test: true },
        withConnector,
      ),
    ),
  ];
}

/** Every file of a new content repository. */
export function repositoryFiles(
  packageName: string,
  options: { solution: string; format: Format },
): NewFile[] {
  const vars = { packageName: slug(packageName), version: cliVersion() };
  return [
    { path: "package.json", content: renderTemplate(readTemplate("init/package.json"), vars) },
    { path: "README.md", content: renderTemplate(readTemplate("init/README.md"), vars) },
    { path: "sentinelctl.config.yaml", content: readTemplate("init/sentinelctl.config.yaml") },
    // Dot files are stored without their dot: npm leaves .gitignore files out of published packages.
    { path: ".gitignore", content: readTemplate("init/gitignore") },
    { path: ".vscode/settings.json", content: editorSettings() },
    { path: ".github/workflows/sentinel.yml", content: readTemplate("init/sentinel-workflow.yml") },
    ...exampleSolutionFiles(options.solution, options.format),
  ];
}
