import { parseCefLine, parseExtension } from "../src/cef.js";
import { headerTime, parseSyslogLine } from "../src/syslog.js";

describe("CEF lines to CommonSecurityLog fields", () => {
  const line =
    "<134>Nov 20 08:14:52 dt-master CEF:0|Darktrace|DCIP|6.2.14|100|Compromise::Beaconing Activity To External Rare|9|" +
    "rt=Nov 20 2026 08:14:51 dvchost=dt-master externalId=48211 cat=Critical shost=ws-fin-0142 src=10.20.4.142 " +
    "dpt=443 suser=jsmith msg=ws-fin-0142 breached a model darktraceUrl=https://dt/#modelbreach/48211 long=-0.1276";

  test("header fields go to their columns", () => {
    const { fields } = parseCefLine(line);
    expect(fields).toMatchObject({
      DeviceVendor: "Darktrace",
      DeviceProduct: "DCIP",
      DeviceVersion: "6.2.14",
      DeviceEventClassID: "100",
      Activity: "Compromise::Beaconing Activity To External Rare",
      LogSeverity: "9",
    });
  });

  test("known extension keys go to their columns, values keep their spaces", () => {
    const { fields } = parseCefLine(line);
    expect(fields).toMatchObject({
      ReceiptTime: "Nov 20 2026 08:14:51",
      DeviceName: "dt-master",
      ExternalID: "48211",
      DeviceEventCategory: "Critical",
      SourceHostName: "ws-fin-0142",
      SourceIP: "10.20.4.142",
      DestinationPort: "443",
      SourceUserName: "jsmith",
      Message: "ws-fin-0142 breached a model",
    });
  });

  test("unmapped keys land in AdditionalExtensions as key=value;key=value", () => {
    expect(parseCefLine(line).fields.AdditionalExtensions).toBe(
      "darktraceUrl=https://dt/#modelbreach/48211;long=-0.1276",
    );
  });

  test("the syslog host becomes Computer and the header time is kept", () => {
    const event = parseCefLine(line);
    expect(event.fields.Computer).toBe("dt-master");
    expect(new Date(headerTime(event.syslog!, Date.parse("2026-11-21T00:00:00Z"))!).toISOString()).toBe(
      "2026-11-20T08:14:52.000Z",
    );
  });

  test("CEF over TCP with octet-counting framing reads the same", () => {
    const framed = `${line.length} ${line}`;
    expect(parseCefLine(framed)).toEqual(parseCefLine(line));
  });

  test("custom strings and numbers with labels", () => {
    const { fields } = parseCefLine("CEF:0|V|P|1|2|N|5|cs1=abc cs1Label=Model cn1=7 cn1Label=Score");
    expect(fields).toMatchObject({
      DeviceCustomString1: "abc",
      DeviceCustomString1Label: "Model",
      DeviceCustomNumber1: "7",
      DeviceCustomNumber1Label: "Score",
    });
    expect(fields.AdditionalExtensions).toBeUndefined();
  });

  test("escaped pipes in the header and escaped equals signs in values", () => {
    const { fields } = parseCefLine("CEF:0|Ven\\|dor|P|1|2|a \\\\ b|3|msg=x\\=y z request=http://h/?q=1");
    expect(fields.DeviceVendor).toBe("Ven|dor");
    expect(fields.Activity).toBe("a \\ b");
    expect(fields.Message).toBe("x=y z");
    expect(fields.RequestURL).toBe("http://h/?q=1");
  });

  test("a line with too few header fields is refused", () => {
    expect(() => parseCefLine("CEF:0|Darktrace|DCIP|6")).toThrow(/header has 4 of its 8/);
    expect(() => parseCefLine("no cef here")).toThrow(/no 'CEF:'/);
  });

  test("extension parsing keeps order and handles an empty value", () => {
    expect(parseExtension("a=1 b= c=x y")).toEqual([
      ["a", "1"],
      ["b", ""],
      ["c", "x y"],
    ]);
  });
});

describe("syslog lines to Syslog fields", () => {
  test("RFC 3164 with a tag and pid", () => {
    const { fields, header } = parseSyslogLine(
      "<38>Feb  3 04:05:06 host1 sshd[812]: Accepted password for bob",
    );
    expect(fields).toEqual({
      SyslogMessage: "Accepted password for bob",
      Facility: "auth",
      SeverityLevel: "info",
      Computer: "host1",
      HostName: "host1",
      ProcessName: "sshd",
      ProcessID: 812,
    });
    // A February stamp seen in January belongs to the year before.
    expect(new Date(headerTime(header, Date.parse("2027-01-10T00:00:00Z"))!).toISOString()).toBe(
      "2026-02-03T04:05:06.000Z",
    );
  });

  test("RFC 5424 with a full time stamp", () => {
    const { fields, header } = parseSyslogLine(
      "<165>1 2026-11-20T08:00:00.000Z web01 nginx 77 - - GET /login 401",
    );
    expect(fields).toMatchObject({
      Facility: "local4",
      SeverityLevel: "notice",
      Computer: "web01",
      ProcessName: "nginx",
      ProcessID: 77,
    });
    expect(fields.SyslogMessage).toBe("GET /login 401");
    expect(headerTime(header, 0)).toBe(Date.parse("2026-11-20T08:00:00Z"));
  });

  test("text without a header is the message", () => {
    expect(parseSyslogLine("just text").fields).toEqual({ SyslogMessage: "just text" });
  });
});
