/**
 * The state at start: load the state file, settle operations a restart interrupted, and create
 * the seed workspaces (and their resource groups) that are missing.
 */
import {
  DEFAULT_LOCATION,
  DEFAULT_RESOURCE_GROUP,
  DEFAULT_SUBSCRIPTION_ID,
  DEFAULT_WORKSPACE,
} from "./constants.js";
import type { Identity } from "./context.js";
import { settleInterruptedOperations } from "./lro.js";
import type { SeedWorkspace } from "./options.js";
import { finishWrite, newEtag, resourceGroupId, resourceGroupRecord } from "./resource-meta.js";
import { WORKSPACES } from "./resources.js";
import { Store, type StoredResource } from "./store.js";

function ensureResourceGroup(store: Store, sub: string, rg: string, location: string): StoredResource {
  const id = resourceGroupId(sub, rg);
  const existing = store.get(id);
  if (existing) return existing;
  const res = resourceGroupRecord(sub, id, rg, location);
  store.put(res);
  return res;
}

function seedWorkspace(store: Store, ws: SeedWorkspace, identity: Identity, nowIso: () => string): void {
  const location = ws.location ?? DEFAULT_LOCATION;
  const rg = ensureResourceGroup(store, ws.subscriptionId, ws.resourceGroup, location);
  const id = `${rg.id}/${WORKSPACES.childPath}/${ws.name}`;
  if (store.get(id)) return;
  const now = nowIso();
  const key = id.toLowerCase();
  const body: Record<string, unknown> = {
    id,
    name: ws.name,
    type: WORKSPACES.armType,
    location,
    etag: newEtag(store, key),
    properties: {},
  };
  finishWrite(WORKSPACES, body, { now, existing: undefined, key, name: ws.name }, identity);
  store.put({ key, id, kind: WORKSPACES.name, parentKey: rg.key, body });
}

/**
 * Opens the store. Without `workspaces`, the default seed is created only when there was no state
 * file yet (a deleted seed workspace stays deleted); explicit seeds are re-created when missing.
 */
export function openState(
  opts: { stateFile?: string; workspaces?: SeedWorkspace[] },
  identity: Identity,
  nowIso: () => string,
): { store: Store; seeds: SeedWorkspace[] } {
  const store = new Store(opts.stateFile);
  const existed = store.load();
  settleInterruptedOperations(store);
  const seeds =
    opts.workspaces ??
    (existed
      ? []
      : [
          {
            subscriptionId: DEFAULT_SUBSCRIPTION_ID,
            resourceGroup: DEFAULT_RESOURCE_GROUP,
            name: DEFAULT_WORKSPACE,
            location: DEFAULT_LOCATION,
          },
        ]);
  for (const ws of seeds) seedWorkspace(store, ws, identity, nowIso);
  return { store, seeds };
}
