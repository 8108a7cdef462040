// Stand-in for `https-proxy-agent` and `http-proxy-agent` under Jest (mapped in jest.config.js).
//
// Why: @azure/arm-securityinsight is CommonJS, and the CommonJS build of its HTTP runtime
// (@typespec/ts-http-runtime) require()s these two packages, which are ESM-only since v8. Jest's
// ESM mode on Node < 24.9 cannot require() an ES module, so the real SDK could not load in tests.
//
// Proxies are never used against the loopback emulator: the runtime constructs a proxy agent only
// when HTTP(S)_PROXY is configured. Should that happen in a test, fail loudly instead of sending
// requests through an agent that does nothing.
class StubProxyAgent {
  constructor(proxy) {
    throw new Error(
      `proxy agents are stubbed under Jest (test/stubs/proxy-agent.cjs); unset HTTP(S)_PROXY to run the tests (proxy: ${String(proxy)})`,
    );
  }
}
class HttpsProxyAgent extends StubProxyAgent {}
class HttpProxyAgent extends StubProxyAgent {}

exports.HttpsProxyAgent = HttpsProxyAgent;
exports.HttpProxyAgent = HttpProxyAgent;
