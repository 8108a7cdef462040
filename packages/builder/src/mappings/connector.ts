import type { CcfPushConnector, DataConnector, InstructionStep } from "@sentinelctl/content";
import type { Json } from "../arm/expr.js";

export const DEPRECATED_PREFIX = "[Deprecated] ";

/** The page title; a deprecated connector gets "[Deprecated] " in front, once. */
export function connectorTitle(c: DataConnector): string {
  if (!c.deprecated || /^\[deprecated\]/i.test(c.title.trim())) return c.title;
  return `${DEPRECATED_PREFIX}${c.title}`;
}

/** Instruction steps with empty strings and empty arrays dropped (as V3). */
export function instructionSteps(steps: readonly InstructionStep[], requireParameters = false): Json[] {
  return steps.map((s) => {
    const out: Record<string, Json> = {};
    if (s.title) out.title = s.title;
    if (s.description) out.description = s.description;
    if (s.instructions?.length) {
      out.instructions = s.instructions.map((i) => {
        const inst: Record<string, Json> = {};
        if (i.parameters && Object.keys(i.parameters).length) inst.parameters = i.parameters as Json;
        else if (requireParameters) inst.parameters = {};
        inst.type = i.type;
        return inst;
      });
    }
    if (s.innerSteps?.length) out.innerSteps = instructionSteps(s.innerSteps, requireParameters);
    return out;
  });
}

function permissions(c: DataConnector): Json {
  return JSON.parse(JSON.stringify(c.permissions ?? {})) as Json;
}

/** The connector page's chart queries, sample queries and data types (GenericUI and CCF alike). */
function queriesAndDataTypes(c: DataConnector): Record<string, Json> {
  return {
    graphQueries: (c.graphQueries ?? []).map((q) => ({
      metricName: q.metricName,
      legend: q.legend,
      baseQuery: q.baseQuery,
    })),
    sampleQueries: (c.sampleQueries ?? []).map((q) => ({ description: q.description, query: q.query })),
    dataTypes: c.dataTypes.map((d) => ({ name: d.name, lastDataReceivedQuery: d.lastDataReceivedQuery })),
  };
}

function connectivityCriteria(c: DataConnector): Json[] {
  return (c.connectivityCriterias ?? []).map((k) => ({ type: k.type, value: [...(k.value ?? [])] }));
}

/** The table the connector page charts (the live GenericUI API wants it named). */
export function graphQueriesTableName(c: DataConnector): string {
  return (c.dataTypes[0]?.name ?? "").split(/[\s(]/)[0] ?? "";
}

/**
 * connectorUiConfig of a GenericUI data connector: `template` is the 2021-03-01-preview shape
 * Content Hub packages carry (connectivityCriterias), `live` the 2025-07-01-preview API shape
 * (connectivityCriteria and graphQueriesTableName).
 */
export function genericUiConfig(
  c: DataConnector,
  id: Json,
  mode: "template" | "live",
): Record<string, Json | undefined> {
  const criteria = connectivityCriteria(c);
  const base = {
    id,
    title: connectorTitle(c),
    publisher: c.publisher,
    descriptionMarkdown: c.descriptionMarkdown,
    graphQueriesTableName: mode === "live" ? graphQueriesTableName(c) : undefined,
    ...queriesAndDataTypes(c),
    connectivityCriterias: mode === "template" ? criteria : undefined,
    connectivityCriteria: mode === "live" ? criteria : undefined,
  };
  // A first-party page (StaticUI) carries only what describes it, as V3 writes it.
  if (c.kind === "StaticUI") return base;
  return {
    ...base,
    // V3 forces isPreview off; the status the author wrote is kept.
    availability: { status: c.availability?.status ?? 1, isPreview: false },
    ...(c.additionalRequirementBanner ? { additionalRequirementBanner: c.additionalRequirementBanner } : {}),
    permissions: permissions(c),
    instructionSteps: instructionSteps(c.instructionSteps ?? []),
  };
}

/** connectorUiConfig of a CCF (Customizable) connector definition; the same in package and API. */
export function ccfDefinitionUiConfig(c: CcfPushConnector, id: Json): Record<string, Json | undefined> {
  return {
    id,
    title: connectorTitle(c),
    publisher: c.publisher,
    descriptionMarkdown: c.descriptionMarkdown,
    ...queriesAndDataTypes(c),
    connectivityCriteria: connectivityCriteria(c),
    availability: { status: 1, isPreview: false },
    permissions: permissions(c),
    instructionSteps: instructionSteps(c.instructionSteps, true),
  };
}
