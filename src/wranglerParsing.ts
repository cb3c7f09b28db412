// Loads the wrangler parsing bundle the first time a wrangler file is looked at. The esbuild build
// turns this dynamic import into a require of dist/wranglerParsing.js, a separate bundle, so
// activation loads neither toml-eslint-parser nor jsonc-parser; tests import the module directly.
export type WranglerParsing = typeof import("./wrangler/parsing");

let loading: Promise<WranglerParsing> | undefined;

export function loadWranglerParsing(): Promise<WranglerParsing> {
  loading ??= import("./wrangler/parsing");
  return loading;
}
