/** Pure parts: normalisation, planning, ownership, targets parsing, error wording, redaction. */
import { RestError } from "@azure/core-rest-pipeline";
import { OWNER_SOURCE_NAME } from "@sentinelctl/content";
import {
  computePlan,
  describeError,
  diffResource,
  type LiveState,
  parseResourceId,
  parseTargets,
  redact,
  registerSecret,
  resolveCloud,
  roleFor,
} from "../src/index.js";
import { retryAfterMs } from "../src/pipeline.js";
import { DEFAULT_WHERE, fixtureSolution, RG, SUB, WS_ID } from "./fixtures.js";

describe("normalisation", () => {
  const rule = fixtureSolution(DEFAULT_WHERE, { rules: 1 }).resources.find(
    (r) => r.contentKind === "AnalyticsRule",
  )!;
  // biome-ignore lint/suspicious/noExplicitAny: tests poke at arbitrary fields of a JSON body
  const live = () => JSON.parse(JSON.stringify(rule.body)) as Record<string, any>;

  test("server-added fields, key order and etags are not changes", () => {
    const l = live();
    l.id = rule.id;
    l.name = "x";
    l.type = "Microsoft.SecurityInsights/alertRules";
    l.etag = '"abc"';
    l.systemData = { createdAt: "2026-01-01" };
    l.properties.lastModifiedUtc = "2026-01-01T00:00:00Z";
    l.properties.eventGroupingSettings = { aggregationKind: "SingleAlert" };
    const reordered = Object.fromEntries(Object.entries(l.properties).reverse());
    expect(diffResource(rule.type, rule.body, { ...l, properties: reordered })).toEqual([]);
  });

  test("equivalent durations, enum casing, set-like arrays, line endings", () => {
    const l = live();
    l.properties.queryFrequency = "PT60M";
    l.properties.suppressionDuration = "PT300M";
    l.properties.severity = "medium";
    l.properties.tactics = [...l.properties.tactics].reverse();
    l.properties.query = `${l.properties.query.replace(/\n/g, "\r\n")}\n`;
    expect(diffResource(rule.type, rule.body, l)).toEqual([]);
  });

  test("real changes are field-level, order matters where it carries meaning", () => {
    const l = live();
    l.properties.queryPeriod = "PT2H";
    l.properties.tactics = ["Impact"];
    delete l.properties.description;
    const changes = diffResource(rule.type, rule.body, l);
    expect(changes).toEqual([
      {
        path: "properties.description",
        kind: "add",
        after: (rule.body.properties as Record<string, unknown>).description,
      },
      { path: "properties.queryPeriod", kind: "change", before: "PT2H", after: "PT1H" },
      {
        path: "properties.tactics",
        kind: "change",
        before: ["Impact"],
        after: ["InitialAccess", "Execution"],
      },
    ]);
  });

  test("tables: retention -1 equals the default the service reports; column type casing", () => {
    const table = fixtureSolution().resources.find((r) => r.contentKind === "Table")!;
    const l = JSON.parse(JSON.stringify(table.body));
    Object.assign(l.properties, {
      retentionInDays: 30,
      retentionInDaysAsDefault: true,
      totalRetentionInDays: 30,
      totalRetentionInDaysAsDefault: true,
      plan: "Analytics",
    });
    l.properties.schema.columns[0].type = "dateTime";
    l.properties.schema.tableType = "CustomLog";
    expect(diffResource(table.type, table.body, l)).toEqual([]);
    l.properties.retentionInDaysAsDefault = false;
    expect(diffResource(table.type, table.body, l).map((c) => c.path)).toEqual([
      "properties.retentionInDays",
    ]);
  });

  test("workbook serializedData compares as JSON; location spelling", () => {
    const wb = fixtureSolution().resources.find((r) => r.contentKind === "Workbook")!;
    const l = JSON.parse(JSON.stringify(wb.body));
    l.properties.serializedData = JSON.stringify(JSON.parse(l.properties.serializedData), null, 2);
    l.location = "West Europe";
    expect(diffResource(wb.type, wb.body, l)).toEqual([]);
  });

  test("write-only secrets are never compared", () => {
    const desired = { properties: { auth: { type: "APIKey", ApiKey: "s3cret-value", clientSecret: "x" } } };
    expect(
      diffResource("Microsoft.SecurityInsights/dataConnectors", desired, {
        properties: { auth: { type: "APIKey" } },
      }),
    ).toEqual([]);
  });
});

describe("plan and prune ownership", () => {
  const solution = fixtureSolution(DEFAULT_WHERE, {
    rules: 2,
    withTable: false,
    withParser: false,
    withWorkbook: false,
  });
  const meta = (name: string, parentId: string, source: unknown) => ({
    id: `${WS_ID}/providers/Microsoft.SecurityInsights/metadata/${name}`,
    properties: { parentId, kind: "AnalyticsRule", source },
  });
  const orphanRule = (name: string) => `${WS_ID}/providers/Microsoft.SecurityInsights/alertRules/${name}`;

  function liveWith(extra: Array<Record<string, unknown>>, rules: string[]): LiveState {
    const resources = new Map<string, Record<string, unknown>>();
    for (const r of rules)
      resources.set(r.toLowerCase(), { id: r, properties: { displayName: r.split("/").pop() } });
    for (const m of extra) resources.set((m.id as string).toLowerCase(), m);
    return {
      resources,
      listed: new Set([
        `${WS_ID}/providers/Microsoft.SecurityInsights/alertRules`.toLowerCase(),
        `${WS_ID}/providers/Microsoft.SecurityInsights/metadata`.toLowerCase(),
      ]),
      metadata: extra,
    };
  }

  const owned = { kind: "SourceRepository", name: OWNER_SOURCE_NAME, sourceId: solution.id };
  const cases: Array<[string, boolean, unknown]> = [
    ["owned by this solution and source", true, owned],
    ["without a source", false, undefined],
    ["of another source name", false, { ...owned, name: "somebody-else" }],
    ["of another solution", false, { ...owned, sourceId: "sentinelctl.other" }],
    ["of another source kind", false, { ...owned, kind: "Solution" }],
  ];
  test.each(cases)("metadata %s → resource deleted: %s", (_label, deleted, source) => {
    const gone = orphanRule("gone");
    const live = liveWith([meta("m-gone", gone, source)], [gone]);
    const plan = computePlan([solution], live, { prune: true, subscriptionId: SUB, resourceGroup: RG });
    const deletes = plan.items.filter((i) => i.action === "delete").map((i) => i.id);
    expect(deletes.includes(gone)).toBe(deleted);
    if (!deleted) expect(deletes).toEqual([]);
  });

  test("a resource without any metadata is never deleted", () => {
    const live = liveWith([], [orphanRule("hand-made")]);
    const plan = computePlan([solution], live, { prune: true, subscriptionId: SUB, resourceGroup: RG });
    expect(plan.counts.delete).toBe(0);
  });

  test("never deletes outside the target resource group", () => {
    const foreign = `/subscriptions/${SUB}/resourceGroups/other-rg/providers/Microsoft.Insights/workbooks/abc`;
    const live = liveWith([meta("m-foreign", foreign, owned)], []);
    live.resources.set(foreign.toLowerCase(), { id: foreign });
    live.listed.add(
      `/subscriptions/${SUB}/resourceGroups/other-rg/providers/Microsoft.Insights/workbooks`.toLowerCase(),
    );
    const plan = computePlan([solution], live, { prune: true, subscriptionId: SUB, resourceGroup: RG });
    expect(plan.items.filter((i) => i.action === "delete")).toEqual([]);
    expect(plan.warnings.join()).toMatch(/outside resource group/);
  });

  test("the same resource declared by two solutions is an input error", () => {
    const again = { ...solution, id: "sentinelctl.copy" };
    expect(() =>
      computePlan([solution, again], liveWith([], []), { subscriptionId: SUB, resourceGroup: RG }),
    ).toThrow(/is declared by both solution 'sentinelctl.fixture' and 'sentinelctl.copy'/);
  });

  test("items are ordered by code unit, not by the machine's locale", () => {
    const [a, b] = ["alpha", "Beta"].map((displayName, n) => ({
      ...solution.resources[n * 2]!,
      displayName,
    }));
    const plan = computePlan([{ ...solution, resources: [a!, b!] }], liveWith([], []), {
      subscriptionId: SUB,
      resourceGroup: RG,
    });
    // localeCompare would put "alpha" first
    expect(plan.items.map((i) => i.displayName)).toEqual(["Beta", "alpha"]);
  });

  test("resource ids", () => {
    expect(parseResourceId(`${WS_ID}/providers/Microsoft.SecurityInsights/alertRules/r1`)).toMatchObject({
      type: "Microsoft.SecurityInsights/alertRules",
      name: "r1",
      collection: `${WS_ID}/providers/Microsoft.SecurityInsights/alertRules`,
    });
    expect(parseResourceId(`${WS_ID}/tables/T_CL`).type).toBe(
      "Microsoft.OperationalInsights/workspaces/tables",
    );
  });
});

describe("targets file", () => {
  test("list form with env expansion", () => {
    const t = parseTargets(
      // biome-ignore lint/suspicious/noTemplateCurlyInString: ${S} is the targets file's own syntax
      "- name: a\n  subscription: ${S}\n  resourceGroup: rg\n  workspace: ws-one\n  solutions: [Darktrace]\n",
      "t.yaml",
      { S: SUB },
    );
    expect(t).toEqual([
      { name: "a", subscriptionId: SUB, resourceGroup: "rg", workspace: "ws-one", solutions: ["Darktrace"] },
    ]);
  });
  test.each([
    [
      "- subscription: x\n  resourceGroup: rg\n  workspace: wsx1\n",
      /t\.yaml:1:17: subscription 'x' is not a subscription id/,
    ],
    [
      `- subscription: ${SUB}\n  resourcegroup: rg\n  workspace: wsx1\n`,
      /t\.yaml:2:3: Unknown field 'resourcegroup' in target #1\./,
    ],
    [
      `- subscription: ${SUB}\n  workspace: wsx1\n`,
      /t\.yaml:1:3: Missing required field 'resourceGroup' in target #1\./,
    ],
    [`targetz:\n  - subscription: ${SUB}\n`, /t\.yaml:1:1: Unknown field 'targetz'/],
    [
      `- subscription: \${NOPE}\n  resourceGroup: rg\n  workspace: wsx1\n`,
      /environment variable NOPE is not set/,
    ],
    [
      `- name: a\n  subscription: ${SUB}\n  resourceGroup: rg\n  workspace: wsx1\n- name: A\n  subscription: ${SUB}\n  resourceGroup: rg\n  workspace: wsx1\n`,
      /duplicate target name 'A'/,
    ],
    ["[", /t\.yaml:\d+:\d+:/],
    [
      "- subscription: [a]\n  resourceGroup: rg\n  workspace: wsx1\n",
      /t\.yaml:1:17: target #1 subscription must be string/,
    ],
    ["[]", /t\.yaml:1:1: the targets file must NOT have fewer than 1 items/],
  ])("bad input %#", (text, message) => {
    expect(() => parseTargets(text, "t.yaml", {})).toThrow(message);
  });
  test("did-you-mean", () => {
    expect(() =>
      parseTargets(`- subscription: ${SUB}\n  resourcegroup: rg\n  workspace: wsx1\n`, "t.yaml", {}),
    ).toThrow(expect.objectContaining({ hint: "Did you mean 'resourceGroup'?", exitCode: 2 }));
  });
});

describe("errors in plain words", () => {
  const item = {
    id: `${WS_ID}/tables/T_CL`,
    type: "Microsoft.OperationalInsights/workspaces/tables",
    displayName: "T_CL",
    contentKind: "Table",
  };
  const rest = (status: number, body: unknown) => {
    const e = new RestError("x", { statusCode: status });
    e.details = body;
    return e;
  };

  test("403 names the role for the resource type", () => {
    const e = describeError(rest(403, { error: { code: "AuthorizationFailed", message: "no" } }), {
      item,
      operation: "create",
      resourceGroup: RG,
    });
    expect(e.category).toBe("permission");
    expect(e.message).toBe("Permission denied: create Table 'T_CL' (AuthorizationFailed: no).");
    expect(e.hint).toContain("Log Analytics Contributor");
    expect(e.hint).toContain(`on resource group '${RG}'`);
    expect(roleFor("Microsoft.SecurityInsights/alertRules")).toBe("Microsoft Sentinel Contributor");
    expect(roleFor("Microsoft.Insights/dataCollectionRules")).toBe("Monitoring Contributor");
  });

  test("400 names the item and the field from the error body", () => {
    const e = describeError(
      rest(400, {
        error: {
          code: "BadRequest",
          message: "bad",
          details: [{ code: "V", target: "properties.schema.columns[1].type", message: "unknown type" }],
        },
      }),
      { item, operation: "create" },
    );
    expect(e.message).toMatch(
      /^The service rejected Table 'T_CL' at field 'properties\.schema\.columns\[1\]\.type': BadRequest: bad\n {2}- V: unknown type/,
    );
  });

  test("network and TLS", () => {
    expect(
      describeError(Object.assign(new Error("x"), { code: "ECONNREFUSED" }), {
        endpoint: "https://127.0.0.1:9",
      }).message,
    ).toBe("Cannot reach https://127.0.0.1:9: connection refused.");
    expect(
      describeError(Object.assign(new Error("x"), { code: "SELF_SIGNED_CERT_IN_CHAIN" }), {}).hint,
    ).toContain("--ca");
  });

  test("redaction of tokens and secrets", () => {
    registerSecret("my-very-secret-value");
    const text = redact(
      'token eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.abcdefgh Bearer abcdefghijkl client_secret=xyz&a=1 "clientSecret": "q" my-very-secret-value',
    );
    expect(text).not.toMatch(/eyJ|abcdefghijkl|xyz|"q"|my-very-secret-value/);
  });
});

describe("clouds and retry hints", () => {
  test("sovereign clouds and endpoint overrides", () => {
    expect(resolveCloud({ environment: "AzureUSGovernment" }).endpoint).toBe(
      "https://management.usgovcloudapi.net",
    );
    expect(resolveCloud({ environment: "azurechinacloud" }).authorityHost).toBe(
      "https://login.chinacloudapi.cn",
    );
    const local = resolveCloud({ endpoint: "https://127.0.0.1:8443/" });
    expect(local).toMatchObject({
      endpoint: "https://127.0.0.1:8443",
      authorityHost: "https://127.0.0.1:8443",
      scope: "https://management.azure.com/.default",
    });
    expect(() => resolveCloud({ endpoint: "http://127.0.0.1:8443" })).toThrow(/must use https/);
    expect(() => resolveCloud({ environment: "Mars" })).toThrow(/Unknown --environment/);
  });

  test("Retry-After in seconds, HTTP date and milliseconds", () => {
    const res = (h: Record<string, string>) => ({ headers: { get: (n: string) => h[n] } }) as never;
    expect(retryAfterMs(res({ "retry-after": "2" }))).toBe(2000);
    expect(retryAfterMs(res({ "retry-after-ms": "150" }))).toBe(150);
    expect(retryAfterMs(res({ "retry-after": new Date(10_000).toUTCString() }), 4_000)).toBe(6000);
    expect(retryAfterMs(res({}))).toBeUndefined();
  });
});

test("the example targets file parses", async () => {
  const { loadTargetsFile } = await import("../src/index.js");
  const file = new URL("../examples/targets.yaml", import.meta.url).pathname;
  const targets = loadTargetsFile(file, { CONTOSO_SUBSCRIPTION_ID: SUB });
  expect(targets.map((t) => t.name)).toEqual(["contoso-prod", "fabrikam"]);
  expect(targets[0]).toMatchObject({
    subscriptionId: SUB,
    solutions: ["Darktrace", "AIAnalystDarktrace"],
    location: "westeurope",
  });
});

test("the deploy workflow logs in with OIDC, stores no secret, plans to an artifact and deploys exactly that plan on main", async () => {
  const { readFileSync } = await import("node:fs");
  const { parse } = await import("yaml");
  const text = readFileSync(new URL("../../../.github/workflows/deploy.yml", import.meta.url), "utf8");
  expect(text).not.toMatch(/secrets\./);
  type Step = { uses?: string; run?: string; with?: Record<string, string> };
  const wf = parse(text) as {
    env: Record<string, string>;
    jobs: Record<string, { if: string; needs?: string; permissions: Record<string, string>; steps: Step[] }>;
  };
  const gh = (expr: string) => ["$", "{{ ", expr, " }}"].join("");
  // the CLI runs as `node <bin>`: stdout carries only its own output
  expect(wf.env.SENTINELCTL).toBe("node packages/cli/bin/sentinelctl.js");
  for (const [name, job] of Object.entries(wf.jobs)) {
    expect(job.permissions["id-token"]).toBe("write");
    const login = job.steps.find((s) => String(s.uses).startsWith("azure/login@"))!;
    expect(login.with).toEqual({
      "client-id": gh("vars.AZURE_CLIENT_ID"),
      "tenant-id": gh("vars.AZURE_TENANT_ID"),
      "subscription-id": gh("vars.AZURE_SUBSCRIPTION_ID"),
    });
    // the plan job installs and runs pnpm inside the repository's action (action.yml)
    if (name === "plan") continue;
    const pnpmSteps = job.steps.filter((s) => s.run && /pnpm/.test(s.run));
    expect(pnpmSteps.length).toBeGreaterThan(0);
    expect(pnpmSteps.every((s) => s.run!.includes("npx -y pnpm@10.34.9"))).toBe(true);
  }
  const plan = wf.jobs.plan!;
  const deploy = wf.jobs.deploy!;
  expect(plan.if).toContain("pull_request");
  // the plan job plans through the repository's composite action, which saves the plan where the
  // upload below expects it and shows it in the job summary
  const viaAction = plan.steps.find((s) => s.uses === "./")!;
  expect(viaAction.with).toMatchObject({ plan: "true", targets: gh("env.TARGETS"), credential: "cli" });
  const action = parse(readFileSync(new URL("../../../action.yml", import.meta.url), "utf8")) as {
    runs: { steps: Step[] };
  };
  const planRun = action.runs.steps.find((s) => /\$SENTINELCTL plan/.test(s.run ?? ""))!.run!;
  expect(planRun).toContain("GITHUB_STEP_SUMMARY");
  expect(planRun).toContain("--out sentinel-plan.json");
  const upload = plan.steps.find((s) => String(s.uses).startsWith("actions/upload-artifact@"))!;
  expect(upload.with).toMatchObject({ name: "sentinel-plan", path: "sentinel-plan.json" });
  // the deploy job applies that artifact, after the plan job, on main only
  expect(deploy.needs).toBe("plan");
  expect(deploy.if).toContain("refs/heads/main");
  const download = deploy.steps.find((s) => String(s.uses).startsWith("actions/download-artifact@"))!;
  expect(download.with).toMatchObject({ name: "sentinel-plan" });
  const deployRun = deploy.steps.find((s) => /\$SENTINELCTL deploy/.test(s.run ?? ""))!.run!;
  expect(deployRun).toContain("--plan sentinel-plan.json");
  expect(deployRun).not.toContain("--targets");
});

test("a workspace without Sentinel gets the onboarding hint", () => {
  const e = new RestError("x", { statusCode: 400 });
  e.details = {
    error: { code: "BadRequest", message: "The workspace 'w' is not onboarded to Microsoft Sentinel." },
  };
  expect(describeError(e, { operation: "list" }).hint).toMatch(/not enabled on this workspace/);
});

test("empty values the service drops are not changes", () => {
  const desired = {
    properties: {
      description: "",
      tags: [],
      customDetails: {},
      incidentConfiguration: { groupingConfiguration: { groupByEntities: [] } },
    },
  };
  expect(
    diffResource("Microsoft.SecurityInsights/alertRules", desired, {
      properties: { incidentConfiguration: null },
    }),
  ).toEqual([]);
  expect(
    diffResource(
      "Microsoft.SecurityInsights/alertRules",
      { properties: { tags: ["a"] } },
      { properties: {} },
    ),
  ).toHaveLength(1);
});
