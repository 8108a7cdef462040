import path from "node:path";
import { fileURLToPath } from "node:url";
import {
  type AnyContentItem,
  CONTENT_KINDS,
  itemsOf,
  loadContent,
  type SolutionModel,
} from "../src/index.js";

const fixtures = path.join(path.dirname(fileURLToPath(import.meta.url)), "fixtures", "kinds");

async function load(flavour: "yaml" | "ts"): Promise<SolutionModel> {
  const result = await loadContent([], { cwd: path.join(fixtures, flavour) });
  expect(result.diagnostics).toEqual([]);
  expect(result.solutions).toHaveLength(1);
  return result.solutions[0]!;
}

function comparable(item: AnyContentItem): unknown {
  const { template: _ref, ...rest } = item.data as Record<string, unknown>;
  return {
    kind: item.kind,
    data: item.kind === "workbook" ? rest : item.data,
    template: item.template?.value,
  };
}

describe("every content kind loads from YAML and from TypeScript into the same model", () => {
  let fromYaml: SolutionModel;
  let fromTs: SolutionModel;
  beforeAll(async () => {
    [fromYaml, fromTs] = await Promise.all([load("yaml"), load("ts")]);
  });

  test("both flavours hold one of each kind (two rules, two connectors)", () => {
    for (const model of [fromYaml, fromTs]) {
      const kinds = new Set(itemsOf(model).map((i) => i.kind));
      expect([...kinds].sort()).toEqual([...CONTENT_KINDS].sort());
      expect(model.analyticRules.map((r) => r.data.kind).sort()).toEqual(["NRT", "Scheduled"]);
      expect(model.dataConnectors.map((c) => c.data.kind).sort()).toEqual(["CcfPush", "CefAma"]);
    }
  });

  test.each([
    "tables",
    "dataConnectors",
    "parsers",
    "analyticRules",
    "huntingQueries",
    "workbooks",
    "playbooks",
    "automationRules",
  ] as const)("%s are identical", (key) => {
    const byId = (m: SolutionModel) =>
      [...m[key]].map(comparable).sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));
    expect(byId(fromTs)).toEqual(byId(fromYaml));
    expect(fromYaml[key].length).toBeGreaterThan(0);
  });

  test("workbook templates resolve from a JSON file (YAML) and inline (TypeScript)", () => {
    expect(fromYaml.workbooks[0]!.template?.source.file).toBe("Solutions/Kinds/workbooks/AcmeWorkbook.json");
    expect(fromTs.workbooks[0]!.template?.source.file).toBe("Solutions/Kinds/workbooks/AcmeWorkbook.ts");
    expect(fromYaml.playbooks[0]!.template?.value).toMatchObject({ contentVersion: "1.0.0.0" });
  });

  test("a position inside a YAML block-scalar query maps to the file", () => {
    const rule = fromYaml.analyticRules.find((r) => r.data.kind === "Scheduled")!;
    const offset = rule.data.query.indexOf("Score > 80");
    // query: | starts on line 18; its third line is line 21, indented by two spaces.
    expect(rule.source.textPosition(["query"], offset)).toEqual({ line: 21, column: 11 });
  });

  test("a position inside a TypeScript string maps to the file", () => {
    const rule = fromTs.analyticRules.find((r) => r.data.kind === "Scheduled")!;
    expect(rule.source.range(["severity"]).start.line).toBe(7);
    const pos = rule.source.textPosition(["query"], 0, rule.data.query);
    expect(pos.line).toBe(27);
  });
});
