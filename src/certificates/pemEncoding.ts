// Writing PEM: DER re-armoured by @peculiar/x509's PemConverter, which writes it well (reading
// is pem.ts's, which says where a broken block is).
import type { PemHeader } from "./pem";
import { x509 } from "./x509Setup";

/** DER → PEM with 64-character lines, LF line ends and one trailing newline. */
export function derToPem(der: Uint8Array, label = "CERTIFICATE", headers: readonly PemHeader[] = []): string {
  const rawData = exactArrayBuffer(der);
  const armoured = headers.length > 0 ? x509.PemConverter.encode([{ type: label, headers: [...headers], rawData }]) : x509.PemConverter.encode(rawData, label);
  return `${armoured}\n`;
}

/** The bytes of `view` as an ArrayBuffer of exactly that length (what x509 and asn1 parsers take). */
export function exactArrayBuffer(view: Uint8Array): ArrayBuffer {
  if (view.byteOffset === 0 && view.byteLength === view.buffer.byteLength && view.buffer instanceof ArrayBuffer) {
    return view.buffer;
  }
  // new Uint8Array(view) copies; a Node Buffer's own slice() would be a view into its shared pool.
  return new Uint8Array(view).buffer;
}
