import { readFileSync } from "node:fs";

/**
 * Connector ids that exist outside this repository: Microsoft's own data connectors, which rules
 * and workbooks name in `requiredDataConnectors` / `dataConnectors` without shipping them.
 *
 * A deliberately small allow-list (Microsoft's CI keeps a long, frequently edited
 * `ValidConnectorIds.json`): the first-party connectors that community and partner content
 * depends on most, each with the tables it fills. Ids of connectors defined anywhere in the
 * validated repository are accepted too, and a project adds its own through
 * `knownConnectors:` in sentinelctl.config.yaml.
 */
export const KNOWN_CONNECTORS: Readonly<Record<string, readonly string[]>> = {
  AzureActiveDirectory: [
    "SigninLogs",
    "AuditLogs",
    "AADNonInteractiveUserSignInLogs",
    "AADServicePrincipalSignInLogs",
    "AADManagedIdentitySignInLogs",
    "AADProvisioningLogs",
    "ADFSSignInLogs",
    "AADRiskyUsers",
    "AADUserRiskEvents",
    "NetworkAccessTraffic",
  ],
  AzureActiveDirectoryIdentityProtection: ["SecurityAlert"],
  AzureActivity: ["AzureActivity"],
  AzureSecurityCenter: ["SecurityAlert"],
  MicrosoftDefenderForCloudTenantBased: ["SecurityAlert"],
  MicrosoftThreatProtection: [
    "SecurityIncident",
    "SecurityAlert",
    "DeviceEvents",
    "DeviceProcessEvents",
    "DeviceNetworkEvents",
    "DeviceFileEvents",
    "DeviceRegistryEvents",
    "DeviceLogonEvents",
    "DeviceImageLoadEvents",
    "DeviceInfo",
    "DeviceNetworkInfo",
    "DeviceFileCertificateInfo",
    "EmailEvents",
    "EmailUrlInfo",
    "EmailAttachmentInfo",
    "EmailPostDeliveryEvents",
    "UrlClickEvents",
    "CloudAppEvents",
    "IdentityLogonEvents",
    "IdentityQueryEvents",
    "IdentityDirectoryEvents",
    "AlertEvidence",
    "AlertInfo",
  ],
  MicrosoftDefenderAdvancedThreatProtection: ["SecurityAlert"],
  MicrosoftCloudAppSecurity: ["SecurityAlert", "McasShadowItReporting"],
  AzureAdvancedThreatProtection: ["SecurityAlert"],
  Office365: ["OfficeActivity"],
  OfficeATP: ["SecurityAlert"],
  OfficeIRM: ["SecurityAlert"],
  SecurityEvents: ["SecurityEvent"],
  WindowsSecurityEvents: ["SecurityEvent"],
  WindowsForwardedEvents: ["WindowsEvent"],
  Syslog: ["Syslog"],
  SyslogAma: ["Syslog"],
  CEF: ["CommonSecurityLog"],
  CefAma: ["CommonSecurityLog"],
  DNS: ["DnsEvents", "DnsInventory"],
  ASimDnsActivityLogs: ["ASimDnsActivityLogs"],
  WindowsFirewall: ["WindowsFirewall"],
  WindowsFirewallAma: ["ASimNetworkSessionLogs"],
  AzureFirewall: [
    "AzureDiagnostics",
    "AZFWApplicationRule",
    "AZFWNetworkRule",
    "AZFWDnsQuery",
    "AZFWThreatIntel",
  ],
  WAF: ["AzureDiagnostics"],
  AzureKeyVault: ["AzureDiagnostics"],
  AzureKubernetes: ["AzureDiagnostics", "ContainerLog", "KubeEvents"],
  AzureSql: ["AzureDiagnostics"],
  AzureStorageAccount: ["StorageBlobLogs", "StorageFileLogs", "StorageQueueLogs", "StorageTableLogs"],
  ThreatIntelligence: ["ThreatIntelligenceIndicator", "ThreatIntelIndicators", "ThreatIntelObjects"],
  ThreatIntelligenceTaxii: ["ThreatIntelligenceIndicator", "ThreatIntelIndicators", "ThreatIntelObjects"],
  MicrosoftDefenderThreatIntelligence: [
    "ThreatIntelligenceIndicator",
    "ThreatIntelIndicators",
    "ThreatIntelObjects",
  ],
  ThreatIntelligenceUploadIndicatorsAPI: [
    "ThreatIntelligenceIndicator",
    "ThreatIntelIndicators",
    "ThreatIntelObjects",
  ],
  BehaviorAnalytics: ["BehaviorAnalytics", "IdentityInfo", "UserPeerAnalytics"],
  AWS: ["AWSCloudTrail"],
  AwsS3: ["AWSCloudTrail", "AWSGuardDuty", "AWSVPCFlow", "AWSCloudWatch"],
  Dynamics365: ["Dynamics365Activity"],
  MicrosoftPurviewInformationProtection: ["MicrosoftPurviewInformationProtection"],
  AzureInformationProtection: ["InformationProtectionLogs_CL"],
  OfficePowerBI: ["PowerBIActivity"],
  Office365Project: ["ProjectActivity"],
  IoT: ["SecurityAlert"],
};

const lower = new Map(Object.keys(KNOWN_CONNECTORS).map((k) => [k.toLowerCase(), k]));

/** The canonical spelling of a known connector id (case-insensitive lookup). */
export function knownConnector(id: string): string | undefined {
  return lower.get(id.toLowerCase());
}

let validIds: Set<string> | undefined;

/**
 * Whether Microsoft's detection-template CI accepts `id` in requiredDataConnectors: its vendored
 * `ValidConnectorIds.json` (see data/NOTICE.md), matched case-insensitively, or the list above.
 */
export function isValidConnectorId(id: string): boolean {
  if (!validIds) {
    const file = JSON.parse(
      readFileSync(new URL("../../data/valid-connector-ids.json", import.meta.url), "utf8"),
    ) as {
      ids: string[];
    };
    validIds = new Set(file.ids.map((x) => x.toLowerCase()));
  }
  return validIds.has(id.toLowerCase()) || knownConnector(id) !== undefined;
}
