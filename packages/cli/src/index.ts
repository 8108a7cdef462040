export { createProgram, main } from "./main.js";
export * from "./ui.js";
