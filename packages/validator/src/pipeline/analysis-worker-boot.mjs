// Worker entry when the validator runs from TypeScript sources (tsx): register tsx in this thread first.
// The built package starts dist/pipeline/analysis-worker.js directly (see workers.ts).
import { register } from "tsx/esm/api";

register();
await import("./analysis-worker.ts");
