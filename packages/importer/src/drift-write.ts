/**
 * `drift --write`: the live values of drifted items written into the repository's YAML files, for
 * review. Only the keys the drift touches are rewritten (comments and the rest of the file stay),
 * each file is replaced atomically, and what cannot be written is listed with the reason.
 *
 * Written back: analytics rules, hunting queries, parsers, automation rules, custom tables, and
 * workbooks (title and description in the YAML, the content into its gallery-template JSON file).
 * Not written: data connectors and their data collection rules and endpoints, which the builder
 * derives from several files (connector, tables, settings), so no one file holds a live field.
 */
import { readFile, rename, writeFile } from "node:fs/promises";
import path from "node:path";
import { isDeepStrictEqual } from "node:util";
import { logicAppName } from "@sentinelctl/builder";
import {
  type AnyContentItem,
  contentIdOf,
  type SolutionModel,
  type WorkspaceRef,
} from "@sentinelctl/content";
import { parseDocument } from "yaml";
import { automationRuleYaml } from "./automation-rule.js";
import type { DriftItem, DriftTarget } from "./drift.js";
import { jsonText } from "./files.js";
import { analyticRuleYaml, huntingQueryYaml, Leftovers, parserYaml, tableYaml } from "./from-package.js";
import { isObject, type JsonObject, lastSegment, type PackageEntry } from "./read-package.js";
import type { Skipped } from "./result.js";

/** Fields of a live item the repository's model does not hold (the deployer sets them). */
const NOT_IN_MODEL: Record<string, string> = {
  "properties.enabled":
    "rules are deployed enabled; the repository has no switch for it (disable the rule in the workspace, or remove it from the repository)",
};

function setPath(body: JsonObject, path: string, value: unknown): void {
  const keys = path.split(".");
  let at: JsonObject = body;
  for (const k of keys.slice(0, -1)) {
    if (!isObject(at[k])) at[k] = {};
    at = at[k] as JsonObject;
  }
  const last = keys[keys.length - 1]!;
  if (value === undefined) delete at[last];
  else at[last] = value;
}

/** The live body: the desired body with each drifted field set to its live value. */
function liveBody(d: DriftItem): JsonObject {
  const body = structuredClone(d.item.body ?? {}) as JsonObject;
  for (const f of d.fields) setPath(body, f.path, f.live);
  return body;
}

type Mapper = (entry: PackageEntry, body: JsonObject) => JsonObject;

function resource(body: JsonObject, name: string) {
  return {
    type: "",
    name,
    ...(typeof body.kind === "string" ? { kind: body.kind } : {}),
    properties: isObject(body.properties) ? body.properties : {},
    raw: body,
  };
}

const WORKSPACE_OF =
  /^\/subscriptions\/([^/]+)\/resourceGroups\/([^/]+)\/providers\/Microsoft\.OperationalInsights\/workspaces\/([^/]+)\//i;

/** The workspace an item's resource id lies in. */
function workspaceOf(id: string): WorkspaceRef {
  const m = WORKSPACE_OF.exec(id);
  return { subscriptionId: m?.[1] ?? "", resourceGroup: m?.[2] ?? "", workspace: m?.[3] ?? "" };
}

/** The Logic Apps the solution's playbooks deploy in the workspace's resource group, by id. */
function playbookIds(model: SolutionModel, ws: WorkspaceRef): Map<string, string> {
  return new Map(
    model.playbooks.map((p) => [
      `/subscriptions/${ws.subscriptionId}/resourceGroups/${ws.resourceGroup}/providers/Microsoft.Logic/workflows/${logicAppName(p)}`.toLowerCase(),
      p.data.id,
    ]),
  );
}

/** The repository item a drifted live item comes from, and how to map its body to YAML. */
function findItem(
  models: readonly SolutionModel[],
  d: DriftItem,
): { item: AnyContentItem; map: Mapper } | undefined {
  const ignore = new Leftovers([], "");
  for (const m of models) {
    switch (d.contentKind) {
      case "AnalyticsRule": {
        const item = m.analyticRules.find((r) => r.data.id === d.contentId);
        if (item) return { item, map: (e, b) => analyticRuleYaml(e, resource(b, e.contentId), ignore) };
        break;
      }
      case "HuntingQuery": {
        const item = m.huntingQueries.find((q) => q.data.id === d.contentId);
        if (item) return { item, map: (e, b) => huntingQueryYaml(e, resource(b, e.contentId), ignore) };
        break;
      }
      case "Parser": {
        const item = m.parsers.find((p) => contentIdOf(p) === d.contentId);
        if (item) {
          return {
            item,
            map: (e, b) => {
              const { id: _id, ...rest } = parserYaml(e, resource(b, lastSegment(d.id)), ignore);
              return rest;
            },
          };
        }
        break;
      }
      case "Table": {
        const item = m.tables.find((t) => t.data.name.toLowerCase() === d.contentId.toLowerCase());
        if (item) return { item, map: (_e, b) => tableYaml(resource(b, lastSegment(d.id))) };
        break;
      }
      case "Workbook": {
        const item = m.workbooks.find((w) => w.data.id === d.contentId);
        if (item) {
          return {
            item,
            map: (_e, b) => {
              const p = isObject(b.properties) ? b.properties : {};
              return { title: p.displayName, description: p.description ?? "" };
            },
          };
        }
        break;
      }
      case "AutomationRule": {
        const item = m.automationRules.find((r) => r.data.id.toLowerCase() === d.contentId.toLowerCase());
        if (item) {
          const workspace = workspaceOf(d.id);
          const refs = { workspace, playbooks: playbookIds(m, workspace) };
          return { item, map: (e, b) => automationRuleYaml(e, resource(b, e.contentId), ignore, refs) };
        }
        break;
      }
    }
  }
  return undefined;
}

export interface DriftWriteResult {
  written: string[];
  skipped: Skipped[];
}

/** Writes the drift into the YAML files of `models` (loaded relative to `cwd`). */
export async function writeDrift(
  report: readonly DriftTarget[],
  models: readonly SolutionModel[],
  cwd: string,
): Promise<DriftWriteResult> {
  const result: DriftWriteResult = { written: [], skipped: [] };
  const edits = new Map<string, Array<{ key: string; value: unknown }>>();
  /** Files replaced as a whole (a workbook's gallery template). */
  const whole = new Map<string, string>();
  for (const d of report.flatMap((t) => t.items)) {
    const label = `${d.contentKind} '${d.displayName}'`;
    if (d.state === "missing") {
      result.skipped.push({
        item: label,
        reason: "deleted in the workspace: remove it from the repository by hand if that was intended",
      });
      continue;
    }
    for (const f of d.fields) {
      const why = NOT_IN_MODEL[f.path];
      if (why) result.skipped.push({ item: `${label} field '${f.path}'`, reason: why });
    }
    const found = findItem(models, d);
    if (!found) {
      result.skipped.push({
        item: label,
        reason:
          "writing back is supported for analytics rules, hunting queries, parsers, automation rules, custom tables and workbooks; connectors are derived from several files: edit them by hand",
      });
      continue;
    }
    const file = path.resolve(cwd, found.item.source.file);
    if (!/\.ya?ml$/i.test(file)) {
      result.skipped.push({ item: label, reason: `defined in ${file}: edit the TypeScript by hand`, file });
      continue;
    }
    const data = found.item.data as { version?: string; Function?: { Version?: string } };
    const entry: PackageEntry = {
      contentKind: d.contentKind,
      contentId: d.contentId,
      version: data.version ?? data.Function?.Version ?? "",
      displayName: d.displayName,
      mainTemplate: {},
      resources: [],
    };
    const content = d.fields.find((f) => f.path === "properties.serializedData");
    if (found.item.kind === "workbook" && content) {
      const template = found.item.template?.source.file;
      let value: unknown;
      try {
        value = JSON.parse(String(content.live));
      } catch {
        value = undefined;
      }
      if (!template || !/\.json$/i.test(template) || value === undefined) {
        result.skipped.push({
          item: `${label} field 'properties.serializedData'`,
          reason:
            value === undefined
              ? "the live content is not JSON"
              : "the template is not a JSON file: edit it by hand",
        });
      } else {
        whole.set(path.resolve(cwd, template), jsonText(value));
      }
    }
    const before = found.map(entry, structuredClone(d.item.body ?? {}) as JsonObject);
    const after = found.map(entry, liveBody(d));
    const list = edits.get(file) ?? [];
    for (const key of new Set([...Object.keys(before), ...Object.keys(after)])) {
      if (!isDeepStrictEqual(before[key], after[key])) list.push({ key, value: after[key] });
    }
    edits.set(file, list);
  }
  for (const [file, text] of [...whole].sort(([a], [b]) => (a < b ? -1 : 1))) {
    const tmp = `${file}.drift.tmp`;
    await writeFile(tmp, text, "utf8");
    await rename(tmp, file);
    result.written.push(file);
  }
  for (const [file, list] of [...edits].sort(([a], [b]) => (a < b ? -1 : 1))) {
    if (!list.length) continue;
    const doc = parseDocument(await readFile(file, "utf8"));
    for (const e of list) {
      if (e.value === undefined) doc.delete(e.key);
      else doc.set(e.key, e.value);
    }
    const tmp = `${file}.drift.tmp`;
    await writeFile(tmp, doc.toString({ lineWidth: 0, blockQuote: "literal" }), "utf8");
    await rename(tmp, file);
    result.written.push(file);
  }
  return result;
}
