import {
  column,
  countTiles,
  group,
  inTimeRange,
  param,
  parameters,
  queriesOf,
  query,
  referencedParameters,
  stableId,
  type TemplateItem,
  TIMEFRAME,
  tabbedPages,
  tabs,
  text,
  timeChart,
  topN,
  WorkbookKitError,
  when,
  whenSet,
  workbook,
} from "../src/workbook/index.js";

const timeframe = parameters("params", [param.timeRange("Timeframe"), param.hidden("Tab", "a")]);

describe("workbook kit", () => {
  it("derives stable GUID-shaped ids from names", () => {
    expect(stableId("param:Timeframe")).toBe(stableId("param:Timeframe"));
    expect(stableId("param:Timeframe")).not.toBe(stableId("param:Other"));
    expect(stableId("x")).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });

  it("builds Log Analytics query items with the fields the service needs", () => {
    const q = query("q", {
      title: "T",
      visualization: "table",
      query: "\nT | where TimeGenerated {Timeframe}\n",
      grid: { formatters: [column.link("Url")] },
      width: 50,
    });
    expect(q).toMatchObject({
      type: 3,
      name: "q",
      customWidth: "50",
      content: {
        version: "KqlItem/1.0",
        query: "T | where TimeGenerated {Timeframe}",
        queryType: 0,
        resourceType: "microsoft.operationalinsights/workspaces",
        timeContextFromParameter: "Timeframe",
        visualization: "table",
        gridSettings: { formatters: [{ columnMatch: "Url", formatter: 7 }] },
      },
    });
  });

  it("builds tabs, groups and conditional visibility", () => {
    const t = tabs("tabs", "Tab", [
      { value: "a", label: "A" },
      { value: "b", label: "B" },
    ]);
    expect(t.type).toBe(11);
    expect(t.content.style).toBe("tabs");
    expect(t.content.links[1]).toMatchObject({ cellValue: "Tab", linkTarget: "parameter", subTarget: "b" });
    const g = group("g", [text("t", "hello")], { visibleWhen: when("Tab", "a") });
    expect(g).toMatchObject({
      type: 12,
      content: { version: "NotebookGroup/1.0", groupType: "editable" },
      conditionalVisibility: { parameterName: "Tab", comparison: "isEqualTo", value: "a" },
    });
  });

  it("assembles a Notebook/1.0 template and finds its queries", () => {
    const tpl = workbook({
      fromTemplateId: "sentinel-Test",
      items: [
        timeframe,
        group("g", [
          query("list", {
            visualization: "table",
            query: "T | where TimeGenerated {Timeframe}",
            exports: [{ fieldName: "Id", parameterName: "Selected" }],
          }),
          query("detail", {
            visualization: "table",
            query: "T | where Id == '{Selected}'",
            visibleWhen: whenSet("Selected"),
          }),
        ]),
      ],
    });
    expect(tpl.version).toBe("Notebook/1.0");
    expect(tpl.fromTemplateId).toBe("sentinel-Test");
    expect(queriesOf(tpl).map((q) => q.path.join("/"))).toEqual(["g/list", "g/detail"]);
  });

  it("is deterministic", () => {
    const build = () =>
      JSON.stringify(
        workbook({
          fromTemplateId: "x",
          items: [timeframe, query("q", { visualization: "tiles", query: "T" })],
        }),
      );
    expect(build()).toBe(build());
  });

  it("rejects duplicate item names", () => {
    expect(() =>
      workbook({ fromTemplateId: "x", items: [text("a", "1"), group("g", [text("a", "2")])] }),
    ).toThrow(WorkbookKitError);
  });

  it("rejects queries and conditions that use undefined parameters", () => {
    expect(() =>
      workbook({
        fromTemplateId: "x",
        items: [query("q", { visualization: "table", query: "T | where X == '{Nope}'" })],
      }),
    ).toThrow(/Nope/);
    expect(() =>
      workbook({ fromTemplateId: "x", items: [text("t", "x", { visibleWhen: when("Missing", "1") })] }),
    ).toThrow(/Missing/);
  });

  it("reads parameter references with and without formats", () => {
    expect(referencedParameters("where T {Timeframe} | x {Timeframe:start} {Sel}")).toEqual([
      "Timeframe",
      "Timeframe",
      "Sel",
    ]);
  });
});

describe("workbook kit building blocks", () => {
  it("offers the usual Timeframe picker", () => {
    const p = param.timeframe();
    expect(p).toEqual(param.timeRange(TIMEFRAME, { label: "Time range", defaultValue: "7d" }));
    expect(p).toMatchObject({
      name: "Timeframe",
      label: "Time range",
      type: 4,
      value: { durationMs: 604_800_000 },
    });
    expect(param.timeframe({ defaultValue: "1d" }).value).toEqual({ durationMs: 86_400_000 });
    expect(inTimeRange("T")).toBe("T\n| where TimeGenerated {Timeframe}");
    expect(inTimeRange("T", "Range")).toBe("T\n| where TimeGenerated {Range}");
  });

  it("builds count tiles that still show the wanted keys without rows", () => {
    const tiles = countTiles("tiles", {
      title: "By severity",
      source: inTimeRange("T"),
      key: "Severity",
      keyFrom: "tolower(Level)",
      keys: ["high", 'say "hi"'],
      count: "Alerts",
    });
    expect(tiles.content.query).toBe(
      [
        'let wanted = datatable(Severity: string) ["high", "say \\"hi\\""];',
        "T",
        "| where TimeGenerated {Timeframe}",
        "| summarize Alerts = count() by Severity = tolower(Level)",
        "| join kind=rightouter wanted on Severity",
        "| project Severity = Severity1, Alerts = coalesce(Alerts, 0)",
      ].join("\n"),
    );
    expect(tiles).toMatchObject({
      name: "tiles",
      content: {
        title: "By severity",
        size: 3,
        visualization: "tiles",
        timeContextFromParameter: "Timeframe",
        tileSettings: {
          titleContent: { columnMatch: "Severity" },
          leftContent: { columnMatch: "Alerts", formatOptions: { palette: "auto" } },
          showBorder: true,
        },
      },
    });
    const defaults = countTiles("d", { source: "T", key: "K", keys: ["a"], palette: "blue", width: 50 });
    expect(defaults.content.query).toContain("| summarize Count = count() by K\n");
    expect(defaults.content.tileSettings).toMatchObject({
      leftContent: { formatOptions: { palette: "blue" } },
    });
    expect(defaults.customWidth).toBe("50");
  });

  it("builds time charts binned by the time parameter's grain, or gap-free with make-series", () => {
    const binned = timeChart("c", { source: "T", measure: "N = count()", by: "Kind" });
    expect(binned.content.query).toBe(
      "T\n| summarize N = count() by Kind, bin(TimeGenerated, {Timeframe:grain})",
    );
    expect(binned.content.visualization).toBe("timechart");
    expect(binned.content.chartSettings).toBeUndefined();
    expect(timeChart("one", { source: "T", measure: "N = count()" }).content.query).toBe(
      "T\n| summarize N = count() by bin(TimeGenerated, {Timeframe:grain})",
    );
    const series = timeChart("s", {
      source: "T",
      measure: "N = count()",
      by: "Kind",
      fillGaps: true,
      visualization: "areachart",
      timeParameter: "Range",
      colors: { a: "blue" },
    });
    expect(series.content).toMatchObject({
      query:
        "T\n| make-series N = count() default = 0 on TimeGenerated from {Range:start} to {Range:end} step {Range:grain} by Kind",
      visualization: "areachart",
      timeContextFromParameter: "Range",
      chartSettings: { seriesLabelSettings: [{ seriesName: "a", color: "blue" }] },
    });
  });

  it("builds top-N tables and charts", () => {
    const top = topN("top", {
      source: "T",
      measures: "N = count(), Max = max(Score)",
      by: "Device",
      rankBy: "N",
      grid: { formatters: [column.bar("N")] },
    });
    expect(top.content.query).toBe(
      "T\n| summarize N = count(), Max = max(Score) by Device\n| top 10 by N desc",
    );
    expect(top.content).toMatchObject({
      visualization: "table",
      gridSettings: { formatters: [{ columnMatch: "N" }] },
    });
    const pie = topN("pie", {
      source: "T",
      measures: "N = count()",
      by: "Host",
      rankBy: "N",
      top: 5,
      visualization: "piechart",
    });
    expect(pie.content.query).toBe("T\n| summarize N = count() by Host\n| top 5 by N desc");
    expect(pie.content.visualization).toBe("piechart");
  });

  it("lays out tabbed pages: parameters, tab strip and one group per tab", () => {
    const page = (n: string): TemplateItem[] => [text(`${n}-text`, n)];
    const items = tabbedPages([
      { value: "a", label: "A", items: page("a") },
      { value: "b", label: "B", name: "bee", items: page("b") },
    ]);
    expect(items.map((i) => [i.type, i.name])).toEqual([
      [9, "parameters"],
      [11, "tabs"],
      [12, "a-group"],
      [12, "bee"],
    ]);
    const params = items[0]!;
    expect(params.type === 9 && params.content.parameters.map((p) => [p.name, p.value])).toEqual([
      ["Timeframe", { durationMs: 604_800_000 }],
      ["Tab", "a"],
    ]);
    expect(items[1]).toEqual(
      tabs("tabs", "Tab", [
        { value: "a", label: "A" },
        { value: "b", label: "B" },
      ]),
    );
    expect(items[3]).toMatchObject({ conditionalVisibility: { parameterName: "Tab", value: "b" } });
    expect(() => workbook({ fromTemplateId: "x", items })).not.toThrow();

    const custom = tabbedPages([{ value: "x", label: "X", items: [] }], {
      tabParameter: "Page",
      parameters: [param.text("Search")],
    });
    expect(custom[0]!.type === 9 && custom[0]!.content.parameters.map((p) => p.name)).toEqual([
      "Search",
      "Page",
    ]);
    expect(custom[2]).toMatchObject({ conditionalVisibility: { parameterName: "Page", value: "x" } });
    expect(() => tabbedPages([])).toThrow(WorkbookKitError);
  });
});
