/**
 * The resource types the emulator serves, and what the service adds to or hides from them.
 *
 * Server-added fields mimic what ARM and the resource providers return and what a deployer must
 * normalise away before diffing desired against live state:
 * - every resource: `id`, `name`, `type`, a new `etag` per write, `systemData`;
 * - alertRules: `properties.lastModifiedUtc`; Scheduled rules get
 *   `properties.eventGroupingSettings = {aggregationKind: "SingleAlert"}` when it was omitted;
 * - savedSearches: `properties.version = 2` when omitted;
 * - tables: `provisioningState`, retention defaults (`retentionInDays` 30 from the workspace,
 *   `*AsDefault` flags, `archiveRetentionInDays`), `plan` "Analytics", `lastPlanModifiedDate`,
 *   `schema.tableType`, `schema.tableSubType`, `schema.standardColumns`, `schema.source`;
 * - watchlists: `watchlistId`, `created`, `updated`, `tenantId`, `provisioningState`, `isDeleted`;
 * - dataConnectorDefinitions: `createdTimeUtc`, `lastModifiedUtc` when omitted;
 * - automationRules: `createdTimeUtc`, `lastModifiedTimeUtc`, `createdBy`, `lastModifiedBy` (the
 *   caller as a ClientInfo: its object id);
 * - workbooks: `kind` "shared" when omitted, `timeModified`, `userId`, `revision`; GET and LIST omit
 *   `properties.serializedData` unless `canFetchContent=true` (as the Workbooks RP does);
 * - dataCollectionRules: `immutableId` (`dcr-` + 32 hex, deterministic from the resource id,
 *   stable across updates), `provisioningState`; `kind: "Direct"` rules get `endpoints.logsIngestion`;
 * - dataCollectionEndpoints: `immutableId`, `provisioningState`, `logsIngestion.endpoint` and
 *   `configurationAccess.endpoint` (the emulator's own URL, computed when the response is built);
 * - workspaces: `customerId` (deterministic GUID), `provisioningState`, `sku`, `retentionInDays`,
 *   `createdDate`, `modifiedDate`.
 */
import { createHash } from "node:crypto";
import { kindEntry, type ResolvedContentKind } from "@sentinelctl/content";

export type Scope = "resourceGroup" | "workspace";

export interface WriteContext {
  now: string;
  existing: Record<string, unknown> | undefined;
  key: string;
  name: string;
  tenantId: string;
  principalId: string;
}

export interface ViewContext {
  baseUrl: string;
  query: URLSearchParams;
  list: boolean;
  method: string;
}

export interface KindDef {
  /** Emulator kind name (also the key in recorded requests and the state file). */
  name: string;
  /** Resource-type chain as used by the spec index (`SpecRegistry.typeKeyOf*`). */
  typeKey: string;
  /** ARM `type` value. */
  armType: string;
  scope: Scope;
  /** Path of the resource below its parent id, e.g. `providers/Microsoft.SecurityInsights/alertRules`. */
  childPath: string;
  /** PUT is a long-running operation (202 + Azure-AsyncOperation). */
  lro?: boolean;
  /** Tracked resource: `location` is required and kept. */
  tracked?: boolean;
  /** Adds server-side fields to the body about to be stored. */
  decorate?(body: Record<string, unknown>, ctx: WriteContext): void;
  /** Semantic checks beyond the spec; returns an ARM error or undefined. */
  check?(body: Record<string, unknown>, name: string): { code: string; message: string } | undefined;
  /** Adjusts a stored body for a response (never mutates the stored copy). */
  view?(body: Record<string, unknown>, ctx: ViewContext): Record<string, unknown>;
}

export function hexOf(text: string, len = 32): string {
  return createHash("sha256").update(text).digest("hex").slice(0, len);
}

export function guidOf(text: string): string {
  const h = hexOf(text);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`;
}

function props(body: Record<string, unknown>): Record<string, unknown> {
  if (typeof body.properties !== "object" || body.properties === null || Array.isArray(body.properties)) {
    body.properties = {};
  }
  return body.properties as Record<string, unknown>;
}

function prevProps(ctx: WriteContext): Record<string, unknown> {
  const p = ctx.existing?.properties;
  return typeof p === "object" && p !== null ? (p as Record<string, unknown>) : {};
}

function sentinel(seg: string, decorate?: KindDef["decorate"]): KindDef {
  const def: KindDef = {
    name: seg,
    typeKey: `microsoft.operationalinsights/workspaces/microsoft.securityinsights/${seg.toLowerCase()}`,
    armType: `Microsoft.SecurityInsights/${seg}`,
    scope: "workspace",
    childPath: `providers/Microsoft.SecurityInsights/${seg}`,
  };
  if (decorate) def.decorate = decorate;
  return def;
}

/**
 * A kind the deployer writes: its name, ARM type and where it lives come from the content kind
 * catalogue; `extra` adds what the service does with it.
 */
function catalogued(kind: ResolvedContentKind, extra: Partial<KindDef> = {}): KindDef {
  const { armType, scope } = kindEntry(kind);
  const own = armType.slice(armType.lastIndexOf("/") + 1);
  const typeKey = armType.toLowerCase();
  let base: KindDef;
  if (scope === "resourceGroup") {
    base = { name: own, typeKey, armType, scope, childPath: `providers/${armType}` };
  } else if (typeKey.startsWith("microsoft.operationalinsights/workspaces/")) {
    base = { name: own, typeKey, armType, scope, childPath: own };
  } else {
    base = sentinel(own);
  }
  return { ...base, ...extra };
}

export const WORKSPACES: KindDef = {
  name: "workspaces",
  typeKey: "microsoft.operationalinsights/workspaces",
  armType: "Microsoft.OperationalInsights/workspaces",
  scope: "resourceGroup",
  childPath: "providers/Microsoft.OperationalInsights/workspaces",
  tracked: true,
  check(_body, name) {
    if (!/^[A-Za-z0-9][A-Za-z0-9-]{2,61}[A-Za-z0-9]$/.test(name)) {
      return {
        code: "InvalidParameter",
        message: `Workspace name '${name}' is invalid: 4-63 letters, digits or '-', starting and ending with a letter or digit.`,
      };
    }
    return undefined;
  },
  decorate(body, ctx) {
    const p = props(body);
    const prev = prevProps(ctx);
    p.customerId = guidOf(`customerId|${ctx.key}`);
    p.provisioningState = "Succeeded";
    p.sku ??= prev.sku ?? { name: "PerGB2018" };
    p.retentionInDays ??= prev.retentionInDays ?? 30;
    p.createdDate = prev.createdDate ?? ctx.now;
    p.modifiedDate = ctx.now;
  },
};

export const KINDS: KindDef[] = [
  WORKSPACES,
  catalogued("AnalyticsRule", {
    decorate(body, ctx) {
      const p = props(body);
      p.lastModifiedUtc = ctx.now;
      if (body.kind === "Scheduled" && p.eventGroupingSettings == null) {
        p.eventGroupingSettings = { aggregationKind: "SingleAlert" };
      }
    },
  }),
  catalogued("Metadata"),
  catalogued("DataConnector"),
  catalogued("DataConnectorDefinition", {
    decorate(body, ctx) {
      const p = props(body);
      p.createdTimeUtc ??= prevProps(ctx).createdTimeUtc ?? ctx.now;
      p.lastModifiedUtc = ctx.now;
    },
  }),
  catalogued("AutomationRule", {
    decorate(body, ctx) {
      const p = props(body);
      const prev = prevProps(ctx);
      const caller = { objectId: ctx.principalId };
      p.createdTimeUtc = prev.createdTimeUtc ?? ctx.now;
      p.createdBy = prev.createdBy ?? caller;
      p.lastModifiedTimeUtc = ctx.now;
      p.lastModifiedBy = caller;
    },
  }),
  catalogued("ContentPackage"),
  catalogued("ContentTemplate"),
  sentinel("watchlists", (body, ctx) => {
    const p = props(body);
    const prev = prevProps(ctx);
    p.watchlistId = guidOf(`watchlist|${ctx.key}`);
    p.created = prev.created ?? ctx.now;
    p.updated = ctx.now;
    p.tenantId = ctx.tenantId;
    p.isDeleted = false;
    p.provisioningState = "Succeeded";
  }),
  catalogued("Parser", {
    decorate(body) {
      const p = props(body);
      p.version ??= 2;
    },
  }),
  catalogued("Table", {
    lro: true,
    check(body, name) {
      const p = (body.properties ?? {}) as Record<string, unknown>;
      const schema = (p.schema ?? undefined) as Record<string, unknown> | undefined;
      const columns = Array.isArray(schema?.columns)
        ? (schema.columns as Array<Record<string, unknown>>)
        : [];
      if (typeof schema?.name === "string" && schema.name.toLowerCase() !== name.toLowerCase()) {
        return {
          code: "InvalidParameter",
          message: `properties.schema.name '${schema.name}' must equal the table name '${name}'.`,
        };
      }
      const custom = /_CL$/i.test(name);
      if (!custom && columns.length > 0) {
        return {
          code: "InvalidParameter",
          message: `Table '${name}': custom columns can only be defined on custom tables, whose names end with '_CL'.`,
        };
      }
      if (custom && schema !== undefined) {
        const tg = columns.find((c) => String(c.name) === "TimeGenerated");
        if (!tg || String(tg.type).toLowerCase() !== "datetime") {
          return {
            code: "InvalidParameter",
            message: `Custom table '${name}' must define a 'TimeGenerated' column of type 'dateTime'.`,
          };
        }
      }
      return undefined;
    },
    decorate(body, ctx) {
      const p = props(body);
      const retentionDefault = p.retentionInDays == null || p.retentionInDays === -1;
      if (retentionDefault) p.retentionInDays = 30;
      const totalDefault = p.totalRetentionInDays == null || p.totalRetentionInDays === -1;
      if (totalDefault) p.totalRetentionInDays = p.retentionInDays;
      p.retentionInDaysAsDefault = retentionDefault;
      p.totalRetentionInDaysAsDefault = totalDefault;
      p.archiveRetentionInDays = Number(p.totalRetentionInDays) - Number(p.retentionInDays);
      p.plan ??= "Analytics";
      const prev = prevProps(ctx);
      p.lastPlanModifiedDate =
        prev.plan === p.plan && prev.lastPlanModifiedDate ? prev.lastPlanModifiedDate : ctx.now;
      p.provisioningState = "Succeeded";
      const custom = /_CL$/i.test(ctx.name);
      const schema = (typeof p.schema === "object" && p.schema !== null ? p.schema : {}) as Record<
        string,
        unknown
      >;
      schema.name ??= ctx.name;
      schema.tableType = custom ? "CustomLog" : "Microsoft";
      schema.tableSubType = custom ? "DataCollectionRuleBased" : "Any";
      schema.source = custom ? "customer" : "microsoft";
      schema.standardColumns = [{ name: "TenantId", type: "guid" }];
      p.schema = schema;
    },
  }),
  catalogued("Workbook", {
    tracked: true,
    decorate(body, ctx) {
      const p = props(body);
      body.kind ??= "shared";
      p.timeModified = ctx.now;
      p.userId = ctx.principalId;
      p.revision = hexOf(`${ctx.key}|${ctx.now}|${JSON.stringify(p.serializedData ?? "")}`);
    },
    view(body, ctx) {
      if (ctx.method === "PUT" || ctx.query.get("canFetchContent")?.toLowerCase() === "true") return body;
      const p = { ...(body.properties as Record<string, unknown>) };
      delete p.serializedData;
      return { ...body, properties: p };
    },
  }),
  catalogued("DataCollectionRule", {
    tracked: true,
    decorate(body, ctx) {
      const p = props(body);
      p.immutableId = `dcr-${hexOf(`dcr|${ctx.key}`)}`;
      p.provisioningState = "Succeeded";
    },
    view(body, ctx) {
      if (body.kind !== "Direct") return body;
      const p = { ...(body.properties as Record<string, unknown>) };
      p.endpoints = { logsIngestion: ctx.baseUrl };
      return { ...body, properties: p };
    },
  }),
  catalogued("DataCollectionEndpoint", {
    tracked: true,
    decorate(body, ctx) {
      const p = props(body);
      p.immutableId = `dce-${hexOf(`dce|${ctx.key}`)}`;
      p.provisioningState = "Succeeded";
    },
    view(body, ctx) {
      const p = { ...(body.properties as Record<string, unknown>) };
      p.logsIngestion = { endpoint: ctx.baseUrl };
      p.configurationAccess = { endpoint: ctx.baseUrl };
      return { ...body, properties: p };
    },
  }),
];

export function kindByTypeKey(typeKey: string): KindDef | undefined {
  return KINDS.find((k) => k.typeKey === typeKey);
}
