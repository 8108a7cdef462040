import "@kusto/language-service-next/bridge.js";
import "@kusto/language-service-next/Kusto.Language.Bridge.js";
test("kusto loads", () => {
  const K = (globalThis as any).Kusto.Language;
  const code = K.KustoCode.Parse("T | where x == 1");
  expect(code).toBeTruthy();
});
