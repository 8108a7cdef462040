import type { Command } from "commander";

// Placeholder until the owning work lands; replaced wholesale by it.
export function registerBuildCommand(_program: Command): void {}
