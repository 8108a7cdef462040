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
 * error), so ids can come from CI variables. Unknown keys are errors with a did-you-mean.
 */
import { readFileSync } from "node:fs";
import { didYouMean } from "@sentinelctl/content";
import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Node } from "yaml";
import { DeployError } from "./errors.js";

export interface TargetSpec {
  name: string;
  subscriptionId: string;
  resourceGroup: string;
  workspace: string;
  location?: string;
  solutions?: string[];
}

const KEYS = ["name", "subscription", "resourceGroup", "workspace", "location", "solutions"] as const;
const REQUIRED = ["subscription", "resourceGroup", "workspace"] as const;
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const WORKSPACE = /^[A-Za-z0-9][A-Za-z0-9-]{2,61}[A-Za-z0-9]$/;

export function loadTargetsFile(file: string, env: NodeJS.ProcessEnv = process.env): TargetSpec[] {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (e) {
    throw new DeployError("input", `Cannot read targets file ${file}: ${(e as Error).message}`);
  }
  return parseTargets(text, file, env);
}

export function parseTargets(
  text: string,
  file = "targets.yaml",
  env: NodeJS.ProcessEnv = process.env,
): TargetSpec[] {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false });
  const at = (node: Node | null | undefined): string => {
    const offset = node?.range?.[0];
    if (offset === undefined) return file;
    const p = lines.linePos(offset);
    return `${file}:${p.line}:${p.col}`;
  };
  const fail = (node: Node | null | undefined, message: string, hint?: string): never => {
    throw new DeployError("input", `${at(node)}: ${message}`, hint ? { hint } : {});
  };
  if (doc.errors.length) {
    const e = doc.errors[0]!;
    const p = lines.linePos(e.pos[0]);
    throw new DeployError("input", `${file}:${p.line}:${p.col}: ${e.message.split("\n")[0]}`);
  }
  let root = doc.contents as Node | null;
  if (isMap(root)) {
    const keys = root.items.map((i) => (isScalar(i.key) ? String(i.key.value) : ""));
    const bad = keys.find((k) => k !== "targets");
    if (bad !== undefined) {
      const item = root.items.find((i) => isScalar(i.key) && String(i.key.value) === bad);
      const guess = didYouMean(bad, ["targets"]);
      fail(
        item?.key as Node,
        `unknown key '${bad}'.`,
        guess ? `Did you mean '${guess}'?` : "The file is a list of targets, or { targets: [...] }.",
      );
    }
    root = (root.items[0]?.value ?? null) as Node | null;
  }
  if (!isSeq(root)) {
    return fail(
      root,
      "expected a list of targets.",
      "Each target: { name, subscription, resourceGroup, workspace, location?, solutions? }.",
    );
  }
  const expand = (value: string, node: Node): string =>
    value.replace(/\$\{([A-Za-z_][A-Za-z0-9_]*)\}/g, (_m, name: string) => {
      const v = env[name];
      if (v === undefined || v === "") fail(node, `environment variable ${name} is not set.`);
      return v!;
    });
  const targets: TargetSpec[] = [];
  const names = new Map<string, Node>();
  root.items.forEach((entry, index) => {
    const node = entry as Node;
    if (!isMap(node)) fail(node, `target #${index + 1} must be a mapping.`);
    const map = node as unknown as import("yaml").YAMLMap;
    const values: Record<string, unknown> = {};
    const nodes: Record<string, Node> = {};
    for (const pair of map.items) {
      const key = isScalar(pair.key) ? String(pair.key.value) : "";
      if (!(KEYS as readonly string[]).includes(key)) {
        const guess = didYouMean(key, KEYS);
        fail(
          pair.key as Node,
          `unknown key '${key}' in target #${index + 1}.`,
          guess ? `Did you mean '${guess}'?` : `Known keys: ${KEYS.join(", ")}.`,
        );
      }
      nodes[key] = pair.value as Node;
      if (isSeq(pair.value)) {
        values[key] = pair.value.items.map((i) => {
          if (!isScalar(i) || typeof i.value !== "string")
            fail(i as Node, `'${key}' must be a list of names.`);
          return expand(String((i as import("yaml").Scalar).value), i as Node);
        });
      } else if (isScalar(pair.value) && pair.value.value !== null) {
        values[key] = expand(String(pair.value.value), pair.value as Node);
      } else {
        fail((pair.value ?? pair.key) as Node, `'${key}' needs a value.`);
      }
    }
    for (const req of REQUIRED) {
      if (values[req] === undefined)
        fail(node, `target #${index + 1}${values.name ? ` ('${values.name}')` : ""} is missing '${req}'.`);
    }
    if (values.solutions !== undefined && !Array.isArray(values.solutions)) {
      fail(nodes.solutions, "'solutions' must be a list, e.g. [Darktrace].");
    }
    const subscriptionId = values.subscription as string;
    if (!GUID.test(subscriptionId))
      fail(nodes.subscription, `subscription '${subscriptionId}' is not a subscription id (a GUID).`);
    const workspace = values.workspace as string;
    if (!WORKSPACE.test(workspace)) {
      fail(
        nodes.workspace,
        `workspace '${workspace}' is not a valid workspace name (4-63 letters, digits or '-').`,
      );
    }
    const name = (values.name as string | undefined) ?? `${values.resourceGroup}/${workspace}`;
    if (names.has(name.toLowerCase())) fail(nodes.name ?? node, `duplicate target name '${name}'.`);
    names.set(name.toLowerCase(), node);
    const t: TargetSpec = { name, subscriptionId, resourceGroup: values.resourceGroup as string, workspace };
    if (values.location !== undefined) t.location = values.location as string;
    if (values.solutions !== undefined) t.solutions = values.solutions as string[];
    targets.push(t);
  });
  if (!targets.length) throw new DeployError("input", `${file}: the targets list is empty.`);
  return targets;
}
