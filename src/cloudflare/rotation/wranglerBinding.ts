// The wrangler.toml binding a Worker needs to use an mTLS certificate: the API cannot move a
// Workers binding, so a rotation shows this for the user to change and deploy. (A "Copy as wrangler
// binding" command is being built in src/wrangler/; the two are to become one.)

/** A binding name as wrangler wants it (letters, digits, underscores, not starting with a digit). */
export function bindingNameFor(certificateName: string): string {
  const words = certificateName.toUpperCase().replace(/[^A-Z0-9]+/g, "_").replace(/^_+|_+$/g, "");
  const name = words === "" ? "MTLS_CERTIFICATE" : words;
  return /^[0-9]/.test(name) ? `CERT_${name}` : name;
}

/** TOML basic string: quotes and backslashes escaped, control characters as \u escapes. */
function tomlString(value: string): string {
  // eslint-disable-next-line no-control-regex
  const escaped = value.replace(/[\\"]/g, (character) => `\\${character}`).replace(/[\u0000-\u001f\u007f]/g, (character) => `\\u${character.charCodeAt(0).toString(16).padStart(4, "0")}`);
  return `"${escaped}"`;
}

/** `[[mtls_certificates]]` with the binding and the certificate id, for wrangler.toml. */
export function wranglerTomlBinding(binding: string, certificateId: string): string {
  return ["[[mtls_certificates]]", `binding = ${tomlString(binding)}`, `certificate_id = ${tomlString(certificateId)}`].join("\n");
}
