import { readFileSync, realpathSync } from "node:fs";
import path from "node:path";
import {
  type AnyContentItem,
  type Diagnostic,
  type SolutionModel,
  contentIdOf,
  diagnostic,
  hasErrors,
  itemsOf,
} from "@sentinelctl/content";
import type { Path } from "@sentinelctl/content";
import { type PackageGraph, buildGraph } from "./graph.js";
import { STREAM_COLUMN_TYPES, TABLE_COLUMN_TYPES, defaultStreamName } from "./mappings/ccf.js";
import { playbookTemplateProblem } from "./mappings/playbook.js";
import { galleryTemplateProblem } from "./mappings/workbook.js";
import { iconHtml } from "./description.js";
import { toIsoDuration } from "@sentinelctl/validator";
import { parseVersion } from "./util/semver.js";

function at(item: AnyContentItem, p: Path, which: "value" | "key" = "value") {
  return { file: item.source.file, range: item.source.range([...item.path, ...p], which) };
}

function err(item: AnyContentItem, code: string, message: string, p: Path, hint?: string): Diagnostic {
  return diagnostic(code, "error", message, at(item, p), hint);
}

/**
 * What the builder needs beyond the content schemas: values it must convert (durations,
 * versions), references between items (connector streams to tables), attached files that must
 * have the right shape, and ids unique across one package.
 */
export function checkSolutionModel(model: SolutionModel): Diagnostic[] {
  const out: Diagnostic[] = [];
  const sol = model.solution;
  if (!sol) return out;
  if (!parseVersion(sol.data.version) || !/^\d+\.\d+\.\d+$/.test(sol.data.version.trim())) {
    out.push(
      err(sol, "BUILD-VERSION-FORMAT", `Solution version '${sol.data.version}' is not MAJOR.MINOR.PATCH.`, [
        "version",
      ]),
    );
  }

  for (const r of model.analyticRules) {
    const fields: Array<[string, string | undefined]> = [
      ["suppressionDuration", r.data.suppressionDuration],
      ...(r.data.kind === "Scheduled"
        ? ([
            ["queryFrequency", r.data.queryFrequency],
            ["queryPeriod", r.data.queryPeriod],
          ] as Array<[string, string]>)
        : []),
    ];
    for (const [field, value] of fields) {
      if (value !== undefined && !toIsoDuration(value)) {
        out.push(
          err(
            r,
            "BUILD-DURATION",
            `${field} '${value}' is not a duration.`,
            [field],
            "Write it like 5m, 1h, 1d or PT1H.",
          ),
        );
      }
    }
    const lookback = r.data.incidentConfiguration?.groupingConfiguration?.lookbackDuration;
    if (lookback !== undefined && !toIsoDuration(lookback)) {
      out.push(
        err(r, "BUILD-DURATION", `lookbackDuration '${lookback}' is not a duration.`, [
          "incidentConfiguration",
          "groupingConfiguration",
          "lookbackDuration",
        ]),
      );
    }
  }

  for (const wb of model.workbooks) {
    const problem = galleryTemplateProblem(wb.template?.value);
    if (problem) {
      const file = wb.template?.source.file ?? wb.source.file;
      out.push(
        diagnostic(
          "BUILD-WORKBOOK-TEMPLATE",
          "error",
          `The workbook template of '${wb.data.id}' ${problem}.`,
          {
            file,
            range: wb.template?.source.firstLine ?? wb.source.range([...wb.path, "template"]),
          },
        ),
      );
    }
  }

  for (const pb of model.playbooks) {
    const problem = playbookTemplateProblem(pb.template?.value);
    if (problem) {
      out.push(
        diagnostic(
          "BUILD-PLAYBOOK-TEMPLATE",
          "error",
          `The playbook template of '${pb.data.id}' ${problem}.`,
          {
            file: pb.template?.source.file ?? pb.source.file,
            range: pb.template?.source.firstLine ?? pb.source.range([...pb.path, "template"]),
          },
        ),
      );
    }
  }

  // Push connectors: every stream names a declared, deployable table.
  const tables = new Map(model.tables.map((t) => [t.data.name.toLowerCase(), t]));
  const streamed = new Set<string>();
  for (const c of model.dataConnectors) {
    if (c.data.kind !== "CcfPush") continue;
    const names = new Set<string>();
    c.data.streams.forEach((s, i) => {
      const t = tables.get(s.table.toLowerCase());
      if (!t) {
        out.push(
          err(
            c,
            "BUILD-UNKNOWN-TABLE",
            `Stream table '${s.table}' is not declared in this solution.`,
            ["streams", i, "table"],
            "Declare the table under tables/ (its columns become the stream's columns).",
          ),
        );
        return;
      }
      streamed.add(t.data.name.toLowerCase());
      if (t.data.classic) {
        out.push(
          err(
            c,
            "BUILD-CLASSIC-TABLE-STREAM",
            `Table '${t.data.name}' is classic (Data Collector API) and cannot receive a DCR stream.`,
            ["streams", i, "table"],
          ),
        );
      }
      const name = (s.streamName ?? defaultStreamName(t.data.name)).toLowerCase();
      if (names.has(name))
        out.push(
          err(
            c,
            "BUILD-DUPLICATE-STREAM",
            `Stream '${s.streamName ?? defaultStreamName(t.data.name)}' is declared twice.`,
            ["streams", i],
          ),
        );
      names.add(name);
    });
  }
  for (const t of model.tables) {
    if (t.data.classic) continue;
    if (!streamed.has(t.data.name.toLowerCase())) {
      out.push(
        diagnostic(
          "BUILD-TABLE-UNUSED",
          "warning",
          `Table '${t.data.name}' is not in the package: no push connector streams into it (\`sentinelctl deploy\` still creates it).`,
          at(t, ["name"]),
          "Mark it `classic: true` if it is a legacy table declared for validation only.",
        ),
      );
    }
    if (!/_CL$/.test(t.data.name)) {
      out.push(err(t, "BUILD-TABLE-NAME", `Custom table '${t.data.name}' must end with _CL.`, ["name"]));
    }
    const tg = t.data.columns.find((c) => c.name === "TimeGenerated");
    if (tg?.type !== "datetime") {
      out.push(
        err(
          t,
          "BUILD-TABLE-TIMEGENERATED",
          `Table '${t.data.name}' needs a TimeGenerated column of type datetime.`,
          ["columns"],
        ),
      );
    }
    t.data.columns.forEach((col, i) => {
      if (!TABLE_COLUMN_TYPES[col.type] || !STREAM_COLUMN_TYPES[col.type]) {
        out.push(
          err(
            t,
            "BUILD-COLUMN-TYPE",
            `Column '${col.name}' has type '${col.type}', which custom tables do not support.`,
            ["columns", i, "type"],
            "Use string, int, long, real, bool, datetime, guid or dynamic.",
          ),
        );
      }
    });
  }

  // Content ids are unique within one package, across kinds.
  const seen = new Map<string, AnyContentItem>();
  for (const item of itemsOf(model)) {
    if (item.kind === "solution" || item.kind === "table") continue;
    const ids = [contentIdOf(item)];
    if (item.kind === "dataConnector" && item.data.kind === "CcfPush") ids.push(`${item.data.id}Connections`);
    for (const id of ids) {
      const key = id.toLowerCase();
      const prior = seen.get(key);
      if (prior && prior !== item) {
        const p = prior.source.range(prior.path).start;
        out.push(
          err(
            item,
            "BUILD-DUPLICATE-CONTENT-ID",
            `Content id '${id}' is already used by ${prior.source.file}:${p.line}:${p.column}.`,
            ["id"],
          ),
        );
      }
      seen.set(key, item);
    }
  }
  return out;
}

/**
 * The package icon: an https URL is used as is; a file must be an SVG inside the solution folder
 * (symbolic links resolved) and is embedded as a data URI.
 */
export function resolveIcon(model: SolutionModel): { icon?: string; diagnostics: Diagnostic[] } {
  const sol = model.solution;
  const logo = sol?.data.logo;
  if (!sol || !logo) return { diagnostics: [] };
  if (/^https:\/\//i.test(logo)) return { icon: iconHtml(logo), diagnostics: [] };
  const where = at(sol, ["logo"]);
  if (/^[a-z]+:/i.test(logo)) {
    return {
      diagnostics: [
        diagnostic(
          "BUILD-LOGO",
          "error",
          `logo '${logo}' must be an https URL or a file in the solution.`,
          where,
        ),
      ],
    };
  }
  const root = realpathSync(model.dir);
  let target: string;
  try {
    target = realpathSync(path.resolve(model.dir, logo));
  } catch {
    return { diagnostics: [diagnostic("BUILD-LOGO", "error", `logo '${logo}' does not exist.`, where)] };
  }
  const rel = path.relative(root, target);
  if (rel.startsWith("..") || path.isAbsolute(rel)) {
    return {
      diagnostics: [
        diagnostic(
          "BUILD-PATH-ESCAPE",
          "error",
          `logo '${logo}' points outside the solution folder.`,
          where,
          "Keep every referenced file inside the solution folder.",
        ),
      ],
    };
  }
  const bytes = readFileSync(target);
  const text = bytes.toString("utf8");
  if (!/\.svg$/i.test(target) || !/<svg[\s>]/i.test(text)) {
    return { diagnostics: [diagnostic("BUILD-LOGO", "error", `logo '${logo}' is not an SVG file.`, where)] };
  }
  if (/<script[\s>]/i.test(text)) {
    return {
      diagnostics: [diagnostic("BUILD-LOGO", "error", `logo '${logo}' contains a script element.`, where)],
    };
  }
  return { icon: iconHtml(`data:image/svg+xml;base64,${bytes.toString("base64")}`), diagnostics: [] };
}

/**
 * What building and resolving a solution share: the builder's checks, the icon and, when none of
 * their findings is an error, the resource graph. `diagnostics` holds every finding (the graph's
 * warnings included).
 */
export function checkedGraph(model: SolutionModel): {
  graph?: PackageGraph;
  icon?: string;
  diagnostics: Diagnostic[];
} {
  if (!model.solution) {
    return {
      diagnostics: [
        diagnostic(
          "BUILD-NO-SOLUTION",
          "error",
          `No solution.yaml in ${model.dir}: only a solution folder can be built.`,
          { file: model.dir },
        ),
      ],
    };
  }
  const diagnostics = checkSolutionModel(model);
  const { icon, diagnostics: iconDiagnostics } = resolveIcon(model);
  diagnostics.push(...iconDiagnostics);
  if (hasErrors(diagnostics)) return { diagnostics };
  const graph = buildGraph(model, { ...(icon ? { icon } : {}), diagnostics });
  return { graph, ...(icon ? { icon } : {}), diagnostics };
}
