import {
  categories,
  categoryColours,
  destinationCharts,
  emailSenders,
  incidentList,
  recordList,
} from "../darktrace-workbook-parts.js";

describe("Darktrace workbook parts", () => {
  it("spells model categories both ways, with the same colours", () => {
    expect(categories()).toEqual(["Critical", "Suspicious", "Compliance", "Informational"]);
    expect(categories(true)).toEqual(["critical", "suspicious", "compliance", "informational"]);
    expect(categoryColours()).toEqual({
      Critical: "redBright",
      Suspicious: "orange",
      Compliance: "blue",
      Informational: "gray",
    });
    expect(Object.keys(categoryColours(true))).toEqual(categories(true));
  });

  it("builds record lists with optional score and link columns", () => {
    expect(recordList("l", { title: "L", query: "T", score: "S", link: "U" }).content).toMatchObject({
      visualization: "table",
      gridSettings: {
        formatters: [
          { columnMatch: "S", formatter: 8, formatOptions: { max: 100, min: 0 } },
          { columnMatch: "U", formatter: 7, formatOptions: { linkLabel: "Open" } },
        ],
        filter: true,
        rowLimit: 1000,
      },
    });
    const bare = recordList("b", { title: "B", query: "T", link: "U", linkLabel: "Review" });
    expect(bare.content.gridSettings).toMatchObject({ formatters: [{ columnMatch: "U" }] });
  });

  it("builds an incident list that exports its selection", () => {
    const list = incidentList("i", {
      title: "I",
      query: "T",
      id: "Group",
      parameter: "Selected",
      score: "Score",
      linkLabel: "Open",
      hideId: true,
    });
    expect(list.content.exportedParameters).toEqual([
      { fieldName: "Group", parameterName: "Selected", parameterType: 1, defaultValue: "" },
    ]);
    expect((list.content.gridSettings as { formatters: unknown[] }).formatters[0]).toEqual({
      columnMatch: "Group",
      formatter: 5,
    });
  });

  it("builds destination charts and sender tables from a source", () => {
    const [hosts, ips] = destinationCharts("x", {
      source: "T",
      host: "Host",
      ip: "Ip",
      count: "N",
      hostTitle: "Hosts",
      ipTitle: "IPs",
    });
    expect(hosts!.name).toBe("x-external-hosts");
    expect(ips!.content.query).toBe(
      "T\n| where isnotempty(Ip) and not(ipv4_is_private(Ip))\n| summarize N = count() by Ip\n| top 10 by N desc",
    );
    expect(emailSenders({ source: "T", sender: "From", score: "Score" }).content.query).toBe(
      "T\n| summarize Emails = count(), MaxScore = max(Score) by Sender = tolower(From)\n| top 10 by Emails desc",
    );
  });
});
