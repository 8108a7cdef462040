import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { loadContent, type SolutionModel } from "@sentinelctl/content";

const solutions = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");

/** Every name a reader looks for in a solution's README content list. */
function names(model: SolutionModel): string[] {
  return [
    ...model.tables.map((t) => t.data.name),
    ...model.dataConnectors.map((c) => c.data.id),
    ...model.parsers.map((p) => p.data.FunctionAlias),
    ...model.analyticRules.map((r) => r.data.name),
    ...model.workbooks.map((w) => w.data.id),
    ...model.playbooks.map((p) => p.data.id),
  ];
}

describe.each(["Darktrace", "AIAnalystDarktrace"])("Solutions/%s/README.md", (folder) => {
  test("lists every item of the solution, with the right counts", async () => {
    const {
      solutions: [model],
      diagnostics,
    } = await loadContent([path.join(solutions, folder)], { cwd: solutions });
    expect(diagnostics).toEqual([]);
    const readme = readFileSync(path.join(solutions, folder, "README.md"), "utf8");
    const missing = names(model!).filter((n) => !readme.includes(n));
    expect(missing).toEqual([]);
    expect(readme).toContain(`Analytics rules (${model!.analyticRules.length})`);
    expect(readme).toContain(`Hunting queries (${model!.huntingQueries.length})`);
  });
});
