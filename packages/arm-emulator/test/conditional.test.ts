/**
 * Etags and conditional requests on every resource type the emulator serves, as ARM's resource
 * providers answer them: If-Match / If-None-Match on PUT and DELETE (412), If-None-Match on GET
 * (304), and two writes racing for one resource settle with exactly one winner.
 */
import { type EmulatorHandle, KINDS, type KindDef, sharedSpecRegistry, startEmulator } from "../src/index.js";
import { call, RG_ID, WS_ID } from "./helpers.js";

let emu: EmulatorHandle;
let token: string;
beforeAll(async () => {
  // Bodies are minimal here: the spec checks are covered elsewhere.
  emu = await startEmulator({ validateBodies: false, lroPolls: 0 });
  token = emu.issueToken();
});
afterAll(() => emu.close());

function resourceUrl(kind: KindDef, name: string): string {
  const parent = kind.scope === "workspace" ? WS_ID : RG_ID;
  const version = sharedSpecRegistry().apiVersions(kind.typeKey).at(-1) ?? "2025-01-01";
  return `${parent}/${kind.childPath}/${name}?api-version=${version}`;
}

function bodyFor(kind: KindDef, name: string, marker: string): Record<string, unknown> {
  if (kind.name === "tables") {
    return {
      properties: {
        schema: { name, description: marker, columns: [{ name: "TimeGenerated", type: "datetime" }] },
      },
    };
  }
  return { ...(kind.tracked ? { location: "westeurope" } : {}), properties: { description: marker } };
}

function nameFor(kind: KindDef, suffix: string): string {
  return kind.name === "tables" ? `Cond${suffix}_CL` : `cond-${kind.name.toLowerCase()}-${suffix}`;
}

const etagOf = (r: { headers: Record<string, unknown>; body: unknown }): string =>
  String(r.headers.etag ?? (r.body as { etag?: string } | undefined)?.etag);

describe.each(KINDS.map((k) => [k.name, k] as const))("%s", (_name, kind) => {
  test("If-None-Match: * creates once; If-Match guards updates and deletes; GET answers 304", async () => {
    const url = resourceUrl(kind, nameFor(kind, "a"));
    const created = await call(emu, "PUT", url, {
      token,
      body: bodyFor(kind, nameFor(kind, "a"), "one"),
      headers: { "if-none-match": "*" },
    });
    expect([200, 201, 202]).toContain(created.status);
    const etag = etagOf(created);
    expect(etag).toMatch(/^"[0-9a-f-]{36}"$/);

    const again = await call(emu, "PUT", url, {
      token,
      body: bodyFor(kind, nameFor(kind, "a"), "one"),
      headers: { "if-none-match": "*" },
    });
    expect(again.status).toBe(412);
    expect((again.body as { error: { code: string } }).error.code).toBe("PreconditionFailed");

    const notModified = await call(emu, "GET", url, { token, headers: { "if-none-match": etag } });
    expect(notModified.status).toBe(304);
    expect(notModified.headers.etag).toBe(etag);
    const listed = (await call(emu, "GET", url.replace(/\/[^/?]+\?/, "?"), { token })).body as {
      value: Array<{ name: string; etag: string }>;
    };
    expect(listed.value.find((v) => v.name === nameFor(kind, "a"))?.etag).toBe(etag);

    const stale = await call(emu, "PUT", url, {
      token,
      body: bodyFor(kind, nameFor(kind, "a"), "two"),
      headers: { "if-match": '"00000000-0000-0000-0000-000000000000"' },
    });
    expect(stale.status).toBe(412);
    const updated = await call(emu, "PUT", url, {
      token,
      body: bodyFor(kind, nameFor(kind, "a"), "two"),
      headers: { "if-match": etag },
    });
    expect([200, 202]).toContain(updated.status);
    const newEtag = etagOf(updated);
    expect(newEtag).not.toBe(etag);

    expect((await call(emu, "DELETE", url, { token, headers: { "if-match": etag } })).status).toBe(412);
    expect((await call(emu, "GET", url, { token })).status).toBe(200);
    expect((await call(emu, "DELETE", url, { token, headers: { "if-match": newEtag } })).status).toBe(200);
    expect((await call(emu, "GET", url, { token })).status).toBe(404);
    // If-Match on a resource that is gone can never be met
    expect((await call(emu, "DELETE", url, { token, headers: { "if-match": newEtag } })).status).toBe(412);
  });

  test("two creates racing with If-None-Match: * have exactly one winner", async () => {
    emu.setFaults({ latencyMs: 30 });
    try {
      const name = nameFor(kind, "race");
      const url = resourceUrl(kind, name);
      const [a, b] = await Promise.all(
        ["first", "second"].map((marker) =>
          call(emu, "PUT", url, {
            token,
            body: bodyFor(kind, name, marker),
            headers: { "if-none-match": "*" },
          }),
        ),
      );
      const statuses = [a!.status, b!.status].sort();
      expect(statuses.filter((s) => s === 412)).toHaveLength(1);
      expect(statuses.filter((s) => s >= 200 && s < 300)).toHaveLength(1);
    } finally {
      emu.setFaults({ latencyMs: 0 });
    }
  });
});
