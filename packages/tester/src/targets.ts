/** Which content item a test file names, and every testable item of the loaded solutions. */
import path from "node:path";
import type {
  AnalyticRuleItem,
  CcfPushConnector,
  DataConnectorItem,
  HuntingQueryItem,
  ParserItem,
  Path,
  PushStream,
  SolutionModel,
  TestItemKind,
  WorkbookItem,
} from "@sentinelctl/content";
import { workbookQueryText } from "@sentinelctl/validator";

export type Target =
  | { kind: "analyticRule"; item: AnalyticRuleItem; model: SolutionModel; id: string; label: string }
  | { kind: "huntingQuery"; item: HuntingQueryItem; model: SolutionModel; id: string; label: string }
  | { kind: "parser"; item: ParserItem; model: SolutionModel; id: string; label: string }
  | {
      kind: "workbookQuery";
      workbook: WorkbookItem;
      /** Path of the query inside the workbook's gallery template. */
      queryPath: Path;
      model: SolutionModel;
      id: string;
      label: string;
    }
  | {
      kind: "dcrTransformation";
      connector: DataConnectorItem;
      stream: PushStream;
      streamIndex: number;
      model: SolutionModel;
      id: string;
      label: string;
    };

/**
 * The Logs queries of a solution's workbooks, named `<workbook id>/<item name>`. They can be
 * tested but are not counted as untested: a workbook has many, and most only display data.
 */
export function workbookQueries(model: SolutionModel): Target[] {
  return model.workbooks.flatMap((workbook) =>
    workbook.template
      ? workbookQueryText(workbook.template.value)
          .filter((q) => q.role === "workbookQuery")
          .map((q) => {
            const name = /'(.*)'$/.exec(q.label)?.[1] ?? q.label;
            const id = `${workbook.data.id}/${name}`;
            return {
              kind: "workbookQuery" as const,
              workbook,
              queryPath: q.path,
              model,
              id,
              label: `workbook query '${id}'`,
            };
          })
      : [],
  );
}

/** Every item that can and should have tests, in model order. */
export function testableItems(model: SolutionModel): Target[] {
  const out: Target[] = [];
  for (const item of model.analyticRules) {
    out.push({
      kind: "analyticRule",
      item,
      model,
      id: item.data.id,
      label: `analytics rule '${item.data.name}'`,
    });
  }
  for (const item of model.huntingQueries) {
    out.push({
      kind: "huntingQuery",
      item,
      model,
      id: item.data.id,
      label: `hunting query '${item.data.name}'`,
    });
  }
  for (const item of model.parsers) {
    out.push({
      kind: "parser",
      item,
      model,
      id: item.data.FunctionAlias,
      label: `parser '${item.data.FunctionAlias}'`,
    });
  }
  for (const connector of model.dataConnectors) {
    if (connector.data.kind !== "CcfPush") continue;
    (connector.data as CcfPushConnector).streams.forEach((stream, streamIndex) => {
      const id = `${connector.data.id}/${stream.table}`;
      out.push({
        kind: "dcrTransformation",
        connector,
        stream,
        streamIndex,
        model,
        id,
        label: `DCR transformation '${id}'`,
      });
    });
  }
  return out;
}

export function itemFile(t: Target): string {
  switch (t.kind) {
    case "dcrTransformation":
      return t.connector.source.file;
    case "workbookQuery":
      return t.workbook.source.file;
    default:
      return t.item.source.file;
  }
}

function namesOf(t: Target): string[] {
  switch (t.kind) {
    case "analyticRule":
    case "huntingQuery":
      return [t.item.data.id, t.item.data.name];
    case "parser":
      return [t.item.data.FunctionAlias, t.item.data.FunctionName];
    default:
      return [t.id];
  }
}

/**
 * Finds what `ref` names: an id, a name, a parser alias, `<connector>/<table>`, or a content file
 * path relative to the solution (or the test). Items of the test's own solution win.
 */
export function resolveTarget(
  ref: string,
  kind: TestItemKind | undefined,
  models: readonly SolutionModel[],
  own: SolutionModel | undefined,
  cwd: string,
  testDir: string,
): { target?: Target; candidates: Target[] } {
  const ordered = own ? [own, ...models.filter((m) => m !== own)] : [...models];
  const all = ordered
    .flatMap((m) => [...testableItems(m), ...(ref.includes("/") ? workbookQueries(m) : [])])
    .filter((t) => !kind || t.kind === kind);
  const want = ref.trim().toLowerCase();
  const byName = all.filter((t) => namesOf(t).some((n) => n.toLowerCase() === want));
  const ownMatches = byName.filter((t) => t.model === own);
  if (ownMatches.length === 1) return { target: ownMatches[0]!, candidates: ownMatches };
  if (byName.length === 1) return { target: byName[0]!, candidates: byName };
  if (byName.length > 1) return { candidates: byName };
  const bases = [own?.dir, testDir].filter((d): d is string => Boolean(d));
  const byPath = all.filter((t) =>
    bases.some((b) => path.resolve(b, ref) === path.resolve(cwd, itemFile(t))),
  );
  return byPath.length === 1 ? { target: byPath[0]!, candidates: byPath } : { candidates: byPath };
}
