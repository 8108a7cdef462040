/** @type {import('jest').Config} */
export default {
  testEnvironment: "node",
  roots: ["<rootDir>/packages", "<rootDir>/Solutions", "<rootDir>/test"],
  testMatch: ["**/test/**/*.test.ts"],
  extensionsToTreatAsEsm: [".ts"],
  transform: {
    "^.+\\.ts$": [
      "@swc/jest",
      { jsc: { parser: { syntax: "typescript" }, target: "es2022" }, module: { type: "es6" } },
    ],
  },
  moduleNameMapper: {
    "^@sentinelctl/(content|validator|builder|deployer|arm-emulator|kql)$":
      "<rootDir>/packages/$1/src/index.ts",
    "^@sentinelctl/content/diagnostics$": "<rootDir>/packages/content/src/diagnostics.ts",
    "^@sentinelctl/kql/kusto$": "<rootDir>/packages/kql/src/kusto.ts",
    "^@sentinelctl/validator/fast-path$": "<rootDir>/packages/validator/src/fast-path.ts",
    "^@sentinelctl/tester$": "<rootDir>/packages/tester/src/index.ts",
    "^@sentinelctl/content/testing$": "<rootDir>/packages/content/src/testing.ts",
    "^@sentinelctl/arm-emulator/constants$": "<rootDir>/packages/arm-emulator/src/constants.ts",
    "^@sentinelctl/importer$": "<rootDir>/packages/importer/src/index.ts",
    "^(\\.{1,2}/.*)\\.js$": "$1",
    // The classic Azure SDKs' CommonJS chain require()s these ESM-only packages, which Jest (ESM
    // mode, Node < 24.9) cannot load. Proxies are never used against the loopback emulator, so a
    // stub that fails loudly if one is ever constructed stands in (see the stub's header).
    "^https-proxy-agent$": "<rootDir>/test/stubs/proxy-agent.cjs",
    "^http-proxy-agent$": "<rootDir>/test/stubs/proxy-agent.cjs",
  },
  testPathIgnorePatterns: ["/node_modules/", "/fixtures/", "/dist/"],
  modulePathIgnorePatterns: ["<rootDir>/packages/[^/]+/dist/"],
  globalSetup: "<rootDir>/test/build-packages.mjs",
  watchman: false,
  // Many suites drive the emulator and the CLI end to end; on a loaded 2-core machine 5 s is too
  // tight for them and a timeout cascades into the next test.
  testTimeout: 30_000,
  reporters: ["default", "<rootDir>/test/summary-reporter.cjs"],
};
