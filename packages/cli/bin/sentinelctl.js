#!/usr/bin/env node
// Runs the TypeScript sources directly: the same loader also imports users' .ts content files.
import { register } from "tsx/esm/api";

register();
const { main } = await import("../src/main.ts");
process.exitCode = await main(process.argv);
