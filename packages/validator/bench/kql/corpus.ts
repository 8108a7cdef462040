/**
 * Benchmark corpus: 50 Sentinel-style queries written for this project (detections, hunting,
 * workbook-like aggregations) over built-in tables, a Darktrace custom table and a parser.
 * Five of them contain deliberate mistakes. Used by bench/run.ts only.
 */
import type { SchemaInput } from "../../src/schema/types.js";

export const benchSchemaInput: SchemaInput = {
  solution: {
    tables: [
      {
        name: "DarktraceModelAlerts_CL",
        columns: [
          { name: "alertTime", type: "datetime" },
          { name: "modelName", type: "string" },
          { name: "score", type: "real" },
          { name: "category", type: "string" },
          { name: "compliance", type: "bool" },
          { name: "sourceIp", type: "string" },
          { name: "destIp", type: "string" },
          { name: "destPort", type: "string" },
          { name: "deviceHostname", type: "string" },
          { name: "mitreTechniques", type: "dynamic" },
          { name: "alertUrl", type: "string" },
          { name: "threatId", type: "long" },
        ],
      },
    ],
    functions: [
      {
        name: "DtBreaches",
        parameters: [{ name: "minscore", type: "real", default: "0" }],
        body: `DarktraceModelAlerts_CL
| where score >= minscore
| project TimeGenerated, BreachTime = alertTime, ModelName = modelName, Score = score * 100,
    Category = category, SrcIpAddr = sourceIp, DstIpAddr = destIp, DstPort = toint(destPort),
    Hostname = deviceHostname, Url = alertUrl`,
      },
    ],
  },
};

export const benchQueries: readonly string[] = [
  // 1 brute force against Entra ID
  `SigninLogs
| where TimeGenerated > ago(1h)
| where ResultType in ("50126", "50053", "50055")
| summarize Failures = count(), Apps = make_set(AppDisplayName, 10), FirstSeen = min(TimeGenerated), LastSeen = max(TimeGenerated)
    by UserPrincipalName, IPAddress
| where Failures >= 20
| extend AccountName = tostring(split(UserPrincipalName, "@")[0]), AccountDomain = tostring(split(UserPrincipalName, "@")[1])`,
  // 2 password spray
  `let window = 30m;
SigninLogs
| where TimeGenerated > ago(1d) and ResultType == "50126"
| summarize Targets = dcount(UserPrincipalName), Users = make_set(UserPrincipalName, 50) by IPAddress, bin(TimeGenerated, window)
| where Targets > 15
| project TimeGenerated, IPAddress, Targets, Users`,
  // 3 successful sign-in after failures
  `let failures = SigninLogs
    | where TimeGenerated > ago(2h) and ResultType != "0"
    | summarize FailedCount = count() by UserPrincipalName, IPAddress;
SigninLogs
| where TimeGenerated > ago(2h) and ResultType == "0"
| join kind=inner failures on UserPrincipalName, IPAddress
| where FailedCount > 10
| project TimeGenerated, UserPrincipalName, IPAddress, FailedCount, AppDisplayName, Location`,
  // 4 rare country
  `SigninLogs
| where TimeGenerated > ago(14d) and ResultType == "0"
| extend Country = tostring(LocationDetails.countryOrRegion)
| summarize Days = dcount(bin(TimeGenerated, 1d)), LastSeen = max(TimeGenerated) by UserPrincipalName, Country
| where Days == 1 and LastSeen > ago(1d)`,
  // 5 role assignment
  `AuditLogs
| where TimeGenerated > ago(1d)
| where OperationName == "Add member to role"
| extend Role = tostring(TargetResources[0].modifiedProperties[1].newValue),
    Target = tostring(TargetResources[0].userPrincipalName),
    Actor = tostring(InitiatedBy.user.userPrincipalName)
| where Role has_any ("Global Administrator", "Privileged Role Administrator", "Security Administrator")
| project TimeGenerated, Actor, Target, Role, CorrelationId`,
  // 6 app consent
  `AuditLogs
| where OperationName =~ "Consent to application"
| mv-expand Resource = TargetResources
| extend AppName = tostring(Resource.displayName), AppId = tostring(Resource.id)
| extend Initiator = coalesce(tostring(InitiatedBy.user.userPrincipalName), tostring(InitiatedBy.app.displayName))
| summarize Consents = count() by AppName, AppId, Initiator`,
  // 7 new local admin
  `SecurityEvent
| where TimeGenerated > ago(1d)
| where EventID == 4732 and TargetUserName == "Administrators"
| project TimeGenerated, Computer, MemberName, SubjectUserName, SubjectDomainName`,
  // 8 logon burst
  `SecurityEvent
| where EventID == 4625
| summarize Failed = count(), Accounts = dcount(TargetAccount) by Computer, IpAddress, bin(TimeGenerated, 10m)
| where Failed > 50 or Accounts > 10
| order by Failed desc`,
  // 9 process creation LOLBins
  `SecurityEvent
| where EventID == 4688
| where NewProcessName has_any (@"\\certutil.exe", @"\\mshta.exe", @"\\regsvr32.exe", @"\\rundll32.exe")
| where CommandLine has_any ("http", "urlcache", "scrobj", "javascript:")
| project TimeGenerated, Computer, Account, NewProcessName, CommandLine, ParentProcessName`,
  // 10 cleared logs
  `SecurityEvent
| where EventID in (1102, 104)
| summarize Count = count(), LastCleared = max(TimeGenerated) by Computer, Account`,
  // 11 syslog ssh failures
  `Syslog
| where Facility in ("auth", "authpriv")
| where SyslogMessage has "Failed password"
| extend SrcIp = extract(@"from (\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}\\.\\d{1,3})", 1, SyslogMessage),
    User = extract(@"for (invalid user )?(\\S+)", 2, SyslogMessage)
| summarize Attempts = count(), Users = make_set(User, 20) by SrcIp, HostName, bin(TimeGenerated, 15m)
| where Attempts > 25`,
  // 12 sudo usage
  `Syslog
| where ProcessName == "sudo" and SyslogMessage has "COMMAND="
| parse SyslogMessage with * "USER=" RunAs " ; COMMAND=" Command
| project TimeGenerated, HostName, RunAs, Command`,
  // 13 Azure activity deletions
  `AzureActivity
| where TimeGenerated > ago(1d)
| where OperationNameValue endswith "/DELETE" and ActivityStatusValue == "Success"
| summarize Deletions = count(), Resources = make_set(_ResourceId, 25) by Caller, CallerIpAddress, ResourceGroup
| where Deletions > 20`,
  // 14 key vault access
  `AzureDiagnostics
| where ResourceType == "VAULTS" and OperationName == "SecretGet"
| summarize Reads = count() by CallerIPAddress, identity_claim_appid_g = tostring(column_ifexists("identity_claim_appid_g", "")), Resource, bin(TimeGenerated, 1h)
| where Reads > 100`,
  // 15 mailbox forwarding
  `OfficeActivity
| where Operation in ("New-InboxRule", "Set-InboxRule", "Set-Mailbox")
| where Parameters has_any ("ForwardTo", "RedirectTo", "ForwardingSmtpAddress")
| extend Params = parse_json(Parameters)
| mv-expand Params
| where tostring(Params.Name) in ("ForwardTo", "RedirectTo", "ForwardingSmtpAddress")
| project TimeGenerated, UserId, ClientIP, Operation, Destination = tostring(Params.Value)`,
  // 16 SharePoint mass download
  `OfficeActivity
| where RecordType == "SharePointFileOperation" and Operation == "FileDownloaded"
| summarize Files = dcount(OfficeObjectId), Sites = dcount(Site_Url) by UserId, ClientIP, bin(TimeGenerated, 1h)
| where Files > 500`,
  // 17 CEF port scan
  `CommonSecurityLog
| where TimeGenerated > ago(1h)
| where DeviceAction in~ ("deny", "drop", "block")
| summarize Ports = dcount(DestinationPort), Targets = dcount(DestinationIP) by SourceIP, DeviceVendor, bin(TimeGenerated, 5m)
| where Ports > 50
| extend Severity = iff(Ports > 500, "High", "Medium")`,
  // 18 CEF beaconing
  `let lookback = 1d;
CommonSecurityLog
| where TimeGenerated > ago(lookback) and DeviceAction !in~ ("deny", "drop")
| project TimeGenerated, SourceIP, DestinationIP, DestinationPort
| sort by SourceIP asc, DestinationIP asc, TimeGenerated asc
| serialize
| extend Delta = datetime_diff("second", TimeGenerated, prev(TimeGenerated)), Same = SourceIP == prev(SourceIP) and DestinationIP == prev(DestinationIP)
| where Same
| summarize Beats = count(), MeanGap = avg(Delta), Jitter = stdev(Delta) by SourceIP, DestinationIP, DestinationPort
| where Beats > 50 and Jitter < 0.1 * MeanGap`,
  // 19 CEF data exfil
  `CommonSecurityLog
| where TimeGenerated > ago(1d)
| where not(ipv4_is_private(DestinationIP))
| summarize SentMB = sum(SentBytes) / 1048576.0, ReceivedMB = sum(ReceivedBytes) / 1048576.0 by SourceIP, DestinationIP
| where SentMB > 1024 and SentMB > 10 * ReceivedMB`,
  // 20 CEF Darktrace parse
  `CommonSecurityLog
| where DeviceVendor == "Darktrace" and DeviceProduct has "Enterprise"
| extend Url = extract(@"darktraceUrl=([^;]+)", 1, AdditionalExtensions),
    Score = toint(LogSeverity) * 10
| where Score >= 60
| project TimeGenerated, Activity, Score, SourceIP, SourceHostName, DestinationIP, Url`,
  // 21 Darktrace model alerts
  `DarktraceModelAlerts_CL
| where TimeGenerated > ago(1h)
| where score >= 0.8 and compliance == false
| extend Tactics = tostring(mitreTechniques)
| project TimeGenerated, modelName, category, score, sourceIp, deviceHostname, destIp, alertUrl`,
  // 22 Darktrace per device
  `DarktraceModelAlerts_CL
| where TimeGenerated > ago(7d)
| summarize Breaches = count(), Models = dcount(modelName), Top = arg_max(score, modelName, alertUrl) by deviceHostname
| where Breaches > 5
| top 20 by Breaches desc`,
  // 23 parser consumer
  `DtBreaches(70)
| where TimeGenerated > ago(1d)
| summarize Breaches = count(), MaxScore = max(Score) by Hostname, SrcIpAddr
| where Breaches > 3`,
  // 24 parser join with sign-ins
  `DtBreaches()
| where Category == "Critical"
| join kind=leftouter (
    SigninLogs
    | where TimeGenerated > ago(1d)
    | summarize Users = make_set(UserPrincipalName, 5) by IPAddress
  ) on $left.SrcIpAddr == $right.IPAddress
| project TimeGenerated, ModelName, Score, SrcIpAddr, Users`,
  // 25 watchlist allow-list
  `let allowed = _GetWatchlist("ApprovedScanners") | project Ip = tostring(SearchKey);
CommonSecurityLog
| where TimeGenerated > ago(1h)
| where SourceIP !in (allowed)
| summarize Ports = dcount(DestinationPort) by SourceIP
| where Ports > 100`,
  // 26 watchlist VIP
  `let vip = _GetWatchlist("VIPUsers") | extend Upn = tostring(WatchlistItem["User Principal Name"]) | project Upn;
SigninLogs
| where UserPrincipalName in~ (vip) and RiskLevelDuringSignIn in ("medium", "high")
| project TimeGenerated, UserPrincipalName, IPAddress, RiskLevelDuringSignIn, RiskDetail`,
  // 27 security alert summary (workbook-like)
  `SecurityAlert
| where TimeGenerated > ago(30d)
| summarize Alerts = count() by ProductName, AlertSeverity, bin(TimeGenerated, 1d)
| render timechart`,
  // 28 security incident triage
  `SecurityIncident
| where TimeGenerated > ago(14d)
| summarize arg_max(TimeGenerated, *) by IncidentNumber
| where Status != "Closed"
| extend AgeHours = datetime_diff("hour", now(), CreatedTime)
| project IncidentNumber, Title, Severity, Status, Owner = tostring(Owner.assignedTo), AgeHours
| order by Severity asc, AgeHours desc`,
  // 29 alert entities
  `SecurityAlert
| where TimeGenerated > ago(1d)
| extend Ents = parse_json(Entities)
| mv-expand Ents
| where tostring(Ents.Type) == "ip"
| summarize Alerts = dcount(SystemAlertId), Names = make_set(AlertName, 10) by Ip = tostring(Ents.Address)
| where Alerts > 2`,
  // 30 threat intel match
  `let indicators = ThreatIntelligenceIndicator
    | where TimeGenerated > ago(14d) and Active == true and isnotempty(NetworkIP)
    | summarize arg_max(TimeGenerated, *) by IndicatorId
    | project NetworkIP, ThreatType, ConfidenceScore, Description;
CommonSecurityLog
| where TimeGenerated > ago(1h)
| join kind=inner indicators on $left.DestinationIP == $right.NetworkIP
| project TimeGenerated, SourceIP, DestinationIP, ThreatType, ConfidenceScore, DeviceVendor`,
  // 31 DNS tunnelling
  `DnsEvents
| where TimeGenerated > ago(1h)
| extend Labels = array_length(split(Name, ".")), Longest = strlen(tostring(split(Name, ".")[0]))
| where Longest > 40 or Labels > 8
| summarize Queries = count(), Samples = make_set(Name, 5) by ClientIP
| where Queries > 100`,
  // 32 heartbeat gaps (workbook-like)
  `Heartbeat
| summarize LastBeat = max(TimeGenerated) by Computer, OSType, Version
| extend Silent = now() - LastBeat
| where Silent > 1h
| order by Silent desc`,
  // 33 usage by table (workbook-like)
  `Usage
| where TimeGenerated > ago(30d) and IsBillable == true
| summarize GB = sum(Quantity) / 1024.0 by DataType, bin(TimeGenerated, 1d)
| order by GB desc`,
  // 34 union across sources
  `union isfuzzy=true
    (SigninLogs | where ResultType == "0" | project TimeGenerated, User = UserPrincipalName, Ip = IPAddress, Source = "Entra"),
    (SecurityEvent | where EventID == 4624 | project TimeGenerated, User = TargetAccount, Ip = IpAddress, Source = "Windows"),
    (Syslog | where SyslogMessage has "Accepted password" | project TimeGenerated, User = extract(@"for (\\S+)", 1, SyslogMessage), Ip = HostIP, Source = "Linux")
| where TimeGenerated > ago(1h)
| summarize Logons = count(), Sources = make_set(Source) by User, Ip`,
  // 35 make-series anomaly
  `SigninLogs
| where TimeGenerated > ago(14d)
| make-series Signins = count() default = 0 on TimeGenerated from ago(14d) to now() step 1h by AppDisplayName
| extend (Anomalies, Score, Baseline) = series_decompose_anomalies(Signins, 2.5)
| mv-expand TimeGenerated to typeof(datetime), Signins to typeof(long), Anomalies to typeof(double), Score to typeof(double)
| where Anomalies > 0 and TimeGenerated > ago(1d)`,
  // 36 mv-apply
  `SecurityAlert
| where TimeGenerated > ago(7d)
| extend Tech = todynamic(Techniques)
| mv-apply T = Tech to typeof(string) on (summarize Techs = make_set(T))
| project TimeGenerated, AlertName, Techs`,
  // 37 evaluate bag_unpack
  `AzureActivity
| where TimeGenerated > ago(1d) and OperationNameValue has "roleAssignments/write"
| extend P = parse_json(Properties)
| project TimeGenerated, Caller, P
| evaluate bag_unpack(P, "prop_")`,
  // 38 lookup
  `SecurityEvent
| where EventID == 4624 and LogonType == 10
| lookup kind=leftouter (Heartbeat | summarize arg_max(TimeGenerated, OSName) by Computer) on Computer
| project TimeGenerated, Computer, Account, IpAddress, OSName`,
  // 39 Defender for Cloud recommendations-ish
  `SecurityRecommendation
| where TimeGenerated > ago(1d)
| summarize arg_max(TimeGenerated, *) by RecommendationName, AssessedResourceId
| where RecommendationState == "Unhealthy"
| summarize Resources = count() by RecommendationName, RecommendationSeverity`,
  // 40 user risk
  `AADUserRiskEvents
| where TimeGenerated > ago(7d) and RiskLevel == "high"
| summarize Events = count(), Types = make_set(RiskEventType) by UserPrincipalName
| join kind=leftouter (IdentityInfo | summarize arg_max(TimeGenerated, Department, JobTitle) by AccountUPN) on $left.UserPrincipalName == $right.AccountUPN
| project UserPrincipalName, Events, Types, Department, JobTitle`,
  // 41 non-interactive token use
  `AADNonInteractiveUserSignInLogs
| where TimeGenerated > ago(1d) and ResultType == "0"
| summarize Apps = dcount(AppId), Ips = dcount(IPAddress) by UserPrincipalName
| where Ips > 20`,
  // 42 Azure firewall
  `AzureDiagnostics
| where Category == "AzureFirewallNetworkRule"
| parse msg_s with Protocol " request from " SourceIp ":" SourcePort " to " TargetIp ":" TargetPort ". Action: " Action
| where Action == "Deny"
| summarize Denied = count() by SourceIp, TargetIp, TargetPort`,
  // 43 W3C IIS
  `W3CIISLog
| where csUriStem has_any ("/.env", "/wp-login.php", "/phpmyadmin")
| summarize Hits = count() by cIP, csUriStem, scStatus
| where Hits > 10`,
  // 44 datatable mapping
  `let severities = datatable(Level: string, Rank: int) ["Low", 1, "Medium", 2, "High", 3, "Informational", 0];
SecurityAlert
| where TimeGenerated > ago(1d)
| join kind=inner severities on $left.AlertSeverity == $right.Level
| summarize Max = max(Rank) by CompromisedEntity`,
  // 45 toscalar threshold
  `let baseline = toscalar(SigninLogs | where TimeGenerated between (ago(8d) .. ago(1d)) | summarize count() / 7);
SigninLogs
| where TimeGenerated > ago(1d)
| summarize Today = count()
| extend Ratio = todouble(Today) / baseline
| where Ratio > 3`,
  // 46 BROKEN: misspelt column
  `SigninLogs
| where TimeGenerated > ago(1h)
| where ResultTyp == "50126"
| summarize count() by UserPrincipalName`,
  // 47 BROKEN: unknown table
  `SecurityEvents
| where EventID == 4625
| take 10`,
  // 48 BROKEN: type mismatch
  `CommonSecurityLog
| where TimeGenerated > "yesterday"
| project SourceIP`,
  // 49 BROKEN: syntax
  `SecurityAlert
| where AlertSeverity == "High" and
| summarize count() by ProductName`,
  // 50 BROKEN: parser column that does not exist
  `DtBreaches(50)
| project TimeGenerated, ModelName, DestinationHost`,
];
