/**
 * The ARM emulator is a test double: no production path may depend on it. Only the CLI may list
 * it as a dependency (for its `emulator` command); only that command imports it statically, and
 * the emulator credential module loads its constants lazily, on the loopback-endpoint path.
 */
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";

const ROOT = path.resolve(import.meta.dirname, "../../..");
const PACKAGES = path.join(ROOT, "packages");
const EMULATOR = "@sentinelctl/arm-emulator";

const packageDirs = readdirSync(PACKAGES, { withFileTypes: true })
  .filter((d) => d.isDirectory() && d.name !== "arm-emulator")
  .map((d) => d.name);

function sourceFiles(dir: string): string[] {
  const out: string[] = [];
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...sourceFiles(p));
    else if (/\.(ts|js|mjs|cjs)$/.test(e.name)) out.push(p);
  }
  return out;
}

const STATIC_IMPORT = new RegExp(`(?:^|\\n)\\s*(?:import|export)[^;]*?from\\s*["']${EMULATOR}[/"']`);
const ANY_IMPORT = new RegExp(`["']${EMULATOR}(?:/[\\w-]+)?["']`);

describe("the emulator stays out of the production path", () => {
  test("only the CLI lists the emulator among its dependencies (others: devDependencies)", () => {
    const offenders = packageDirs.filter((name) => {
      const pkg = JSON.parse(readFileSync(path.join(PACKAGES, name, "package.json"), "utf8")) as {
        dependencies?: Record<string, string>;
      };
      return name !== "cli" && pkg.dependencies?.[EMULATOR] !== undefined;
    });
    expect(offenders).toEqual([]);
  });

  test("no production source imports it, but the emulator command (static) and the credential module (lazy)", () => {
    const allowedStatic = new Set(["packages/cli/src/commands/emulator.ts"]);
    const allowedLazy = new Set(["packages/cli/src/emulator-credential.ts"]);
    const found: string[] = [];
    for (const name of packageDirs) {
      for (const file of sourceFiles(path.join(PACKAGES, name, "src"))) {
        const rel = path.relative(ROOT, file).split(path.sep).join("/");
        const text = readFileSync(file, "utf8");
        if (!ANY_IMPORT.test(text)) continue;
        if (allowedStatic.has(rel)) continue;
        if (allowedLazy.has(rel) && !STATIC_IMPORT.test(text)) continue;
        found.push(rel);
      }
    }
    expect(found).toEqual([]);
  });

  test("the scan sees a static import where there is one", () => {
    const command = readFileSync(path.join(PACKAGES, "cli/src/commands/emulator.ts"), "utf8");
    expect(STATIC_IMPORT.test(command)).toBe(true);
    const credential = readFileSync(path.join(PACKAGES, "cli/src/emulator-credential.ts"), "utf8");
    expect(ANY_IMPORT.test(credential)).toBe(true);
    expect(STATIC_IMPORT.test(credential)).toBe(false);
  });
});
