// PKIjs takes about 100 ms to load and only the .p12 export needs it, so it is loaded the first
// time a bundle is made: decoding certificates, the decoder bundle's everyday job, never pays
// for it. A require inside the function (not import()): esbuild turns it into a lazy init within
// dist/certificates.js, and it resolves the same way under the tests' CommonJS loader, where a
// dynamic import() of a .ts file would not.
import type * as Pkcs12Module from "./pkcs12";

export type { Pkcs12Input } from "./pkcs12";

/** See pkcs12.ts createPkcs12: the same, with PKIjs loaded on first use. */
export function createPkcs12(input: Pkcs12Module.Pkcs12Input): Promise<Uint8Array> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- deliberate lazy load, see above
  const pkcs12 = require("./pkcs12") as typeof Pkcs12Module;
  return pkcs12.createPkcs12(input);
}
