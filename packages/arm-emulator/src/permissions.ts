/**
 * A minimal permission model, for testing what a deployer does without a role: writes (PUT,
 * DELETE, ...) and optionally reads (GET, HEAD, LIST) of chosen resource types answer 403
 * `AuthorizationFailed` with ARM's message. Types are ARM types, matched case-insensitively, e.g.
 * `Microsoft.OperationalInsights/workspaces/tables` or `Microsoft.SecurityInsights/alertRules`.
 */
import { type ArmError, armError } from "./http.js";
import { KINDS } from "./resources.js";

export interface PermissionSettings {
  /** Resource types whose writes (PUT, DELETE, PATCH, POST) are denied. */
  denyWrites?: string[];
  /** Resource types whose reads (GET, HEAD, LIST) are denied. */
  denyReads?: string[];
}

/** The caller as ARM names it in a 403: application id and service principal object id. */
export interface Caller {
  clientId: string;
  objectId: string;
}

/** Every type the permission model knows, in ARM's spelling. */
export const PERMISSION_TYPES: readonly string[] = [
  "Microsoft.Resources/resourceGroups",
  ...KINDS.map((k) => k.armType),
];
const CANONICAL = new Map(PERMISSION_TYPES.map((t) => [t.toLowerCase(), t]));

/** Returns what is wrong with the settings, or undefined. */
export function validatePermissions(p: PermissionSettings): string | undefined {
  for (const field of ["denyWrites", "denyReads"] as const) {
    const list = p[field];
    if (list === undefined) continue;
    if (!Array.isArray(list) || list.some((t) => typeof t !== "string"))
      return `${field} must be an array of resource types`;
    const unknown = list.filter((t) => !CANONICAL.has(t.toLowerCase()));
    if (unknown.length) {
      return `${field}: unknown resource types ${unknown.join(", ")} (known: ${PERMISSION_TYPES.join(", ")})`;
    }
  }
  return undefined;
}

const canonical = (list: string[]): string[] => [
  ...new Set(list.map((t) => CANONICAL.get(t.toLowerCase())!)),
];

/** ARM's action verb for a method: reads are `/read`, deletes `/delete`, the other writes `/write`. */
function verbOf(method: string): "read" | "write" | "delete" {
  if (method === "GET" || method === "HEAD") return "read";
  return method === "DELETE" ? "delete" : "write";
}

export class Permissions {
  private denyWrites: string[] = [];
  private denyReads: string[] = [];

  /** Throws on invalid settings (options are checked before the server starts). */
  constructor(initial: PermissionSettings = {}) {
    const problem = this.set(initial);
    if (problem) throw new Error(`invalid permission options: ${problem}`);
  }

  /** Replaces the lists given; returns a problem (and changes nothing) when they are invalid. */
  set(p: PermissionSettings): string | undefined {
    const problem = validatePermissions(p);
    if (problem) return problem;
    if (p.denyWrites !== undefined) this.denyWrites = canonical(p.denyWrites);
    if (p.denyReads !== undefined) this.denyReads = canonical(p.denyReads);
    return undefined;
  }

  settings(): Required<PermissionSettings> {
    return { denyWrites: [...this.denyWrites], denyReads: [...this.denyReads] };
  }

  /** ARM's 403 when `caller` may not do `method` on `armType` at `scope`; undefined when allowed. */
  check(method: string, armType: string, scope: string, caller: Caller): ArmError | undefined {
    const verb = verbOf(method);
    const denied = verb === "read" ? this.denyReads : this.denyWrites;
    const type = CANONICAL.get(armType.toLowerCase()) ?? armType;
    if (!denied.includes(type)) return undefined;
    return armError(
      403,
      "AuthorizationFailed",
      `The client '${caller.clientId}' with object id '${caller.objectId}' does not have authorization to perform action '${type}/${verb}' over scope '${scope}' or the scope is invalid. If access was recently granted, please refresh your credentials.`,
    );
  }
}
