/**
 * A small solution written to a temporary repository, as a user would have it: a custom table,
 * the CcfPush connector that streams into it (with its data collection endpoint and rule), a
 * hunting query and an analytics rule on the table. Tests delete or break files and run the CLI.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";

export const CONTOSO_ID = "contoso.widgets";

const FILES: Record<string, string> = {
  "solution.yaml": `id: ${CONTOSO_ID}
name: Contoso Widgets
version: 1.0.0
description: Widget telemetry for Microsoft Sentinel.
author: { name: Contoso, email: dev@contoso.example }
support: { tier: Community, name: Contoso, email: dev@contoso.example }
categories: { domains: [Security - Threat Protection] }
providers: [Contoso]
firstPublishDate: "2024-01-01"
`,
  "tables/ContosoWidget_CL.yaml": `name: ContosoWidget_CL
description: Widget events.
columns:
  - { name: TimeGenerated, type: datetime }
  - { name: Widget, type: string }
  - { name: SourceIP, type: string }
  - { name: Count, type: int }
`,
  "connectors/ContosoPush.yaml": `id: ContosoPush
kind: CcfPush
title: Contoso Widgets
publisher: Contoso
descriptionMarkdown: Sends widget events through the Logs Ingestion API.
graphQueries: [{ metricName: Total, legend: ContosoWidget_CL, baseQuery: ContosoWidget_CL }]
sampleQueries: [{ description: All, query: "ContosoWidget_CL | take 10" }]
dataTypes: [{ name: ContosoWidget_CL, lastDataReceivedQuery: "ContosoWidget_CL | summarize Time = max(TimeGenerated) | where isnotempty(Time)" }]
connectivityCriterias: [{ type: IsConnectedQuery, value: ["ContosoWidget_CL | summarize LastLogReceived = max(TimeGenerated) | project IsConnected = LastLogReceived > ago(30d)"] }]
permissions: {}
instructionSteps: [{ title: Configure, description: Configure the sender. }]
dataCollectionRule: { name: contoso-dcr }
dataCollectionEndpoint: create
connectionName: ContosoPush
streams:
  - table: ContosoWidget_CL
`,
  "hunting/WidgetSpikes.yaml": `id: 6d1f2a3b-4c5d-4e6f-8a9b-0c1d2e3f4a5b
name: Contoso - widget spikes
description: Widgets seen more than a hundred times in an hour.
requiredDataConnectors:
  - connectorId: ContosoPush
    dataTypes: [ContosoWidget_CL]
tactics: [Discovery]
relevantTechniques: [T1046]
query: |
  ContosoWidget_CL
  | where TimeGenerated > ago(1h)
  | summarize Total = sum(Count) by Widget
  | where Total > 100
`,
  "analytics/WidgetBurst.yaml": `id: 3a4b5c6d-7e8f-4a9b-8c0d-1e2f3a4b5c6d
name: Contoso - widget burst from one address
description: One address sends many widgets in an hour.
severity: Medium
kind: Scheduled
requiredDataConnectors:
  - connectorId: ContosoPush
    dataTypes: [ContosoWidget_CL]
queryFrequency: 1h
queryPeriod: 1h
triggerOperator: gt
triggerThreshold: 0
tactics: [Discovery]
relevantTechniques: [T1046]
query: |
  ContosoWidget_CL
  | where TimeGenerated > ago(1h)
  | summarize Total = sum(Count) by SourceIP
  | where Total > 1000
entityMappings:
  - entityType: IP
    fieldMappings: [{ identifier: Address, columnName: SourceIP }]
version: 1.0.0
`,
};

export interface ContosoRepo {
  /** Repository root (holds Solutions/Contoso). */
  root: string;
  solutionDir: string;
  write(rel: string, text: string): void;
  remove(rel: string): void;
  dispose(): void;
}

export function contosoRepo(): ContosoRepo {
  const root = mkdtempSync(path.join(os.tmpdir(), "sentinelctl-contoso-"));
  const solutionDir = path.join(root, "Solutions", "Contoso");
  const write = (rel: string, text: string): void => {
    const abs = path.join(solutionDir, rel);
    mkdirSync(path.dirname(abs), { recursive: true });
    writeFileSync(abs, text);
  };
  for (const [rel, text] of Object.entries(FILES)) write(rel, text);
  return {
    root,
    solutionDir,
    write,
    remove: (rel) => rmSync(path.join(solutionDir, rel)),
    dispose: () => rmSync(root, { recursive: true, force: true }),
  };
}

export const CONTOSO_FILES = FILES;
