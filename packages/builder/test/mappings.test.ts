import path from "node:path";
import {
  compareVersions,
  markdownToHtml,
  parseVersion,
  readZip,
  toIsoDuration,
  writeZip,
} from "@sentinelctl/builder";
import { type AnalyticRule, loadContent } from "@sentinelctl/content";
import { alertRuleProperties, operatorName, splitTechniques } from "../src/mappings/analytic-rule.js";
import { dcrProperties, pushStreams, tableProperties } from "../src/mappings/ccf.js";
import { connectorTitle, genericUiConfig } from "../src/mappings/connector.js";
import { functionParameters, huntingQueryProperties } from "../src/mappings/saved-search.js";
import { serializedData } from "../src/mappings/workbook.js";
import { type AnyJson, FIXTURES } from "./helpers.js";

/** The AllKinds fixture, loaded once for the tests that read its items. */
const allKinds = (await loadContent([path.join(FIXTURES, "AllKinds")], { cwd: FIXTURES })).solutions[0]!;

const scheduled: AnalyticRule = {
  kind: "Scheduled",
  id: "00000000-0000-0000-0000-000000000001",
  name: "Rule",
  description: "Text with trailing space   \n",
  severity: "Medium",
  query: "T",
  queryFrequency: "5m",
  queryPeriod: "14d",
  triggerOperator: "gt",
  triggerThreshold: 3,
  tactics: ["Initial Access" as never, "Execution"],
  relevantTechniques: ["T1059.001", "T1059", "T1190", "T1059.003"],
};

describe("analytics rule mapping (V3, field by field)", () => {
  test("ISO 8601 durations", () => {
    expect(toIsoDuration("5m")).toBe("PT5M");
    expect(toIsoDuration("1h")).toBe("PT1H");
    expect(toIsoDuration("14d")).toBe("P14D");
    expect(toIsoDuration("1d12h")).toBe("P1DT12H");
    expect(toIsoDuration("PT30M")).toBe("PT30M");
    expect(toIsoDuration("01:00:00")).toBe("PT1H");
    expect(toIsoDuration("1.00:00:00")).toBe("P1D");
    expect(toIsoDuration("soon")).toBeUndefined();
  });

  test("operator names", () => {
    expect(["gt", "lt", "eq", "ne", "GreaterThan"].map(operatorName)).toEqual([
      "GreaterThan",
      "LessThan",
      "Equal",
      "NotEqual",
      "GreaterThan",
    ]);
  });

  test("techniques versus sub-techniques", () => {
    expect(splitTechniques(scheduled.relevantTechniques)).toEqual({
      techniques: ["T1059", "T1190"],
      subTechniques: ["T1059.001", "T1059.003"],
    });
  });

  test("template properties: disabled, suppression defaults, status, tactics without spaces", () => {
    const p = alertRuleProperties(scheduled, "template");
    expect(p).toMatchObject({
      description: "Text with trailing space",
      enabled: false,
      queryFrequency: "PT5M",
      queryPeriod: "P14D",
      triggerOperator: "GreaterThan",
      triggerThreshold: 3,
      suppressionDuration: "PT1H",
      suppressionEnabled: false,
      status: "Available",
      requiredDataConnectors: [],
      tactics: ["InitialAccess", "Execution"],
    });
    expect(p.alertRuleTemplateName).toBeUndefined();
  });

  test("NRT rules carry no scheduling or trigger fields", () => {
    const nrt: AnalyticRule = {
      kind: "NRT",
      id: "x",
      name: "n",
      description: "d",
      severity: "Low",
      query: "T",
    };
    const p = alertRuleProperties(nrt, "live");
    for (const k of ["queryFrequency", "queryPeriod", "triggerOperator", "triggerThreshold"])
      expect(p[k]).toBeUndefined();
    expect(p).toMatchObject({ enabled: true, alertRuleTemplateName: "x", templateVersion: "1.0.0" });
  });

  test("live grouping configuration gets the fields the API requires", () => {
    const p = alertRuleProperties(
      {
        ...scheduled,
        incidentConfiguration: { createIncident: true, groupingConfiguration: { enabled: false } },
      },
      "live",
    );
    expect(p.incidentConfiguration).toEqual({
      createIncident: true,
      groupingConfiguration: {
        enabled: false,
        reopenClosedIncident: false,
        lookbackDuration: "PT5H",
        matchingMethod: "AllEntities",
      },
    });
    expect(p.status).toBeUndefined();
    expect(p.requiredDataConnectors).toBeUndefined();
  });
});

describe("other kinds", () => {
  test("workbook serializedData drops nulls and empty arrays, compact", () => {
    expect(
      serializedData({
        version: "Notebook/1.0",
        a: null,
        b: [],
        c: { d: [], e: 1, f: [[]] },
        items: [{ x: null }],
      }),
    ).toBe('{"version":"Notebook/1.0","c":{"e":1,"f":[[]]},"items":[{}]}');
  });

  test("parser functionParameters", () => {
    expect(
      functionParameters({
        id: "x",
        Function: { Title: "t", Version: "1.0.0" },
        FunctionName: "F",
        FunctionAlias: "F",
        FunctionQuery: "T",
        FunctionParams: [
          { Name: "a", Type: "string", Default: "it's" },
          { Name: "b", Type: "datetime", Default: "datetime(null)" },
          { Name: "c", Type: "int" },
          { Name: "d", Type: "string", Default: "'*'" },
        ],
      }),
    ).toBe("a:string = 'it\\'s', b:datetime = datetime(null), c:int, d:string = '*'");
  });

  test("hunting query tags", () => {
    const p = huntingQueryProperties({
      id: "q",
      name: "Q",
      description: "D ",
      query: "T",
      tactics: ["Discovery"],
      relevantTechniques: ["T1046.001"],
    });
    expect(p).toEqual({
      displayName: "Q",
      category: "Hunting Queries",
      query: "T",
      version: 2,
      tags: [
        { name: "description", value: "D" },
        { name: "tactics", value: "Discovery" },
        { name: "techniques", value: "T1046" },
      ],
    });
  });

  test("deprecated connectors get the title prefix once", () => {
    const byId = new Map(allKinds.dataConnectors.map((c) => [c.data.id, c.data]));
    expect(connectorTitle(byId.get("ContosoRestConnector")!)).toBe("[Deprecated] Contoso REST API");
    expect(connectorTitle(byId.get("ContosoCef")!)).toBe("[Deprecated] Contoso via Legacy Agent");
    expect(connectorTitle(byId.get("ContosoCefAma")!)).toBe("Contoso via AMA");
    const live = genericUiConfig(byId.get("ContosoCef")!, "ContosoCef", "live");
    expect(live.graphQueriesTableName).toBe("CommonSecurityLog");
    expect(live.connectivityCriterias).toBeUndefined();
    expect(live.connectivityCriteria).toHaveLength(1);
  });

  test("DCR stream declarations are derived from the table declarations", () => {
    const sol = allKinds;
    const push = sol.dataConnectors.find((c) => c.data.kind === "CcfPush")!.data;
    if (push.kind !== "CcfPush") throw new Error("fixture");
    const tables = new Map(sol.tables.map((t) => [t.data.name.toLowerCase(), t.data]));
    const streams = pushStreams(push, tables);
    const dcr = dcrProperties(streams, { workspaceResourceId: "/ws" }) as Record<string, AnyJson>;
    const table = sol.tables.find((t) => t.data.name === "ContosoAlerts_CL")!.data;
    expect(Object.keys(dcr.streamDeclarations)).toEqual(["Custom-ContosoAlerts"]);
    expect(
      dcr.streamDeclarations["Custom-ContosoAlerts"].columns.map((c: { name: string }) => c.name),
    ).toEqual(table.columns.map((c) => c.name));
    // guid is not a DCR column type (sent as string); bool is "boolean".
    expect(
      dcr.streamDeclarations["Custom-ContosoAlerts"].columns.slice(1, 5).map((c: { type: string }) => c.type),
    ).toEqual(["string", "string", "real", "boolean"]);
    expect(dcr.dataFlows).toEqual([
      {
        streams: ["Custom-ContosoAlerts"],
        destinations: ["clv2ws1"],
        transformKql: "source",
        outputStream: "Custom-ContosoAlerts_CL",
      },
    ]);
    const tp = tableProperties(table) as Record<string, AnyJson>;
    expect(tp.schema.columns.map((c: { type: string }) => c.type)).toEqual([
      "dateTime",
      "guid",
      "string",
      "real",
      "boolean",
      "long",
      "dynamic",
    ]);
  });
});

describe("utilities", () => {
  test("semantic versions compare numerically", () => {
    expect(compareVersions("10.0.0", "9.0.0")).toBeGreaterThan(0);
    expect(compareVersions("3.0.10", "3.0.9")).toBeGreaterThan(0);
    expect(compareVersions("1.0", "1.0.0")).toBe(0);
    expect(compareVersions("2.0.0-beta", "2.0.0")).toBeLessThan(0);
    expect(compareVersions("v1.2", "1.2.0")).toBe(0);
  });

  test("pre-release identifiers compare numerically", () => {
    expect(compareVersions("1.0.0-alpha.10", "1.0.0-alpha.2")).toBeGreaterThan(0);
    expect(compareVersions("1.0.0-alpha.2", "1.0.0-alpha.10")).toBeLessThan(0);
    expect(compareVersions("1.0.0-alpha", "1.0.0-alpha.1")).toBeLessThan(0);
    expect(compareVersions("1.0.0-rc.1", "1.0.0-beta.11")).toBeGreaterThan(0);
    expect(compareVersions("1.0.0+build.5", "1.0.0+build.9")).toBe(0);
  });

  test("a four-part version is not a version, and is never equal to its first three parts", () => {
    expect(parseVersion("3.0.1.2")).toBeUndefined();
    expect(compareVersions("3.0.1.2", "3.0.1")).toBeLessThan(0);
    expect(compareVersions("3.0.1", "3.0.1.2")).toBeGreaterThan(0);
    expect(compareVersions("3.0.1.2", "3.0.1.3")).toBeLessThan(0);
    expect(parseVersion("1.0")?.version).toBe("1.0.0");
    expect(parseVersion("one")).toBeUndefined();
  });

  test("markdown: fenced code keeps its text and language, escaped and unformatted", () => {
    expect(markdownToHtml('Run:\n\n```kql\nSecurityEvent | where A == "<b>" and *x*\n```')).toBe(
      '<p>Run:</p>\n<pre><code class="language-kql">SecurityEvent | where A == &quot;&lt;b&gt;&quot; and *x*\n</code></pre>',
    );
  });

  test("markdown: nested lists stay nested", () => {
    expect(markdownToHtml("- a\n  - a1\n  - a2\n- b\n\n1. one\n   1. one.one")).toBe(
      [
        "<ul>",
        "<li>a",
        "<ul>",
        "<li>a1</li>",
        "<li>a2</li>",
        "</ul>",
        "</li>",
        "<li>b</li>",
        "</ul>",
        "<ol>",
        "<li>one",
        "<ol>",
        "<li>one.one</li>",
        "</ol>",
        "</li>",
        "</ol>",
      ].join("\n"),
    );
  });

  test("markdown: links whose address holds parentheses keep the whole address", () => {
    expect(markdownToHtml("See [the docs](https://learn.example/wiki/Foo_(bar)) now.")).toBe(
      '<p>See <a href="https://learn.example/wiki/Foo_(bar)">the docs</a> now.</p>',
    );
  });

  test("markdown: script links and raw HTML never reach the output", () => {
    const html = markdownToHtml('[x](javascript:alert(1)) <img src=x onerror="y">');
    expect(html).not.toContain("<img");
    expect(html).not.toContain('href="javascript:');
  });

  test("markdown to HTML", () => {
    expect(markdownToHtml("**Note:** see [docs](https://x.example)\n\n- a\n- b <c>\n\n# T")).toBe(
      '<p><strong>Note:</strong> see <a href="https://x.example">docs</a></p>\n<ul>\n<li>a</li>\n<li>b &lt;c&gt;</li>\n</ul>\n<h1>T</h1>',
    );
  });

  test("zip round-trip with fixed dates", () => {
    const zip = writeZip([
      { name: "a.json", data: Buffer.from("{}\n") },
      { name: "b.json", data: Buffer.from("x".repeat(1000)) },
    ]);
    expect(readZip(zip).map((e) => [e.name, e.data.toString()])).toEqual([
      ["a.json", "{}\n"],
      ["b.json", "x".repeat(1000)],
    ]);
    // Local header date at offset 12: 1980-01-01.
    expect(zip.readUInt16LE(12)).toBe(0x21);
    expect(
      writeZip([{ name: "a", data: Buffer.from("1") }]).equals(
        writeZip([{ name: "a", data: Buffer.from("1") }]),
      ),
    ).toBe(true);
  });
});
