/** @type {import('jest').Config} */
export default {
  testEnvironment: "node",
  roots: ["<rootDir>/packages", "<rootDir>/Solutions", "<rootDir>/test"],
  testMatch: ["**/test/**/*.test.ts"],
  extensionsToTreatAsEsm: [".ts"],
  transform: {
    "^.+\\.ts$": ["@swc/jest", { jsc: { parser: { syntax: "typescript" }, target: "es2022" }, module: { type: "es6" } }],
  },
  moduleNameMapper: {
    "^@sentinelctl/(content|validator|builder|deployer|arm-emulator)$": "<rootDir>/packages/$1/src/index.ts",
    "^@sentinelctl/content/testing$": "<rootDir>/packages/content/src/testing.ts",
    "^(\\.{1,2}/.*)\\.js$": "$1",
  },
  testPathIgnorePatterns: ["/node_modules/", "/fixtures/"],
  watchman: false,
  reporters: ["default", "<rootDir>/test/summary-reporter.cjs"],
};
