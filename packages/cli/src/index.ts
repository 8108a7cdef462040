// What content written in TypeScript imports: `import { defineAnalyticRule } from "sentinelctl"`.
export {
  defineAnalyticRule,
  defineAutomationRule,
  defineDataConnector,
  defineHuntingQuery,
  defineParser,
  definePlaybook,
  defineSolution,
  defineTable,
  defineWorkbook,
} from "@sentinelctl/content";
export { createProgram, main } from "./main.js";
export * from "./ui.js";
