// Typed building blocks for workbook gallery templates (filled in by the workbook kit work).
export {};
