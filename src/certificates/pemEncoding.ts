// Writing PEM: DER re-armoured (reading is pem.ts's, which says where a broken block is). A block
// with RFC 1421 headers (a legacy encrypted key) is written by @peculiar/x509's PemConverter; a
// plain block, what every certificate is, takes its base64 from Node's Buffer: PemConverter goes
// through btoa over a binary string, 25 ms for a 185 KB certificate on a loaded machine and
// 0.1 ms for each of a bundle's certificates, and its output is the same
// (pem.test.ts compares them).
import type { PemHeader } from "./pem";
import { x509 } from "./x509Setup";

/** Base64 lines of a PEM body (RFC 7468: 64 characters). */
const LINE = /.{1,64}/g;

/** DER → PEM with 64-character lines, LF line ends and one trailing newline. */
export function derToPem(der: Uint8Array, label = "CERTIFICATE", headers: readonly PemHeader[] = []): string {
  if (headers.length > 0 || der.length === 0) {
    const rawData = exactArrayBuffer(der);
    const armoured = headers.length > 0 ? x509.PemConverter.encode([{ type: label, headers: [...headers], rawData }]) : x509.PemConverter.encode(rawData, label);
    return `${armoured}\n`;
  }
  const base64 = Buffer.from(der.buffer, der.byteOffset, der.byteLength).toString("base64");
  return `-----BEGIN ${label}-----\n${(base64.match(LINE) ?? []).join("\n")}\n-----END ${label}-----\n`;
}

/** The bytes of `view` as an ArrayBuffer of exactly that length (what x509 and asn1 parsers take). */
export function exactArrayBuffer(view: Uint8Array): ArrayBuffer {
  if (view.byteOffset === 0 && view.byteLength === view.buffer.byteLength && view.buffer instanceof ArrayBuffer) {
    return view.buffer;
  }
  // new Uint8Array(view) copies; a Node Buffer's own slice() would be a view into its shared pool.
  return new Uint8Array(view).buffer;
}
