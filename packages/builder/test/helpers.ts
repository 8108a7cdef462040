import { cp, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { DeployTarget } from "@sentinelctl/content";

export const HERE = path.dirname(fileURLToPath(import.meta.url));
export const FIXTURES = path.join(HERE, "fixtures");
export const GOLDEN = path.join(HERE, "golden");
export const REPO = path.resolve(HERE, "../../..");

/** The workspace every resolution test uses (the emulator's defaults). */
export const TARGET: DeployTarget = {
  subscriptionId: "00000000-0000-0000-0000-000000000000",
  resourceGroup: "sentinel-rg",
  workspace: "sentinel-ws",
  location: "westeurope",
};

/** A scratch copy of a fixture solution (to break it, or to build into). */
export async function scratchCopy(
  fixture: string,
): Promise<{ dir: string; root: string; cleanup: () => Promise<void> }> {
  const root = await mkdtemp(path.join(tmpdir(), "sentinelctl-builder-"));
  const dir = path.join(root, fixture);
  await cp(path.join(FIXTURES, fixture), dir, { recursive: true });
  return { dir, root, cleanup: () => rm(root, { recursive: true, force: true }) };
}

/** JSON read back in assertions (deep property access without casts at every step). */
// biome-ignore lint/suspicious/noExplicitAny: test-only shorthand for untyped JSON
export type AnyJson = any;
