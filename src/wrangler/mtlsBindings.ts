// Pure: the `mtls_certificates` bindings of a wrangler configuration file, top level and per
// environment (`[env.x]` / `"env": {"x": {...}}`), each with the exact range of what it says.
// Wrangler's shape (its config schema): `mtls_certificates: [{ binding: string, certificate_id: string }]`.
import { readConfigTree, type ConfigTree, type KeyPath, type TextRange } from "./configTree";
import type { WranglerFormat } from "./wranglerFiles";

import { BINDINGS_KEY } from "./bindingText";

export interface MtlsBinding {
  /** The environment the binding belongs to; undefined at the top level. */
  readonly environment: string | undefined;
  readonly binding?: { readonly value: string; readonly range: TextRange };
  readonly certificateId?: { readonly value: string; readonly range: TextRange; readonly keyRange?: TextRange };
}

export interface WranglerBindings {
  readonly bindings: readonly MtlsBinding[];
  readonly problem?: string;
}

/** Where a path points inside a binding list: [env, name]? + mtls_certificates + index + field. */
interface BindingPlace {
  readonly environment: string | undefined;
  readonly index: number;
  readonly rest: KeyPath;
}

export function bindingPlace(path: KeyPath): BindingPlace | undefined {
  const [first, second, third, fourth, ...more] = path;
  if (first === BINDINGS_KEY && typeof second === "number") {
    return { environment: undefined, index: second, rest: path.slice(2) };
  }
  if (first === "env" && typeof second === "string" && third === BINDINGS_KEY && typeof fourth === "number") {
    return { environment: second, index: fourth, rest: more };
  }
  return undefined;
}

export function bindingsIn(tree: ConfigTree): WranglerBindings {
  const entries = new Map<string, { environment: string | undefined; binding?: MtlsBinding["binding"]; certificateId?: MtlsBinding["certificateId"] }>();
  const order: string[] = [];
  for (const leaf of tree.strings) {
    const place = bindingPlace(leaf.path);
    if (!place || place.rest.length !== 1) {
      continue;
    }
    const key = JSON.stringify([place.environment ?? null, place.index]);
    let entry = entries.get(key);
    if (!entry) {
      entry = { environment: place.environment };
      entries.set(key, entry);
      order.push(key);
    }
    if (place.rest[0] === "binding") {
      entry.binding = { value: leaf.value, range: leaf.contentRange };
    } else if (place.rest[0] === "certificate_id") {
      entry.certificateId = { value: leaf.value, range: leaf.contentRange, keyRange: leaf.keyRange };
    }
  }
  return { bindings: order.map((key) => entries.get(key)).filter((entry) => entry !== undefined), problem: tree.problem };
}

export function parseMtlsBindings(text: string, format: WranglerFormat): WranglerBindings {
  return bindingsIn(readConfigTree(text, format));
}

/** The binding whose certificate_id (its value or its key) covers `offset`. */
export function bindingAt(bindings: readonly MtlsBinding[], offset: number): MtlsBinding | undefined {
  const within = (range: TextRange | undefined) => range !== undefined && offset >= range.start && offset <= range.end;
  return bindings.find((binding) => within(binding.certificateId?.range) || within(binding.certificateId?.keyRange));
}
