// The certificate core's entry for the extension: everything that needs the ASN.1 stack
// (@peculiar/x509 and its schemas, about 350 KB). The extension loads this module on first use
// (src/commands/certificateDecoder.ts), as its own bundle, so activation never pays for it.
// Light parts (errors, expiry, fingerprints) are imported directly where they are needed.
export { readCertificates } from "./read";
export { readPrivateKeyFor } from "./keyFile";
export { uploadWarnings } from "./warnings";
export { describeKind } from "./refusals";
