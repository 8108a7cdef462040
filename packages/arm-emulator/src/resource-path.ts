/** Parses ARM resource paths below a resource group into an emulated kind and resource names. */
import { type ArmError, armError, decodeSeg } from "./http.js";
import { type KindDef, kindByTypeKey } from "./resources.js";

export interface ResourcePath {
  kind: KindDef;
  sub: string;
  rg: string;
  /** Names along the chain: [resource] or [workspace, resource]; one fewer for a collection. */
  names: string[];
  collection: boolean;
}

/** Parses `/subscriptions/{s}/resourceGroups/{rg}/providers/...` into a kind and names. */
export function parseResourcePath(segs: string[]): ResourcePath | ArmError {
  const sub = decodeSeg(segs[1]!);
  const rg = decodeSeg(segs[3]!);
  const chain: string[] = [];
  const names: string[] = [];
  let i = 4;
  let types = 0;
  while (i < segs.length) {
    if (segs[i]!.toLowerCase() === "providers") {
      if (segs[i + 2] === undefined) {
        return armError(
          404,
          "InvalidResourceType",
          `The resource path '/${segs.join("/")}' is not supported by the ARM emulator.`,
        );
      }
      chain.push(segs[i + 1]!.toLowerCase(), segs[i + 2]!.toLowerCase());
      i += 3;
    } else {
      if (i === 4) break; // first element after the resource group must be "providers"
      chain.push(segs[i]!.toLowerCase());
      i += 1;
    }
    types++;
    if (i < segs.length) {
      names.push(decodeSeg(segs[i]!));
      i++;
    }
  }
  const typeKey = chain.join("/");
  const kind = kindByTypeKey(typeKey);
  if (!kind || i !== segs.length || names.length < types - 1) {
    return armError(
      404,
      "InvalidResourceType",
      `The resource type '${typeKey || "(none)"}' is not supported by the ARM emulator (path '/${segs.join("/")}').`,
    );
  }
  return { kind, sub, rg, names, collection: names.length === types - 1 };
}
