/**
 * `import --from-solution`: a solution folder the loader reads (this repository's layout, or the
 * Azure-Sentinel repository's: `Analytic Rules`, `Hunting Queries`, `Data Connectors`, ...) written
 * in this repository's layout. The loader is the one reader of content files: this is "load, then
 * write", so what loads unchanged here imports unchanged.
 */
import { readFile } from "node:fs/promises";
import path from "node:path";
import {
  type AnyContentItem,
  contentIdOf,
  diagnostic,
  InputError,
  itemsOf,
  loadContent,
} from "@sentinelctl/content";
import { jsonText, StemAllocator, yamlText } from "./files.js";
import { tablesRead } from "./from-package.js";
import type { ImportedFile, ImportResult, Skipped } from "./result.js";

const FOLDERS: Record<AnyContentItem["kind"], string> = {
  solution: "",
  table: "tables",
  dataConnector: "connectors",
  parser: "parsers",
  analyticRule: "analytics",
  huntingQuery: "hunting",
  workbook: "workbooks",
  playbook: "playbooks",
  automationRule: "AutomationRules",
};

function displayName(item: AnyContentItem): string {
  switch (item.kind) {
    case "table":
      return item.data.name;
    case "parser":
      return item.data.FunctionName;
    case "analyticRule":
    case "huntingQuery":
      return item.data.name;
    case "workbook":
    case "dataConnector":
      return item.data.title;
    case "playbook":
      return item.data.id;
    case "automationRule":
      return item.data.displayName;
    default:
      return item.data.name;
  }
}

/** Plain data (TypeScript items may hold functions or class instances): what YAML can hold. */
function plain(value: unknown): Record<string, unknown> {
  return JSON.parse(JSON.stringify(value)) as Record<string, unknown>;
}

/** A logo kept as a file in the solution comes along (an https logo is only a reference). */
async function logoFile(dir: string, logo: string | undefined, skipped: Skipped[]): Promise<ImportedFile[]> {
  if (!logo || /^[a-z]+:/i.test(logo)) return [];
  const file = path.resolve(dir, logo);
  const rel = path.relative(dir, file).split(path.sep).join("/");
  if (rel.startsWith("..")) {
    skipped.push({
      item: "Solution logo",
      reason: `${logo} is outside the solution folder; copy it in and set logo`,
      file,
    });
    return [];
  }
  try {
    return [{ path: rel, content: await readFile(file, "utf8") }];
  } catch (e) {
    skipped.push({
      item: "Solution logo",
      reason: `cannot read ${logo} (${(e as NodeJS.ErrnoException).code})`,
      file,
    });
    return [];
  }
}

export async function importFromSolution(dir: string): Promise<ImportResult> {
  const load = await loadContent([dir]);
  const unreadable = load.diagnostics.find((d) => d.code === "LOAD-UNREADABLE");
  if (unreadable) throw new InputError(unreadable);
  const model = load.solutions[0];
  if (!model || load.solutions.length > 1) {
    throw new InputError(
      diagnostic(
        "IMPORT-NOT-ONE-SOLUTION",
        "error",
        model ? `${dir} holds ${load.solutions.length} solutions.` : `${dir} holds no content.`,
        { file: dir },
        "Give one solution folder.",
      ),
    );
  }
  const skipped: Skipped[] = load.diagnostics
    .filter((d) => d.severity === "error")
    .map((d) => ({ item: d.file ?? dir, reason: `${d.code}: ${d.message}`, file: d.file ?? dir }));
  if (!model.solution) {
    skipped.push({
      item: "Solution manifest",
      reason: "no solution manifest was found in the folder: write solution.yaml (id, name, version, ...)",
      file: dir,
    });
  }
  const files: ImportedFile[] = [];
  const counts: Record<string, number> = {};
  const stems = new StemAllocator();
  const items = itemsOf(model)
    .map((item) => ({ item, id: contentIdOf(item) }))
    .sort((a, b) => a.item.kind.localeCompare(b.item.kind) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  for (const { item, id } of items) {
    const folder = FOLDERS[item.kind];
    const data = plain(item.data);
    if (item.kind === "solution") {
      files.push({ path: "solution.yaml", content: yamlText(data) });
      files.push(...(await logoFile(model.dir, item.data.logo, skipped)));
      continue;
    }
    if (item.kind === "table") {
      files.push({ path: `tables/${item.data.name}.yaml`, content: yamlText(data) });
    } else if (item.kind === "playbook") {
      const sub = stems.take(folder, id, id);
      files.push({
        path: `playbooks/${sub}/playbook.yaml`,
        content: yamlText({ ...data, template: "azuredeploy.json" }),
      });
      files.push({
        path: `playbooks/${sub}/azuredeploy.json`,
        content: jsonText(item.template?.value ?? {}),
      });
    } else if (item.kind === "workbook") {
      const stem = stems.take(folder, displayName(item), id);
      files.push({
        path: `workbooks/${stem}.yaml`,
        content: yamlText({ ...data, template: `${stem}.json` }),
      });
      files.push({
        path: `workbooks/${stem}.json`,
        content: jsonText(
          item.template?.value ?? (typeof item.data.template === "object" ? item.data.template : {}),
        ),
      });
    } else {
      const stem = stems.take(folder, displayName(item), id);
      files.push({ path: `${folder}/${stem}.yaml`, content: yamlText(data) });
    }
    counts[folder] = (counts[folder] ?? 0) + 1;
  }
  const declared = new Set(model.tables.map((t) => t.data.name.toLowerCase()));
  const read = new Set(itemsOf(model).flatMap((i) => tablesRead(i.data as Record<string, unknown>)));
  for (const name of [...read].filter((n) => !declared.has(n.toLowerCase())).sort()) {
    skipped.push({
      item: `table '${name}'`,
      reason: `not declared in the solution (in the Azure-Sentinel repository, custom tables may live in .script/tests/KqlvalidationsTests/CustomTables); declare it in tables/${name}.yaml`,
      file: dir,
    });
  }
  files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return { files, skipped, counts };
}
