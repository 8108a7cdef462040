/** The offline engine (@sentinelctl/kql): runs queries in this process over the case's tables. */
import { evaluate, KqlQueryError, KqlUnsupportedError } from "@sentinelctl/kql";
import { type Engine, EngineError } from "../engine.js";

export function localEngine(): Engine {
  return {
    name: "offline",
    evaluate(query, request) {
      try {
        return evaluate(query, request);
      } catch (e) {
        if (e instanceof KqlUnsupportedError) throw new EngineError(e.message, "unsupported");
        if (e instanceof KqlQueryError) throw new EngineError(e.message, "query");
        throw e;
      }
    },
  };
}
