import {
  column,
  group,
  param,
  parameters,
  queriesOf,
  query,
  referencedParameters,
  stableId,
  tabs,
  text,
  when,
  whenSet,
  workbook,
  WorkbookKitError,
} from "../index.js";

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
