/**
 * Azure-Sentinel connector JSON carries no `kind`: what it is shows in its shape. These are the
 * shapes the repository's files take (see Tools/Create-Azure-Sentinel-Solution and the CCF guide):
 *
 * - a legacy connector page: `id`, `title`, ..., `connectivityCriterias` at the top level;
 * - a CLv1 polling connector: `connectorUiConfig` plus `pollingConfig`;
 * - a CCF connector definition: an ARM resource of type `.../dataConnectorDefinitions`
 *   (kind `Customizable`), alone or in an array;
 * - the parts of a CCF connector (pollers, DCRs, tables): ARM resources, usually in an array,
 *   which the packager finds next to the definition.
 */
export type ConnectorShape =
  | { shape: "page" }
  | { shape: "ccfDefinition"; definition: Record<string, unknown> }
  | { shape: "ccfParts"; resources: Array<Record<string, unknown>> }
  | { shape: "polling" }
  | { shape: "unknown" };

const CCF_PART_TYPES = [
  "microsoft.securityinsights/dataconnectors",
  "microsoft.insights/datacollectionrules",
  "microsoft.operationalinsights/workspaces/tables",
];

function resourceType(value: unknown): string {
  const t = (value as { type?: unknown } | null)?.type;
  return typeof t === "string" ? t.toLowerCase() : "";
}

function isCcfDefinition(value: unknown): value is Record<string, unknown> {
  return resourceType(value).endsWith("/dataconnectordefinitions");
}

function isCcfPart(value: unknown): value is Record<string, unknown> {
  const type = resourceType(value);
  return CCF_PART_TYPES.some((t) => type === t || type.endsWith(`/${t.split("/").pop()}`));
}

/** ARM resources of a file: an array of them, one resource, or a template's `resources`. */
export function resourcesOf(value: unknown): Array<Record<string, unknown>> {
  if (Array.isArray(value))
    return value.filter((v): v is Record<string, unknown> => !!v && typeof v === "object");
  if (!value || typeof value !== "object") return [];
  const resources = (value as { resources?: unknown }).resources;
  if (Array.isArray(resources)) return resourcesOf(resources);
  return [value as Record<string, unknown>];
}

export function connectorShape(value: unknown): ConnectorShape {
  const resources = resourcesOf(value);
  const definition = resources.find(isCcfDefinition);
  if (definition) return { shape: "ccfDefinition", definition };
  if (resources.length && resources.every(isCcfPart)) return { shape: "ccfParts", resources };
  if (!value || typeof value !== "object" || Array.isArray(value)) return { shape: "unknown" };
  const v = value as Record<string, unknown>;
  if ("pollingConfig" in v && "connectorUiConfig" in v) return { shape: "polling" };
  if ("connectivityCriterias" in v || ("id" in v && "dataTypes" in v && "title" in v))
    return { shape: "page" };
  return { shape: "unknown" };
}
