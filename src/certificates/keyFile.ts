// Reading the private key a user picks for a leaf upload to account mTLS. Cloudflare takes an
// unencrypted PEM key that belongs to the certificate, so everything else is refused here,
// before anything is sent, with a message that says how to fix the file.
import { CertificateInputError, describeLocation } from "./errors";
import { isEncryptedByHeaders, kindOfLabel } from "./formats";
import { derToPem } from "./pemEncoding";
import { splitPem } from "./pem";
import { matchingCertificateIndex } from "./privateKeys";
import type { DecodedCertificate } from "./decode";

const UPLOADABLE_KINDS = new Set(["pkcs8", "pkcs1-rsa", "sec1-ec"]);

/**
 * The one unencrypted private key in `text` that belongs to `certificate`, re-armoured.
 * Throws CertificateInputError when there is none, when it is encrypted or in OpenSSH format,
 * when there are several, or when its public half is not the certificate's public key.
 */
export function readPrivateKeyFor(text: string, certificate: DecodedCertificate): string {
  const keys = splitPem(text).filter((block) => {
    const kind = kindOfLabel(block.label);
    return UPLOADABLE_KINDS.has(kind) || kind === "encrypted-pkcs8" || kind === "openssh" || kind === "dsa-private-key";
  });
  const first = keys[0];
  if (!first) {
    throw new CertificateInputError("noPrivateKey", "This file holds no PEM private key (looked for PRIVATE KEY, RSA PRIVATE KEY and EC PRIVATE KEY blocks).");
  }
  if (keys.length > 1) {
    throw new CertificateInputError("noPrivateKey", `This file holds ${keys.length} private keys; choose a file with only the certificate's key.`, { block: keys[1]?.block, line: keys[1]?.line });
  }
  const where = describeLocation({ block: first.block, line: first.line });
  const kind = kindOfLabel(first.label);
  if (kind === "encrypted-pkcs8" || isEncryptedByHeaders(first.headers)) {
    throw new CertificateInputError(
      "encryptedPrivateKey",
      `${where} is an encrypted private key. Cloudflare needs the key unencrypted: decrypt a copy with "openssl pkey -in key.pem -out plain.pem" and choose that.`,
      { block: first.block, line: first.line },
    );
  }
  if (kind === "openssh") {
    throw new CertificateInputError(
      "privateKey",
      `${where} is an OpenSSH private key. Cloudflare needs a PEM key: convert a copy with "ssh-keygen -p -m PKCS8 -f <copy>" and choose that.`,
      { block: first.block, line: first.line },
    );
  }
  if (kind === "dsa-private-key") {
    throw new CertificateInputError("privateKey", `${where} is a DSA private key. Cloudflare takes RSA and EC keys only.`, { block: first.block, line: first.line });
  }
  const pem = derToPem(first.der, first.label, first.headers);
  if (matchingCertificateIndex(pem, [certificate]) !== 0) {
    throw new CertificateInputError(
      "keyMismatch",
      `${where} is a private key for another certificate: its public key is not the one in “${certificate.subject.cloudflare}”.`,
      { block: first.block, line: first.line },
    );
  }
  return pem;
}
