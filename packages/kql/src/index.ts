export * from "./kusto.js";
