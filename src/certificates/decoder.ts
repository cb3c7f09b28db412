// The certificate core's entry for the extension: everything that needs the ASN.1 stack
// (@peculiar/x509 and its schemas, about 350 KB). The extension loads this module on first use
// (src/commands/certificateDecoder.ts), as its own bundle, so activation never pays for it.
// Light parts (errors, expiry, fingerprints) are imported directly where they are needed.
export { readCertificates } from "./read";
export { readPrivateKeyFor } from "./keyFile";
export { uploadWarnings } from "./warnings";
export { describeKind } from "./refusals";
// Client certificates from Cloudflare's managed CA: the key pair and CSR made on this machine,
// the user's own CSR checked before sending, and the password-protected .p12 bundle.
export { generateClientKeyPair, exportPrivateKeyPem, describeClientKeyAlgorithm, DEFAULT_CLIENT_KEY_ALGORITHM, type ClientKeyAlgorithm, type ClientKeyPair } from "./keyGeneration";
export { createCsr, checkCsrSubject, subjectFieldProblem, type CsrSubjectInput, type CsrSubjectField, type CreatedCsr } from "./csr";
export { decodeCsr, checkCsrForCloudflare, readCsrForCloudflare, type DecodedCsr } from "./csrCheck";
export { createPkcs12, type Pkcs12Input } from "./pkcs12OnDemand";
