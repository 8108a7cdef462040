import { createHash } from "node:crypto";

/**
 * ARM `guid(a, b, ...)`, computed offline: a name-based (version 5, SHA-1) UUID per RFC 4122
 * section 4.3 / RFC 9562 section 5.5, over ARM's fixed namespace, with the arguments joined by
 * '-' and encoded as UTF-8 (Microsoft documents the RFC 4122 basis; the namespace and the join
 * are the public, widely-reproduced facts; see test/arm-functions.test.ts).
 */
export const ARM_GUID_NAMESPACE = "11fb06fb-712d-4ddd-98c7-e71bbd588830";

const encoder = new TextEncoder();

function uuidBytes(uuid: string): Buffer {
  const hex = uuid.replace(/-/g, "");
  if (!/^[0-9a-fA-F]{32}$/.test(hex)) throw new Error(`Not a UUID: ${uuid}`);
  return Buffer.from(hex, "hex");
}

/** RFC 4122 version-5 UUID of `name` in `namespace` (both in network byte order). */
export function uuidV5(namespace: string, name: string): string {
  const hash = createHash("sha1").update(uuidBytes(namespace)).update(encoder.encode(name)).digest();
  const b = hash.subarray(0, 16);
  b[6] = (b[6]! & 0x0f) | 0x50;
  b[8] = (b[8]! & 0x3f) | 0x80;
  const h = b.toString("hex");
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

/** ARM `guid(a, b, ...)`. */
export function armGuid(...args: string[]): string {
  if (args.length === 0) throw new Error("guid needs at least one argument");
  return uuidV5(ARM_GUID_NAMESPACE, args.join("-"));
}
