/**
 * The emulator's resource state: an in-memory map keyed by lower-cased resource id, optionally
 * persisted to a JSON file. Writes are atomic (temp file in the same folder, then rename), so a
 * crash or a kill never leaves a half-written state file. Changes are coalesced: the file is
 * rewritten at most every `flushDelayMs` (default 20 ms) and always on `flush()` (called by the
 * emulator's close()), so a burst of PUTs against a large state does not rewrite megabytes per
 * request.
 */
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";

export interface StoredResource {
  /** Lower-cased resource id: the key. */
  key: string;
  /** Canonical resource id, in the casing of the first create. */
  id: string;
  /** Emulator resource kind (`alertRules`, `workspaces`, `resourceGroups`, ...). */
  kind: string;
  /** Lower-cased id of the parent (resource group or workspace; "" for resource groups). */
  parentKey: string;
  /** The full resource as ARM returns it (id, name, type, etag, systemData, properties, ...). */
  body: Record<string, unknown>;
}

export interface StateSnapshot {
  format: "sentinelctl-arm-emulator-state";
  version: 1;
  /** Monotonic write counter (drives etags). */
  seq: number;
  resources: StoredResource[];
}

const byKey = (a: StoredResource, b: StoredResource): number => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0);

export class Store {
  private readonly resources = new Map<string, StoredResource>();
  private timer: NodeJS.Timeout | undefined;
  seq = 0;

  constructor(
    private readonly file?: string,
    private readonly flushDelayMs = 20,
  ) {}

  /** Loads the state file if there is one. Returns whether a state file existed. */
  load(): boolean {
    if (!this.file || !existsSync(this.file)) return false;
    const raw = JSON.parse(readFileSync(this.file, "utf8")) as Partial<StateSnapshot>;
    if (raw.format !== "sentinelctl-arm-emulator-state" || !Array.isArray(raw.resources)) {
      throw new Error(`${this.file} is not an ARM emulator state file`);
    }
    this.seq = typeof raw.seq === "number" ? raw.seq : 0;
    for (const r of raw.resources) this.resources.set(r.key, r);
    return true;
  }

  get(key: string): StoredResource | undefined {
    return this.resources.get(key.toLowerCase());
  }

  put(resource: StoredResource): void {
    this.resources.set(resource.key, resource);
    this.changed();
  }

  /** Deletes a resource and everything below it. Returns the number of resources removed. */
  delete(key: string): number {
    const k = key.toLowerCase();
    let removed = 0;
    for (const r of [...this.resources.keys()]) {
      if (r === k || r.startsWith(`${k}/`)) {
        this.resources.delete(r);
        removed++;
      }
    }
    if (removed) this.changed();
    return removed;
  }

  /** Resources of one kind under one parent, ordered by id. */
  list(kind: string, parentKey: string): StoredResource[] {
    return [...this.resources.values()]
      .filter((r) => r.kind === kind && r.parentKey === parentKey)
      .sort(byKey);
  }

  /** All resources, live (not copies): for read-only scans. */
  all(): IterableIterator<StoredResource> {
    return this.resources.values();
  }

  nextSeq(): number {
    this.seq += 1;
    return this.seq;
  }

  /** A deep copy of the state, resources ordered by id. */
  snapshot(): StateSnapshot {
    return structuredClone(this.current());
  }

  /** The state as the state file holds it (shares the live resources). */
  private current(): StateSnapshot {
    return {
      format: "sentinelctl-arm-emulator-state",
      version: 1,
      seq: this.seq,
      resources: [...this.resources.values()].sort(byKey),
    };
  }

  private changed(): void {
    if (!this.file || this.timer) return;
    this.timer = setTimeout(() => {
      try {
        this.flush();
      } catch (e) {
        process.stderr.write(`arm-emulator: could not write ${this.file}: ${(e as Error).message}\n`);
      }
    }, this.flushDelayMs);
    this.timer.unref();
  }

  /** Writes the state file now (atomically) if there is one. */
  flush(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    if (!this.file) return;
    mkdirSync(path.dirname(this.file), { recursive: true });
    const tmp = `${this.file}.${process.pid}.${Date.now()}.tmp`;
    try {
      writeFileSync(tmp, `${JSON.stringify(this.current())}\n`);
      renameSync(tmp, this.file);
    } catch (e) {
      rmSync(tmp, { force: true });
      throw e;
    }
  }
}
