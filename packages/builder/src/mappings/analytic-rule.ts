import type { AnalyticRule } from "@sentinelctl/content";
import { toIsoDuration } from "@sentinelctl/content";
import type { Json } from "../arm/expr.js";

/** Detection YAML operators to the API's names (V3: gt/lt/eq/ne or the full names). */
const OPERATORS: Record<string, string> = {
  gt: "GreaterThan",
  lt: "LessThan",
  eq: "Equal",
  ne: "NotEqual",
  greaterthan: "GreaterThan",
  lessthan: "LessThan",
  equal: "Equal",
  notequal: "NotEqual",
};

export function operatorName(op: string): string {
  return OPERATORS[op.toLowerCase()] ?? op;
}

export const DEFAULT_SUPPRESSION_DURATION = "PT1H";
export const DEFAULT_GROUPING_LOOKBACK = "PT5H";

function iso(text: string | undefined): string | undefined {
  return text === undefined ? undefined : (toIsoDuration(text) ?? text);
}

/** Parent techniques (T1071 from T1071.001) and sub-techniques, each de-duplicated in order. */
export function splitTechniques(ids: readonly string[] = []): {
  techniques: string[];
  subTechniques: string[];
} {
  const techniques: string[] = [];
  const subTechniques: string[] = [];
  for (const id of ids) {
    const parent = id.split(".")[0]!;
    if (!techniques.includes(parent)) techniques.push(parent);
    if (id.includes(".") && !subTechniques.includes(id)) subTechniques.push(id);
  }
  return { techniques, subTechniques };
}

function nonEmpty<T>(a: T[] | undefined): T[] | undefined {
  return a && a.length > 0 ? a : undefined;
}

/** Drops null and undefined members (empty YAML values such as `alertSeverityColumnName:`). */
function compact<T extends object>(o: T | undefined): Json | undefined {
  if (!o) return undefined;
  const out: Record<string, Json> = {};
  for (const [k, v] of Object.entries(o)) {
    if (v === null || v === undefined) continue;
    if (Array.isArray(v) && v.length === 0) continue;
    out[k] = v as Json;
  }
  return Object.keys(out).length ? out : undefined;
}

function incidentConfiguration(rule: AnalyticRule, live: boolean): Json | undefined {
  const ic = rule.incidentConfiguration;
  if (!ic) return undefined;
  const g = ic.groupingConfiguration;
  const grouping: Json | undefined = g
    ? (compact({
        enabled: g.enabled,
        // The live API requires all four; the package keeps what the author wrote.
        reopenClosedIncident: g.reopenClosedIncident ?? (live ? false : undefined),
        lookbackDuration: iso(g.lookbackDuration) ?? (live ? DEFAULT_GROUPING_LOOKBACK : undefined),
        matchingMethod: g.matchingMethod ?? (live ? "AllEntities" : undefined),
        groupByEntities: nonEmpty(g.groupByEntities),
        groupByAlertDetails: nonEmpty(g.groupByAlertDetails),
        groupByCustomDetails: nonEmpty(g.groupByCustomDetails),
      }) as Json)
    : undefined;
  return { createIncident: ic.createIncident, groupingConfiguration: grouping };
}

/**
 * A rule description as V3 writes it: trailing white space dropped, and the quotes many
 * repository rules wrap their description in (`description: |` then `'Detects ...'`) removed.
 */
export function v3Description(text: string): string {
  const trimmed = text.replace(/\s+$/, "");
  const quoted = /^\s*(['"])([\s\S]*)\1$/.exec(trimmed);
  return quoted ? quoted[2]!.replace(/\s+$/, "") : trimmed;
}

/**
 * The rule's properties, field by field as V3 maps detection YAML: `template` gives the
 * AlertRuleTemplates properties of a package, `live` the alertRules properties of a deployed rule
 * (enabled, linked to its template by alertRuleTemplateName/templateVersion).
 */
export function alertRuleProperties(
  rule: AnalyticRule,
  mode: "template" | "live",
): Record<string, Json | undefined> {
  const live = mode === "live";
  const scheduled = rule.kind === "Scheduled";
  const { techniques, subTechniques } = splitTechniques(rule.relevantTechniques);
  const props: Record<string, Json | undefined> = {};
  if (live) {
    props.alertRuleTemplateName = rule.id;
    props.templateVersion = rule.version ?? "1.0.0";
  }
  props.description = v3Description(rule.description);
  props.displayName = rule.name;
  props.enabled = live;
  props.query = rule.query;
  if (scheduled) {
    props.queryFrequency = iso(rule.queryFrequency);
    props.queryPeriod = iso(rule.queryPeriod);
  }
  props.severity = rule.severity;
  props.suppressionDuration = iso(rule.suppressionDuration) ?? DEFAULT_SUPPRESSION_DURATION;
  props.suppressionEnabled = rule.suppressionEnabled ?? false;
  if (scheduled) {
    props.triggerOperator = operatorName(rule.triggerOperator);
    props.triggerThreshold = rule.triggerThreshold;
  }
  if (!live) {
    props.status = rule.status ?? "Available";
    props.requiredDataConnectors = (rule.requiredDataConnectors ?? []).map((c) => ({
      connectorId: c.connectorId,
      dataTypes: [...c.dataTypes],
    }));
  }
  props.tactics = nonEmpty((rule.tactics ?? []).map((t) => t.replace(/\s+/g, "")));
  props.techniques = nonEmpty(techniques);
  props.subTechniques = nonEmpty(subTechniques);
  props.entityMappings = nonEmpty(
    (rule.entityMappings ?? []).map((m) => ({
      entityType: m.entityType,
      fieldMappings: m.fieldMappings.map((f) => ({ identifier: f.identifier, columnName: f.columnName })),
    })),
  );
  props.customDetails =
    rule.customDetails && Object.keys(rule.customDetails).length ? { ...rule.customDetails } : undefined;
  const ado = rule.alertDetailsOverride;
  props.alertDetailsOverride = ado
    ? compact({
        alertDisplayNameFormat: ado.alertDisplayNameFormat,
        alertDescriptionFormat: ado.alertDescriptionFormat,
        alertTacticsColumnName: ado.alertTacticsColumnName,
        alertSeverityColumnName: ado.alertSeverityColumnName,
        alertDynamicProperties: nonEmpty(
          (ado.alertDynamicProperties ?? []).map((p) => ({ alertProperty: p.alertProperty, value: p.value })),
        ),
      })
    : undefined;
  props.eventGroupingSettings = rule.eventGroupingSettings
    ? { aggregationKind: rule.eventGroupingSettings.aggregationKind }
    : undefined;
  props.incidentConfiguration = incidentConfiguration(rule, live);
  props.sentinelEntitiesMappings = nonEmpty(
    (rule.sentinelEntitiesMappings ?? []).map((m) => ({ columnName: m.columnName })),
  );
  return props;
}
