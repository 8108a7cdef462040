import { API_VERSIONS, type Diagnostic, diagnostic, type PlaybookItem } from "@sentinelctl/content";
import type { Json } from "../arm/expr.js";
import { workspaceResourceIdRef } from "../names.js";

const SECURE_TYPES = new Set(["securestring", "secureobject"]);

function clone(v: unknown): Json {
  return JSON.parse(JSON.stringify(v ?? null)) as Json;
}

/**
 * The playbook's ARM template embedded as a contentTemplate's mainTemplate. Its own expressions
 * are plain strings here, so rendering escapes them to `[[...]`: they are evaluated when the
 * playbook is deployed from Content Hub, not when the solution is installed. Secure parameters
 * lose any default value; the workflow is tagged with the workspace (as V3 does).
 */
export function playbookMainTemplate(
  item: PlaybookItem,
  version: Json,
  metadata: Json,
  diagnostics: Diagnostic[],
): Json {
  const tpl = (item.template?.value ?? {}) as Record<string, unknown>;
  const file = item.template?.source.file ?? item.source.file;
  const parameters = clone(tpl.parameters ?? {}) as Record<string, Record<string, Json>>;
  for (const [name, def] of Object.entries(parameters)) {
    if (!def || typeof def !== "object") continue;
    const type = String(def.type ?? "").toLowerCase();
    if (SECURE_TYPES.has(type) && def.defaultValue !== undefined) {
      delete def.defaultValue;
      diagnostics.push(
        diagnostic(
          "BUILD-SECURE-DEFAULT",
          "warning",
          `Secure parameter '${name}' has a default value; it was left out of the package.`,
          { file, range: item.template?.source.range(["parameters", name, "defaultValue"]) },
          "Secrets never belong in a template: remove the default value from the playbook.",
        ),
      );
    }
  }
  const resources = (clone(tpl.resources ?? []) as Array<Record<string, Json>>).map((r) => {
    if (String(r.type ?? "").toLowerCase() !== "microsoft.logic/workflows") return r;
    const tags = (r.tags && typeof r.tags === "object" && !Array.isArray(r.tags) ? r.tags : {}) as Record<
      string,
      Json
    >;
    return { ...r, tags: { ...tags, "hidden-SentinelWorkspaceId": workspaceResourceIdRef() } };
  });
  return {
    $schema: API_VERSIONS.package.deploymentTemplateSchema,
    contentVersion: version,
    parameters,
    variables: clone(tpl.variables ?? {}),
    resources: [...resources, metadata],
    outputs: tpl.outputs ? clone(tpl.outputs) : undefined,
    metadata: playbookTemplateMetadata(item, tpl.metadata),
  };
}

/** Fields of a playbook's own `metadata` V3 leaves out of the package. */
const DROPPED_METADATA = new Set(["author", "support", "prerequisitesDeployTemplateFile"]);

/**
 * The template metadata Content Hub shows for a playbook: the playbook's own `metadata` (entities,
 * tags, lastUpdateTime, releaseNotes, ... as the repository keeps them in azuredeploy.json) minus
 * author and support, with title, description, prerequisites and post-deployment steps from the
 * content, and V3's default release note when there is none.
 */
function playbookTemplateMetadata(item: PlaybookItem, own: unknown): Json {
  const pb = item.data;
  const kept: Record<string, Json> = {};
  if (own && typeof own === "object" && !Array.isArray(own)) {
    for (const [k, v] of Object.entries(own as Record<string, unknown>))
      if (!DROPPED_METADATA.has(k)) kept[k] = clone(v);
  }
  return {
    ...kept,
    title: pb.title,
    description: pb.description,
    prerequisites: pb.prerequisites?.length ? [...pb.prerequisites] : undefined,
    postDeployment: pb.postDeployment?.length ? [...pb.postDeployment] : undefined,
    releaseNotes: kept.releaseNotes ?? { version: pb.version, notes: ["Initial version"] },
  };
}
