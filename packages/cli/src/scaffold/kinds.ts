import { randomUUID } from "node:crypto";
import { didYouMean, parseYamlSource } from "@sentinelctl/content";
import { UsageError } from "../ui.js";
import { readTemplate, renderTemplate } from "./render.js";
import type { SolutionFacts } from "./solution-facts.js";
import { tsContentModule } from "./ts-literal.js";
import type { NewFile } from "./write.js";

export type Format = "yaml" | "ts";

export const KIND_NAMES = [
  "scheduled-rule",
  "nrt-rule",
  "hunting-query",
  "parser",
  "table",
  "cef-connector",
  "ccf-connector",
  "workbook",
  "test",
] as const;
export type KindName = (typeof KIND_NAMES)[number];

const ALIASES: Record<string, KindName> = {
  rule: "scheduled-rule",
  scheduled: "scheduled-rule",
  nrt: "nrt-rule",
  hunting: "hunting-query",
  cef: "cef-connector",
  ccf: "ccf-connector",
  "push-connector": "ccf-connector",
};

/** The kind a user typed (a name or an alias), or a usage error with a did-you-mean. */
export function resolveKind(typed: string): KindName {
  const lower = typed.toLowerCase();
  if ((KIND_NAMES as readonly string[]).includes(lower)) return lower as KindName;
  const alias = ALIASES[lower];
  if (alias) return alias;
  const guess = didYouMean(lower, ["solution", ...KIND_NAMES, ...Object.keys(ALIASES)]);
  throw new UsageError(
    `unknown kind '${typed}'`,
    `${guess !== undefined ? `did you mean ${guess}? ` : ""}Kinds: solution, ${KIND_NAMES.join(", ")}.`,
  );
}

export interface NewRequest {
  kind: KindName;
  name: string;
  format: Format;
  title?: string;
  /** The table the item reads or writes. */
  table?: string;
  connector?: string;
  /** Publisher/vendor shown on connectors and parsers. */
  vendor?: string;
  /** The item a detection test runs (its name, or id). */
  item?: string;
  /** With a rule or a push connector: write its detection test too. */
  test?: boolean;
  /** Fixed values instead of fresh GUIDs and today's date (tests of the output). */
  fixed?: { id?: () => string; today?: string };
}

const NAME = /^[A-Za-z][A-Za-z0-9_]{0,99}$/;
/** Any `now` works: test rows are placed relative to it (`ago`). */
const TEST_NOW = "2026-01-15T12:00:00Z";

export function checkName(name: string, what = "name"): void {
  if (!NAME.test(name)) {
    throw new UsageError(
      `invalid ${what} '${name}'`,
      "Use letters, digits and underscores, starting with a letter (it becomes a file name and an id), e.g. ContosoSignIns.",
    );
  }
}

/** "ManyFailedSignIns" -> "Many failed sign ins"; acronyms (IP, DNS) keep their case. */
export function humanize(name: string): string {
  const words = name
    .replace(/_CL$/, "")
    .split(/_|(?<=[a-z0-9])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])/)
    .filter(Boolean);
  return words.map((w, i) => (i === 0 || /^[A-Z0-9]+$/.test(w) ? w : w.toLowerCase())).join(" ");
}

export function customTableName(name: string): string {
  return name.endsWith("_CL") ? name : `${name}_CL`;
}

/** The files one `new` writes, relative to the solution folder. */
export function generate(request: NewRequest, facts: SolutionFacts): NewFile[] {
  checkName(request.name);
  const ctx = new Context(request, facts);
  switch (request.kind) {
    case "table":
      return [ctx.table(customTableName(request.name))];
    case "scheduled-rule":
    case "nrt-rule":
      return ctx.rule(request.kind);
    case "hunting-query":
      return [ctx.simple("hunting-query", "hunting")];
    case "parser":
      return [ctx.simple("parser", "parsers")];
    case "cef-connector":
      return [ctx.connector("cef-connector", {})];
    case "ccf-connector":
      return ctx.ccfConnector();
    case "workbook":
      return ctx.workbook();
    case "test":
      return [ctx.detectionTest()];
  }
}

class Context {
  private readonly newId: () => string;
  readonly today: string;

  constructor(
    readonly request: NewRequest,
    readonly facts: SolutionFacts,
  ) {
    this.newId = request.fixed?.id ?? (() => randomUUID());
    this.today = request.fixed?.today ?? new Date().toISOString().slice(0, 10);
  }

  get name(): string {
    return this.request.name;
  }

  private ext(): string {
    return this.request.format === "ts" ? "ts" : "yaml";
  }

  private template(kind: string): string {
    return readTemplate(`new/${kind}.${this.ext()}`);
  }

  private vars(extra: Record<string, string> = {}): Record<string, string> {
    const vendor = this.request.vendor ?? this.facts.publisher;
    return {
      name: this.name,
      id: this.newId(),
      title: this.request.title ?? `${this.facts.name} - ${humanize(this.name)}`,
      description: `${humanize(this.name)}: describe what this holds and where it comes from.`,
      publisher: vendor,
      vendor,
      today: this.today,
      ...extra,
    };
  }

  /** The table an item reads: --table, else the solution's first declared table. */
  /** Variables of a query template: the table it reads and the connectors that fill it. */
  private queryVars(): { table: string; vars: Record<string, string> } {
    const table = this.readTable();
    const connectors = this.connectorsFor(table);
    const vars = this.vars({
      table,
      requiredConnectorsYaml: connectors.yaml,
      requiredConnectorsTs: connectors.ts,
    });
    return { table, vars };
  }

  private readTable(): string {
    const table = this.request.table ?? this.facts.tables[0];
    if (table === undefined) {
      throw new UsageError(
        `--table is needed: solution ${this.facts.name} declares no table yet`,
        "Add one first (sentinelctl new table NAME), or name a workspace table, e.g. --table CommonSecurityLog.",
      );
    }
    checkName(table, "table name");
    return table;
  }

  /** requiredDataConnectors for an item over `table`: --connector, else the solution's connector feeding it. */
  private connectorsFor(table: string): { yaml: string; ts: string; ids: string[] } {
    const id = this.request.connector ?? this.facts.connectors.find((c) => c.tables.includes(table))?.id;
    if (id === undefined)
      return { yaml: "requiredDataConnectors: []", ts: "requiredDataConnectors: [],", ids: [] };
    return {
      yaml: `requiredDataConnectors:\n  - connectorId: ${JSON.stringify(id)}\n    dataTypes:\n      - ${table}`,
      ts: `requiredDataConnectors: [{ connectorId: ${JSON.stringify(id)}, dataTypes: [${JSON.stringify(table)}] }],`,
      ids: [id],
    };
  }

  table(tableName: string): NewFile {
    checkName(tableName, "table name");
    const vars = this.vars({
      name: tableName,
      description: `${humanize(tableName)} events: describe what the product sends here.`,
    });
    return {
      path: `tables/${tableName}.${this.ext()}`,
      content: renderTemplate(this.template("table"), vars),
    };
  }

  rule(kind: "scheduled-rule" | "nrt-rule"): NewFile[] {
    const { table, vars } = this.queryVars();
    const files: NewFile[] = [
      { path: `analytics/${this.name}.${this.ext()}`, content: renderTemplate(this.template(kind), vars) },
    ];
    if (this.request.test) {
      const testVars = { item: vars.title as string, table, now: TEST_NOW };
      files.push({
        path: `tests/${this.name}.test.yaml`,
        content: renderTemplate(readTemplate(`new/${kind}.test.yaml`), testVars),
      });
    }
    return files;
  }

  simple(template: "hunting-query" | "parser", folder: string): NewFile {
    const { vars } = this.queryVars();
    return {
      path: `${folder}/${this.name}.${this.ext()}`,
      content: renderTemplate(this.template(template), vars),
    };
  }

  /** Connector templates are written once, in YAML; the TypeScript form is derived from it. */
  connector(template: "cef-connector" | "ccf-connector", extra: Record<string, string>): NewFile {
    const yaml = renderTemplate(readTemplate(`new/${template}.yaml`), this.vars(extra));
    if (this.request.format === "yaml") return { path: `connectors/${this.name}.yaml`, content: yaml };
    const comment =
      template === "ccf-connector"
        ? "A Codeless Connector Framework push connector: sentinelctl derives its DCE, DCR and table wiring."
        : "A connector page for CEF syslog collected by the Azure Monitor Agent (records land in CommonSecurityLog).";
    return {
      path: `connectors/${this.name}.ts`,
      content: tsContentModule("defineDataConnector", "connector", parseYaml(yaml), comment),
    };
  }

  ccfConnector(): NewFile[] {
    const table = customTableName(this.request.table ?? this.name);
    checkName(table, "table name");
    const stream = table.replace(/_CL$/, "");
    const connector = this.connector("ccf-connector", {
      table,
      streamName: `Custom-${stream}`,
      dcrName: `${this.name.slice(0, 27)}DCR`,
    });
    // The table the connector writes to is created with it unless the solution declares it already.
    const files = this.facts.tables.includes(table) ? [connector] : [this.table(table), connector];
    if (this.request.test) {
      const vars = { item: `${this.name}/${table}`, table, now: TEST_NOW };
      files.push({
        path: `tests/${this.name}.test.yaml`,
        content: renderTemplate(readTemplate("new/ccf-connector.test.yaml"), vars),
      });
    }
    return files;
  }

  workbook(): NewFile[] {
    const table = this.readTable();
    const connectors = this.connectorsFor(table);
    const vars = this.vars({
      table,
      workbookConnectorsYaml: connectors.ids.length
        ? `dataConnectors:\n${connectors.ids.map((id) => `  - ${JSON.stringify(id)}`).join("\n")}`
        : "dataConnectors: []",
    });
    vars.description = `${humanize(this.name)}: what ${table} received over time.`;
    const template = renderTemplate(readTemplate("new/workbook.json"), vars);
    if (this.request.format === "yaml") {
      return [
        {
          path: `workbooks/${this.name}.yaml`,
          content: renderTemplate(readTemplate("new/workbook.yaml"), vars),
        },
        { path: `workbooks/${this.name}.json`, content: template },
      ];
    }
    const value = {
      id: this.name,
      title: vars.title,
      description: vars.description,
      version: "1.0.0",
      dataTypes: [table],
      dataConnectors: connectors.ids,
      template: JSON.parse(template) as unknown,
    };
    return [
      {
        path: `workbooks/${this.name}.ts`,
        content: tsContentModule(
          "defineWorkbook",
          "workbook",
          value,
          "A workbook; `template` is its gallery template.",
        ),
      },
    ];
  }

  detectionTest(): NewFile {
    if (this.request.format === "ts") {
      throw new UsageError("detection tests are YAML only (tests/*.test.yaml); drop --ts.");
    }
    const wanted = this.request.item;
    if (wanted === undefined) {
      throw new UsageError(
        "--item is needed: the name of the rule, hunting query or parser the test runs",
        this.facts.testable.length
          ? `Items in ${this.facts.name}: ${this.facts.testable.map((t) => t.name).join(", ")}.`
          : undefined,
      );
    }
    const item = this.facts.testable.find((t) => t.name === wanted || t.id === wanted);
    if (item === undefined) {
      const guess = didYouMean(
        wanted,
        this.facts.testable.map((t) => t.name),
      );
      throw new UsageError(
        `no rule, hunting query or parser named '${wanted}' in solution ${this.facts.name}`,
        guess !== undefined
          ? `did you mean ${guess}?`
          : "Give the item's name (a rule's `name:`, a parser's FunctionName).",
      );
    }
    const table =
      this.request.table ?? this.facts.tables.find((t) => new RegExp(`\\b${t}\\b`).test(item.query));
    if (table === undefined) {
      throw new UsageError(
        `--table is needed: no table of solution ${this.facts.name} appears in the query of '${item.name}'`,
        "Name the table the test fills, e.g. --table CommonSecurityLog.",
      );
    }
    checkName(table, "table name");
    const vars = {
      item: item.name,
      table,
      now: TEST_NOW,
      expectKey: item.kind === "analyticRule" ? "alerts" : "rows",
    };
    return {
      path: `tests/${this.name}.test.yaml`,
      content: renderTemplate(readTemplate("new/item.test.yaml"), vars),
    };
  }
}

function parseYaml(text: string): unknown {
  const parsed = parseYamlSource("template.yaml", text);
  if (parsed.errors.length) throw new Error(`a template is not valid YAML: ${parsed.errors[0]?.message}`);
  return parsed.value;
}
