// A workspace folder with a few real certificates in it, made fresh by makeCertificates.ts, for
// the editor the tests and the demo open: something to inspect and upload without hunting.
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { makeChain } from "../support/makeCertificates";

export interface SampleWorkspace {
  readonly folder: string;
  /** File names (relative to `folder`) of the certificates written. */
  readonly files: {
    readonly rootCa: string;
    readonly leaf: string;
    readonly chain: string;
  };
}

export async function writeSampleWorkspace(folder: string): Promise<SampleWorkspace> {
  mkdirSync(folder, { recursive: true });
  const { root, intermediate, leaf } = await makeChain();
  const files = { rootCa: "example-root-ca.pem", leaf: "example-leaf.pem", chain: "example-leaf-chain.pem" } as const;
  writeFileSync(join(folder, files.rootCa), `${root.pem}\n`);
  writeFileSync(join(folder, files.leaf), `${leaf.pem}\n`);
  writeFileSync(join(folder, files.chain), `${leaf.pem}\n${intermediate.pem}\n`);
  return { folder, files };
}
