// Worker entry: the validator runs from TypeScript sources, so register tsx in this thread first.
import { register } from "tsx/esm/api";

register();
await import("./analysis-worker.ts");
