// Loads the certificate decoder the first time a command needs it. The esbuild build turns this
// dynamic import into a require of dist/certificates.js, a separate bundle, so activating the
// extension (and drawing the tree, which needs only the API's fields) loads none of the ASN.1
// stack; tests and the benchmark import the same module directly.
export type CertificateDecoder = typeof import("./certificates/decoder");

let loading: Promise<CertificateDecoder> | undefined;

export function loadCertificateDecoder(): Promise<CertificateDecoder> {
  loading ??= import("./certificates/decoder");
  return loading;
}
