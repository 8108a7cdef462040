import type { CheckMeta } from "./types.js";

/**
 * The codes the loader (packages/content) reports while reading content files, one entry each so
 * that `explain` and docs/diagnostics.md describe every one. Severity is the one the loader uses;
 * where it depends on the finding, the doc says so.
 */
export const LOAD_CODES: readonly CheckMeta[] = [
  {
    code: "LOAD-UNREADABLE",
    severity: "error",
    category: "load",
    doc: "A path given on the command line or listed by the content does not exist or cannot be read (permissions, a folder where a file is expected). Nothing is loaded from it; `validate` and `build` exit 2 when a path they were given is unreadable.",
  },
  {
    code: "LOAD-ENCODING",
    severity: "error",
    category: "load",
    doc: "A content file is not valid UTF-8 (for example UTF-16 written by an editor, or a binary file in a content folder). Save it as UTF-8; a byte-order mark is accepted.",
  },
  {
    code: "LOAD-EMPTY",
    severity: "error",
    category: "load",
    doc: "A content file is empty (or holds only white space), so it defines nothing. Delete it or fill it in.",
  },
  {
    code: "LOAD-YAML-SYNTAX",
    severity: "error",
    category: "load",
    doc: "A YAML file does not parse (bad indentation, an unclosed quote, a tab used for indentation, a duplicate key). The position points at the first syntax error; the file's content is not checked further.",
  },
  {
    code: "LOAD-JSON-SYNTAX",
    severity: "error",
    category: "load",
    doc: "A JSON file does not parse, or does not have the shape its role needs (for example a workbook metadata file that is not an array of entries). The position points at the first error.",
  },
  {
    code: "LOAD-NOT-OBJECT",
    severity: "error",
    category: "load",
    doc: "A content file parses but holds a list or a single value where a mapping of fields is expected. Every content file describes one item as a mapping (`key: value` lines in YAML, an object in JSON).",
  },
  {
    code: "LOAD-TS-THROW",
    severity: "error",
    category: "load",
    doc: "A TypeScript content module threw while it was evaluated (a runtime error, a failed import). Content modules must evaluate without side effects; the position is the frame of the throw in the module when it is known.",
  },
  {
    code: "LOAD-NO-CONTENT",
    severity: "warning",
    category: "load",
    doc: "A TypeScript file in a content folder exports no value built with a define*() helper, so it contributes nothing. Export the item, or move helper modules out of content folders.",
  },
  {
    code: "LOAD-WRONG-FOLDER",
    severity: "warning",
    category: "load",
    doc: "A TypeScript module exports an item of one kind from the folder of another (for example a hunting query under analytics/). The item is loaded as what it declares; move it to its kind's folder so the layout stays predictable.",
  },
  {
    code: "LOAD-UNKNOWN-KIND",
    severity: "error",
    category: "load",
    doc: "sentinelctl cannot tell which content kind a file holds: it is outside the content folders (analytics/, hunting/, parsers/, tables/, connectors/, workbooks/, playbooks/, automationRules/), or a data connector has neither `kind` nor a shape sentinelctl recognises.",
  },
  {
    code: "LOAD-MISSING-FILE",
    severity: "error",
    category: "load",
    doc: "A file the content refers to does not exist: a workbook's or playbook's template, a file listed in an Azure-Sentinel data file, or the solution metadata file it names. Paths are relative to the solution folder.",
  },
  {
    code: "LOAD-PATH-ESCAPE",
    severity: "error",
    category: "load",
    doc: "A template reference points outside the solution folder. Everything a solution packages must live inside its folder, so the package is reproducible from that folder alone.",
  },
  {
    code: "LOAD-DUPLICATE-ID",
    severity: "error",
    category: "load",
    doc: "Two items of the repository share an id (compared case-insensitively): a rule or hunting query template id, a workbook, connector, playbook, automation rule or solution id, a parser alias or a table name. The message names the first file that uses it; give the copy a fresh id, since ids are how Sentinel tells items apart across deployments.",
  },
  {
    code: "LOAD-NOT-LISTED",
    severity: "info",
    category: "load",
    doc: "In an Azure-Sentinel solution (Data/Solution_*.json), a content file sits in a content folder but the data file does not list it, so it is neither loaded nor packaged. List it, or delete it.",
  },
  {
    code: "LOAD-NOT-PACKAGED",
    severity: "warning",
    category: "load",
    doc: "An Azure-Sentinel data file lists items of a kind sentinelctl does not build yet (for example CLv1 polling connectors, a retired kind), so the package leaves them out. Package them with Microsoft's tool or deploy them separately.",
  },
  {
    code: "LOAD-SOLUTION-NAME",
    severity: "warning",
    category: "load",
    doc: "An Azure-Sentinel data file's `Name` differs from its solution folder's name. Microsoft's packager finds the solution by that name, so the two should match.",
  },
  {
    code: "LOAD-CCF-PART",
    severity: "info",
    category: "load",
    doc: "An Azure-Sentinel data file lists a CCF connector's pollers, data collection rules or tables file on its own. Those parts are packaged with the connector definition beside them; list only the `*_connectorDefinition.json` file.",
  },
  {
    code: "LOAD-CCF-ORPHAN",
    severity: "warning",
    category: "load",
    doc: "A file holds CCF pollers, data collection rules or tables, but no connector definition sits in the same folder, so nothing packages them.",
  },
  {
    code: "LOAD-PLAYBOOK-KIND",
    severity: "warning",
    category: "load",
    doc: "A playbook folder holds a custom Logic Apps connector or a Function App. It is packaged as a playbook template; Microsoft's V3 packager gives those their own content kinds, which sentinelctl does not model yet.",
  },
  {
    code: "LOAD-WORKBOOK-METADATA",
    severity: "warning",
    category: "load",
    doc: "No entry of the repository's Workbooks/WorkbooksMetadata.json describes a workbook of an Azure-Sentinel solution, so it is packaged with its file name as key and title and without data type dependencies. Add an entry to keep its Content Hub listing complete.",
  },
];

/**
 * The codes of schema problems: content that does not match its kind's JSON Schema (reported by
 * the loader) and declared tables and parsers the validator's schema registry rejects.
 */
export const SCHEMA_CODES: readonly CheckMeta[] = [
  {
    code: "SCHEMA-UNKNOWN-FIELD",
    severity: "warning",
    category: "schema",
    doc: "A field the kind's schema does not define. When it is close to a known field (a likely typo that would silently lose a setting) it is an error with a did-you-mean hint; otherwise it is a warning and the field is ignored, as the service ignores it. The item is still loaded either way.",
  },
  {
    code: "SCHEMA-MISSING-FIELD",
    severity: "error",
    category: "schema",
    doc: "A required field is missing. docs/reference lists the required fields of every kind. The item is kept out of the package, but its queries are still analysed.",
  },
  {
    code: "SCHEMA-WRONG-TYPE",
    severity: "error",
    category: "schema",
    doc: "A field has the wrong type: a string where a list is expected, a number written as text, and so on. The item is kept out of the package.",
  },
  {
    code: "SCHEMA-INVALID-VALUE",
    severity: "error",
    category: "schema",
    doc: "A field has the right type but a value its schema does not allow: not one of the allowed values (the hint suggests the closest), out of range, too long, or not matching the expected pattern. The item is kept out of the package.",
  },
  {
    code: "SCHEMA-INVALID-NAME",
    severity: "error",
    category: "schema",
    doc: "A declared table, column, function or parameter has a name Kusto cannot use unquoted (letters, digits and underscores, not starting with a digit). Queries could not refer to it.",
  },
  {
    code: "SCHEMA-UNKNOWN-TYPE",
    severity: "error",
    category: "schema",
    doc: "A declared column or function parameter has a type that is not a Kusto scalar type. It is treated as dynamic so that analysis can go on.",
  },
  {
    code: "SCHEMA-DUPLICATE-COLUMN",
    severity: "error",
    category: "schema",
    doc: "A table or function result declares the same column twice. An error when the two declarations disagree on the type, a warning when they repeat it.",
  },
  {
    code: "SCHEMA-DUPLICATE-TABLE",
    severity: "error",
    category: "schema",
    doc: "The same table is declared more than once in the project. The first declaration is used; remove the others.",
  },
  {
    code: "SCHEMA-DUPLICATE-FUNCTION",
    severity: "error",
    category: "schema",
    doc: "The same function (parser) is declared more than once in the project. The first declaration is used; remove the others.",
  },
  {
    code: "SCHEMA-SHADOWS-BUILTIN",
    severity: "info",
    category: "schema",
    doc: "A declared table or function has the name of one that sentinelctl already knows (a built-in Log Analytics table, or a function from another source such as the declarations file). The project's own declaration wins.",
  },
  {
    code: "SCHEMA-NAME-CONFLICT",
    severity: "error",
    category: "schema",
    doc: "One name is declared both as a table and as a function. Queries could not tell which one they use; rename one of them.",
  },
  {
    code: "SCHEMA-RECURSIVE-FUNCTION",
    severity: "error",
    category: "schema",
    doc: "A function calls itself, directly or through other functions (the message shows the cycle). KQL functions cannot recurse; its output is treated as unknown.",
  },
  {
    code: "SCHEMA-FUNCTION-BODY-ERRORS",
    severity: "warning",
    category: "schema",
    doc: "A parser's body has KQL errors (the message names the first), so the columns inferred from it may be incomplete and queries that call it are checked against less than its real output. The errors themselves are reported on the parser as KQL findings.",
  },
  {
    code: "SCHEMA-FUNCTION-NOT-TABULAR",
    severity: "info",
    category: "schema",
    doc: "A function's body returns a scalar value rather than a table, so no result columns are known for it. Informational: scalar helper functions are legitimate.",
  },
  {
    code: "SCHEMA-FUNCTION-OPAQUE",
    severity: "info",
    category: "schema",
    doc: "A function is declared with neither a body nor result columns, so columns used after calling it cannot be checked. Declare its result columns to have them checked.",
  },
  {
    code: "SCHEMA-RESULT-MISMATCH",
    severity: "warning",
    category: "schema",
    doc: "A parser declares result columns that differ from what its body returns (missing, extra or differently typed columns). The declaration is what callers are checked against, so keep the two in step.",
  },
  {
    code: "SCHEMA-ANALYSIS-FAILED",
    severity: "error",
    category: "schema",
    doc: "The analyser failed on a function's body (a bug in sentinelctl, or a construct it does not support). Its output is treated as unknown; the other content is still checked.",
  },
];
