/**
 * The kind catalogue (@sentinelctl/content) is the one source of types, api-versions, phases and
 * labels: ids built from it parse back to it, the deployer's type table and the pruner's labels
 * come from it, and the emulator serves every type in it.
 */
import { KINDS as EMULATOR_KINDS } from "@sentinelctl/arm-emulator";
import {
  API_VERSIONS,
  collectionId,
  KIND_ENTRIES,
  kindEntry,
  kindResourceId,
  OWNER_SOURCE_NAME,
  PHASES,
} from "@sentinelctl/content";
import { computePlan, type LiveState, parseResourceId, typeInfo } from "../src/index.js";
import { liveContentKind } from "../src/resource-id.js";
import { RG, SUB, WS } from "./fixtures.js";

const TARGET = { subscriptionId: SUB, resourceGroup: RG, workspace: WS };
const SOLUTION = "contoso.widgets";

describe("the kind catalogue", () => {
  test.each(KIND_ENTRIES.map((e) => [e.kind, e] as const))(
    "%s round-trips through a resource id",
    (kind, entry) => {
      const id = kindResourceId(kind, TARGET, "item-1");
      const parsed = parseResourceId(id);
      expect(parsed.type).toBe(entry.armType);
      expect(parsed.name).toBe("item-1");
      expect(parsed.subscriptionId).toBe(SUB);
      expect(parsed.resourceGroup).toBe(RG);
      expect(parsed.collection).toBe(collectionId(kind, TARGET));
      const info = typeInfo(parsed.type);
      expect(info?.apiVersion).toBe(API_VERSIONS.live[entry.apiKey]);
      expect(liveContentKind(info!, entry.metadataKind)).toBe(kind);
    },
  );

  test("a workspace kind's id lies below the workspace, a resource-group kind's beside it", () => {
    const ws = `/subscriptions/${SUB}/resourceGroups/${RG}/providers/Microsoft.OperationalInsights/workspaces/${WS}`;
    expect(kindResourceId("Table", TARGET, "T_CL")).toBe(`${ws}/tables/T_CL`);
    expect(kindResourceId("AnalyticsRule", TARGET, "r")).toBe(
      `${ws}/providers/Microsoft.SecurityInsights/alertRules/r`,
    );
    expect(kindResourceId("Workbook", TARGET, "w")).toBe(
      `/subscriptions/${SUB}/resourceGroups/${RG}/providers/Microsoft.Insights/workbooks/w`,
    );
  });

  test("phases come from the catalogue; metadata is applied last", () => {
    for (const e of KIND_ENTRIES) expect(PHASES[e.kind]).toBe(e.phase);
    expect(Math.max(...KIND_ENTRIES.map((e) => e.phase))).toBe(kindEntry("Metadata").phase);
  });

  test("an unknown metadata kind falls back to the first kind of the type", () => {
    const info = typeInfo("microsoft.operationalinsights/workspaces/SAVEDSEARCHES")!;
    expect(liveContentKind(info, "SomethingElse")).toBe("Parser");
    expect(liveContentKind(info, "HuntingQuery")).toBe("HuntingQuery");
  });

  test("the emulator serves every type of the catalogue", () => {
    const served = new Set(EMULATOR_KINDS.map((k) => k.armType));
    const missing = KIND_ENTRIES.filter((e) => !served.has(e.armType)).map((e) => e.kind);
    expect(missing).toEqual([]);
  });
});

describe("prune labels and phases come from the catalogue", () => {
  const recorded = KIND_ENTRIES.filter((e) => e.metadataKind !== undefined);

  /** A live workspace holding one item of each recorded kind, each with its owned metadata, none declared. */
  function liveState(): LiveState {
    const resources = new Map<string, Record<string, unknown>>();
    const metadata: Array<Record<string, unknown>> = [];
    const listed = new Set<string>();
    for (const e of recorded) {
      const id = kindResourceId(e.kind, TARGET, `gone-${e.kind}`);
      resources.set(id.toLowerCase(), { id, properties: { displayName: `Gone ${e.kind}` } });
      listed.add(collectionId(e.kind, TARGET).toLowerCase());
      const m = {
        id: kindResourceId("Metadata", TARGET, `meta-${e.kind}`),
        properties: {
          parentId: id,
          kind: e.metadataKind,
          contentId: `gone-${e.kind}`,
          source: { kind: "SourceRepository", name: OWNER_SOURCE_NAME, sourceId: SOLUTION },
        },
      };
      resources.set(m.id.toLowerCase(), m);
      metadata.push(m);
    }
    listed.add(collectionId("Metadata", TARGET).toLowerCase());
    return { resources, listed, metadata };
  }

  test("each pruned resource is labelled with its kind (a hunting query is a HuntingQuery)", () => {
    const plan = computePlan([{ id: SOLUTION, resources: [] }], liveState(), {
      prune: true,
      allowDataLoss: true,
      subscriptionId: SUB,
      resourceGroup: RG,
    });
    const deleted = plan.items.filter((i) => i.action === "delete" && i.contentKind !== "Metadata");
    expect(deleted.map((i) => [i.displayName, i.contentKind, i.phase]).sort()).toEqual(
      recorded.map((e) => [`Gone ${e.kind}`, e.kind, e.phase]).sort(),
    );
    const hunting = deleted.find((i) => i.displayName === "Gone HuntingQuery");
    expect(hunting?.contentKind).toBe("HuntingQuery");
  });

  test("kinds that hold data are kept without --allow-data-loss", () => {
    const plan = computePlan([{ id: SOLUTION, resources: [] }], liveState(), {
      prune: true,
      subscriptionId: SUB,
      resourceGroup: RG,
    });
    const kept = plan.items.filter((i) => i.action === "kept").map((i) => i.contentKind);
    expect(kept.sort()).toEqual(
      recorded
        .filter((e) => e.holdsData)
        .map((e) => e.kind)
        .sort(),
    );
  });
});
