// What the editor features need of the TOML and JSONC parsers, as one entry point: esbuild makes it
// its own bundle, dist/wranglerParsing.js (src/wranglerParsing.ts loads it on first use), so
// activating the extension loads neither parser.
export { bindingAt, parseMtlsBindings } from "./mtlsBindings";
export { planBindingInsertion } from "./bindingSnippets";
