// Pure, and free of any parser: a wrangler mTLS certificate binding as text, for wrangler.toml
// or wrangler.json(c). The copy command, the insertion into an open file (bindingSnippets.ts) and
// the mTLS CA rotation's "change your Worker's binding" step all write it from here.

/** The key wrangler reads the bindings from, at the top level or under env.<name>. */
export const BINDINGS_KEY = "mtls_certificates";

export interface BindingValues {
  /** The variable the Worker reads, e.g. env.ORIGIN_CLIENT. */
  readonly binding: string;
  readonly certificateId: string;
}

/** A JavaScript identifier in upper snake case from a certificate's name ("Origin client" → ORIGIN_CLIENT). */
export function bindingNameFor(certificateName: string | undefined): string {
  const words = (certificateName ?? "")
    .normalize("NFKD")
    .replace(/\p{M}+/gu, "")
    .replace(/[^A-Za-z0-9]+/g, " ")
    .trim()
    .split(" ")
    .filter((word) => word.length > 0);
  const name = words.join("_").toUpperCase();
  if (name === "") {
    return "MTLS_CERTIFICATE";
  }
  return /^[0-9]/.test(name) ? `CERT_${name}` : name;
}

/**
 * A TOML basic string: JSON.stringify writes escapes TOML accepts (\", \\, \n, \uXXXX, …), and
 * DEL, which JSON leaves raw and a TOML basic string may not hold, is escaped as well.
 */
export function tomlString(value: string): string {
  return JSON.stringify(value).replace(/\u007f/g, "\\u007f");
}

export function tomlKey(key: string): string {
  return /^[A-Za-z0-9_-]+$/.test(key) ? key : tomlString(key);
}

function tomlTableHeader(environment: string | undefined): string {
  return `[[${environment === undefined ? BINDINGS_KEY : `env.${tomlKey(environment)}.${BINDINGS_KEY}`}]]`;
}

/** The binding as an array-of-tables entry, lines joined with `eol`, no trailing line break. */
export function tomlBindingSnippet(values: BindingValues, options: { readonly environment?: string; readonly eol?: string } = {}): string {
  const eol = options.eol ?? "\n";
  return [tomlTableHeader(options.environment), `binding = ${tomlString(values.binding)}`, `certificate_id = ${tomlString(values.certificateId)}`].join(eol);
}

export function bindingObject(values: BindingValues): { binding: string; certificate_id: string } {
  return { binding: values.binding, certificate_id: values.certificateId };
}

/** The binding as a `"mtls_certificates"` property to paste into wrangler.json(c). */
export function jsonBindingSnippet(values: BindingValues, options: { readonly indent?: string; readonly eol?: string } = {}): string {
  const indent = options.indent ?? "  ";
  const eol = options.eol ?? "\n";
  const body = JSON.stringify([bindingObject(values)], undefined, indent).split("\n").join(eol);
  return `${JSON.stringify(BINDINGS_KEY)}: ${body}`;
}

