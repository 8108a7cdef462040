/**
 * CEF (ArcSight Common Event Format) lines to CommonSecurityLog rows, with the field mapping
 * Microsoft documents for the Log Analytics agent and the Azure Monitor Agent ("CEF and
 * CommonSecurityLog field mapping"): header fields to their columns, known extension keys to
 * theirs, every other key into AdditionalExtensions as `key=value` pairs joined by `;`.
 */
import { parseSyslogHeader, type SyslogHeader } from "./syslog.js";

/** CEF extension key (as Darktrace and every CEF sender spell it) to its CommonSecurityLog column. */
export const CEF_EXTENSION_COLUMNS: Readonly<Record<string, string>> = {
  act: "DeviceAction",
  app: "ApplicationProtocol",
  c6a1: "DeviceCustomIPv6Address1",
  c6a1Label: "DeviceCustomIPv6Address1Label",
  c6a2: "DeviceCustomIPv6Address2",
  c6a2Label: "DeviceCustomIPv6Address2Label",
  c6a3: "DeviceCustomIPv6Address3",
  c6a3Label: "DeviceCustomIPv6Address3Label",
  c6a4: "DeviceCustomIPv6Address4",
  c6a4Label: "DeviceCustomIPv6Address4Label",
  cat: "DeviceEventCategory",
  cfp1: "DeviceCustomFloatingPoint1",
  cfp1Label: "DeviceCustomFloatingPoint1Label",
  cfp2: "DeviceCustomFloatingPoint2",
  cfp2Label: "DeviceCustomFloatingPoint2Label",
  cfp3: "DeviceCustomFloatingPoint3",
  cfp3Label: "DeviceCustomFloatingPoint3Label",
  cfp4: "DeviceCustomFloatingPoint4",
  cfp4Label: "DeviceCustomFloatingPoint4Label",
  cn1: "DeviceCustomNumber1",
  cn1Label: "DeviceCustomNumber1Label",
  cn2: "DeviceCustomNumber2",
  cn2Label: "DeviceCustomNumber2Label",
  cn3: "DeviceCustomNumber3",
  cn3Label: "DeviceCustomNumber3Label",
  cnt: "EventCount",
  cs1: "DeviceCustomString1",
  cs1Label: "DeviceCustomString1Label",
  cs2: "DeviceCustomString2",
  cs2Label: "DeviceCustomString2Label",
  cs3: "DeviceCustomString3",
  cs3Label: "DeviceCustomString3Label",
  cs4: "DeviceCustomString4",
  cs4Label: "DeviceCustomString4Label",
  cs5: "DeviceCustomString5",
  cs5Label: "DeviceCustomString5Label",
  cs6: "DeviceCustomString6",
  cs6Label: "DeviceCustomString6Label",
  deviceCustomDate1: "DeviceCustomDate1",
  deviceCustomDate1Label: "DeviceCustomDate1Label",
  deviceCustomDate2: "DeviceCustomDate2",
  deviceCustomDate2Label: "DeviceCustomDate2Label",
  deviceDirection: "CommunicationDirection",
  deviceDnsDomain: "DeviceDnsDomain",
  deviceExternalId: "DeviceExternalID",
  deviceFacility: "DeviceFacility",
  deviceInboundInterface: "DeviceInboundInterface",
  deviceNtDomain: "DeviceNtDomain",
  deviceOutboundInterface: "DeviceOutboundInterface",
  devicePayloadId: "DevicePayloadId",
  deviceProcessName: "ProcessName",
  deviceTranslatedAddress: "DeviceTranslatedAddress",
  destinationDnsDomain: "DestinationDnsDomain",
  destinationServiceName: "DestinationServiceName",
  destinationTranslatedAddress: "DestinationTranslatedAddress",
  destinationTranslatedPort: "DestinationTranslatedPort",
  dhost: "DestinationHostName",
  dmac: "DestinationMACAddress",
  dntdom: "DestinationNTDomain",
  dpid: "DestinationProcessId",
  dpriv: "DestinationUserPrivileges",
  dproc: "DestinationProcessName",
  dpt: "DestinationPort",
  dst: "DestinationIP",
  dtz: "DeviceTimeZone",
  duid: "DestinationUserID",
  duser: "DestinationUserName",
  dvc: "DeviceAddress",
  dvchost: "DeviceName",
  dvcmac: "DeviceMacAddress",
  dvcpid: "ProcessID",
  end: "EndTime",
  externalId: "ExternalID",
  fileCreateTime: "FileCreateTime",
  fileHash: "FileHash",
  fileId: "FileID",
  fileModificationTime: "FileModificationTime",
  filePath: "FilePath",
  filePermission: "FilePermission",
  fileType: "FileType",
  flexDate1: "FlexDate1",
  flexDate1Label: "FlexDate1Label",
  flexNumber1: "FlexNumber1",
  flexNumber1Label: "FlexNumber1Label",
  flexNumber2: "FlexNumber2",
  flexNumber2Label: "FlexNumber2Label",
  flexString1: "FlexString1",
  flexString1Label: "FlexString1Label",
  flexString2: "FlexString2",
  flexString2Label: "FlexString2Label",
  fname: "FileName",
  fsize: "FileSize",
  in: "ReceivedBytes",
  msg: "Message",
  oldFileCreateTime: "OldFileCreateTime",
  oldFileHash: "OldFileHash",
  oldFileId: "OldFileID",
  oldFileModificationTime: "OldFileModificationTime",
  oldFileName: "OldFileName",
  oldFilePath: "OldFilePath",
  oldFilePermission: "OldFilePermission",
  oldFileSize: "OldFileSize",
  oldFileType: "OldFileType",
  out: "SentBytes",
  outcome: "EventOutcome",
  proto: "Protocol",
  reason: "Reason",
  request: "RequestURL",
  requestClientApplication: "RequestClientApplication",
  requestContext: "RequestContext",
  requestCookies: "RequestCookies",
  requestMethod: "RequestMethod",
  rt: "ReceiptTime",
  shost: "SourceHostName",
  smac: "SourceMACAddress",
  sntdom: "SourceNTDomain",
  sourceDnsDomain: "SourceDnsDomain",
  sourceServiceName: "SourceServiceName",
  sourceTranslatedAddress: "SourceTranslatedAddress",
  sourceTranslatedPort: "SourceTranslatedPort",
  spid: "SourceProcessId",
  spriv: "SourceUserPrivileges",
  sproc: "SourceProcessName",
  spt: "SourcePort",
  src: "SourceIP",
  suid: "SourceUserID",
  suser: "SourceUserName",
  type: "EventType",
};

/** The seven CEF header fields after `CEF:<version>`, in order, to their columns. */
const HEADER_COLUMNS = [
  "DeviceVendor",
  "DeviceProduct",
  "DeviceVersion",
  "DeviceEventClassID",
  "Activity",
  "LogSeverity",
] as const;

export interface CefEvent {
  syslog?: SyslogHeader;
  /** Column name to text value, before typing by the table schema. */
  fields: Record<string, string>;
}

export class CefParseError extends Error {}

function unescapeHeader(s: string): string {
  return s.replace(/\\([\\|])/g, "$1");
}

function unescapeValue(s: string): string {
  return s.replace(/\\(.)/g, (_, c: string) => (c === "n" ? "\n" : c === "r" ? "\r" : c));
}

/** Splits the header at unescaped pipes; returns the header fields and the extension text. */
function splitHeader(payload: string): { header: string[]; extension: string } {
  const header: string[] = [];
  let start = 0;
  for (let i = 0; i < payload.length && header.length < 7; i++) {
    if (payload[i] === "\\") {
      i++;
      continue;
    }
    if (payload[i] === "|") {
      header.push(unescapeHeader(payload.slice(start, i)));
      start = i + 1;
    }
  }
  if (header.length < 7)
    throw new CefParseError(`the CEF header has ${header.length + 1} of its 8 '|'-separated fields`);
  return { header, extension: payload.slice(start) };
}

/** Extension pairs in order: a key is a run of word characters followed by an unescaped `=`. */
export function parseExtension(text: string): Array<[string, string]> {
  const keys: Array<{ key: string; at: number; valueAt: number }> = [];
  const re = /(?:^|\s)([A-Za-z0-9_.[\]-]+)=/g;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    const eq = m.index + m[0].length - 1;
    if (text[eq - 1] === "\\") continue;
    keys.push({ key: m[1]!, at: m.index, valueAt: eq + 1 });
  }
  return keys.map((k, i) => [
    k.key,
    unescapeValue(text.slice(k.valueAt, i + 1 < keys.length ? keys[i + 1]!.at : text.length).trim()),
  ]);
}

/** One CEF line (with or without a syslog header in front) to CommonSecurityLog fields. */
export function parseCefLine(line: string): CefEvent {
  const at = line.indexOf("CEF:");
  if (at < 0) throw new CefParseError("no 'CEF:' in the line");
  const syslog = at > 0 ? parseSyslogHeader(line.slice(0, at)) : undefined;
  const { header, extension } = splitHeader(line.slice(at + 4));
  const fields: Record<string, string> = {};
  HEADER_COLUMNS.forEach((column, i) => {
    fields[column] = header[i + 1]!;
  });
  const additional: string[] = [];
  for (const [key, value] of parseExtension(extension)) {
    const column = CEF_EXTENSION_COLUMNS[key];
    if (column) fields[column] = value;
    else additional.push(`${key}=${value}`);
  }
  if (additional.length) fields.AdditionalExtensions = additional.join(";");
  if (syslog?.host) fields.Computer = syslog.host;
  return syslog ? { syslog, fields } : { fields };
}
