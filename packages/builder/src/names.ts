import type { CcfPushConnector } from "@sentinelctl/content";
import { type Arg, call, concat, type Expr, parameters, variables } from "./arm/expr.js";

/**
 * Names and ids shared by the package and the resolved resources. Each is an expression, rendered
 * into the package and evaluated for a concrete workspace by the same evaluator, so an installed
 * package and a deployed workspace always agree.
 */
export const ws = (): Expr => parameters("workspace");
export const wsLocation = (): Expr => parameters("workspace-location");
export const solutionIdRef = (): Expr => variables("_solutionId");
export const workspaceResourceIdRef = (): Expr => variables("workspaceResourceId");

export const WORKSPACE_RESOURCE_ID = (): Expr =>
  call("resourceId", "Microsoft.OperationalInsights/workspaces", parameters("workspace"));

/** `<workspace>/Microsoft.SecurityInsights/<name>`: the name of a workspace extension resource. */
export function sentinelName(name: Arg): Expr {
  return concat(ws(), "/Microsoft.SecurityInsights/", name);
}

/** contentTemplate name: `<ws>/Microsoft.SecurityInsights/<ws>-<code>-uniquestring(<contentId>)`. */
export function templateSpecName(code: string, contentId: Arg): Expr {
  return concat(ws(), `-${code}-`, call("uniquestring", contentId));
}

/**
 * contentProductId / id: `take(_solutionId,50)-<code>-uniqueString(_solutionId-<Kind>-<contentId>-<version>)`.
 */
export function contentProductId(code: string, kind: string, contentId: Arg, version: Arg): Expr {
  return concat(
    call("take", solutionIdRef(), 50),
    "-",
    code,
    "-",
    call("uniqueString", concat(solutionIdRef(), "-", kind, "-", contentId, "-", version)),
  );
}

/** Metadata name `<ws>/Microsoft.SecurityInsights/<Kind>-<last segment of the parent id>`. */
export function metadataName(kind: string, parentId: Arg): Expr {
  return sentinelName(concat(`${kind}-`, call("last", call("split", parentId, "/"))));
}

/** Workbooks are named by a GUID derived from the workspace and the content id. */
export function workbookName(contentId: Arg): Expr {
  return call("guid", workspaceResourceIdRef(), contentId);
}

/** `extensionResourceId(resourceId(workspace), type, name)`, written as V3 writes it. */
export function extensionId(type: string, name: Arg): Expr {
  return call("extensionResourceId", WORKSPACE_RESOURCE_ID(), type, name);
}

/**
 * The DCR of a push connector: `<dcrName>-<uniqueString(workspace id)>`, so two workspaces in one
 * resource group never share (and overwrite) a rule. At most 30 + 14 characters.
 */
export function dcrName(c: CcfPushConnector): Expr {
  return concat(`${c.dataCollectionRule.name}-`, call("uniqueString", workspaceResourceIdRef()));
}

/** A created data collection endpoint: at most 44 characters, per workspace. */
export function dceName(c: CcfPushConnector): Expr {
  return concat(
    `${c.dataCollectionRule.name.slice(0, 26)}-`,
    call("uniqueString", workspaceResourceIdRef()),
    "-dce",
  );
}

export const DCE_PARAMETER = "dataCollectionEndpointId";
