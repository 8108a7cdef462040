/**
 * Targets file (MSSP: many workspaces in one run). YAML, either a list or `{ targets: [...] }`:
 *
 *   - name: contoso-prod            # unique label used in summaries
 *     subscription: 00000000-...    # subscription id
 *     resourceGroup: sentinel-rg
 *     workspace: contoso-sentinel
 *     location: westeurope          # optional; read from the workspace when absent
 *     solutions: [Darktrace]        # optional; default: the solutions named on the command line
 *
 * `${NAME}` in a value is replaced by the environment variable NAME (an unset variable is an
 * error), so ids can come from CI variables. The shape is checked against the TargetsFileEntry schema
 * (packages/content), like content: unknown keys are errors with a did-you-mean.
 */
import { readFileSync } from "node:fs";
import {
  checkAgainst,
  type Diagnostic,
  type Path,
  parseYamlSource,
  type TargetsFileEntry,
  TargetsFileList,
  TargetsFileObject,
} from "@sentinelctl/content";
import { DeployError } from "./errors.js";

export interface TargetSpec {
  name: string;
  subscriptionId: string;
  resourceGroup: string;
  workspace: string;
  location?: string;
  solutions?: string[];
}

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const WORKSPACE = /^[A-Za-z0-9][A-Za-z0-9-]{2,61}[A-Za-z0-9]$/;
const SHAPE_HINT = "Each target: { name?, subscription, resourceGroup, workspace, location?, solutions? }.";

export function loadTargetsFile(file: string, env: NodeJS.ProcessEnv = process.env): TargetSpec[] {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (e) {
    throw new DeployError("input", `Cannot read targets file ${file}: ${(e as Error).message}`);
  }
  return parseTargets(text, file, env);
}

/** `[0].solutions` -> `target #1 solutions`: the words the rest of the file's messages use. */
function targetLabel(path: Path): string {
  const rest = path[0] === "targets" ? path.slice(1) : path;
  if (typeof rest[0] !== "number") return "the targets file";
  const tail = rest
    .slice(1)
    .map((p) => (typeof p === "number" ? `[${p}]` : `.${p}`))
    .join("")
    .replace(/^\./, "");
  return `target #${rest[0] + 1}${tail ? ` ${tail}` : ""}`;
}

function inputError(file: string, d: Pick<Diagnostic, "message" | "range" | "hint">): DeployError {
  const at = d.range ? `${file}:${d.range.start.line}:${d.range.start.column}` : file;
  return new DeployError("input", `${at}: ${d.message}`, d.hint ? { hint: d.hint } : {});
}

export function parseTargets(
  text: string,
  file = "targets.yaml",
  env: NodeJS.ProcessEnv = process.env,
): TargetSpec[] {
  const parsed = parseYamlSource(file, text);
  if (parsed.errors.length) throw inputError(file, parsed.errors[0]!);
  const source = parsed.source;
  const wrapped = parsed.value !== null && typeof parsed.value === "object" && !Array.isArray(parsed.value);
  const schemaError = checkAgainst(wrapped ? TargetsFileObject : TargetsFileList, parsed.value, source, [], {
    unknownFields: "error",
    label: targetLabel,
  }).find((d) => d.severity === "error");
  if (schemaError) {
    throw inputError(file, {
      ...schemaError,
      hint:
        schemaError.hint ?? (wrapped ? "The file is a list of targets, or { targets: [...] }." : SHAPE_HINT),
    });
  }
  const entries = (
    wrapped ? (parsed.value as { targets: TargetsFileEntry[] }).targets : parsed.value
  ) as TargetsFileEntry[];
  const base: Path = wrapped ? ["targets"] : [];
  const fail = (path: Path, message: string): never => {
    throw inputError(file, { message, range: source.range([...base, ...path]) });
  };
  const expand = (value: string, path: Path): string =>
    value.replace(/\$\{([A-Za-z_][A-Za-z0-9_]*)\}/g, (_m, name: string) => {
      const v = env[name];
      if (v === undefined || v === "") fail(path, `environment variable ${name} is not set.`);
      return v!;
    });
  const names = new Set<string>();
  return entries.map((entry, i) => {
    const subscriptionId = expand(entry.subscription, [i, "subscription"]);
    if (!GUID.test(subscriptionId))
      fail([i, "subscription"], `subscription '${subscriptionId}' is not a subscription id (a GUID).`);
    const workspace = expand(entry.workspace, [i, "workspace"]);
    if (!WORKSPACE.test(workspace)) {
      fail(
        [i, "workspace"],
        `workspace '${workspace}' is not a valid workspace name (4-63 letters, digits or '-').`,
      );
    }
    const resourceGroup = expand(entry.resourceGroup, [i, "resourceGroup"]);
    const name = entry.name !== undefined ? expand(entry.name, [i, "name"]) : `${resourceGroup}/${workspace}`;
    if (names.has(name.toLowerCase()))
      fail(entry.name !== undefined ? [i, "name"] : [i], `duplicate target name '${name}'.`);
    names.add(name.toLowerCase());
    const t: TargetSpec = { name, subscriptionId, resourceGroup, workspace };
    if (entry.location !== undefined) t.location = expand(entry.location, [i, "location"]);
    if (entry.solutions !== undefined)
      t.solutions = entry.solutions.map((s, j) => expand(s, [i, "solutions", j]));
    return t;
  });
}
