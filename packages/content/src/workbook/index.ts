// Typed building blocks for Azure Workbook gallery templates ("Notebook/1.0").
export * from "./kit.js";
