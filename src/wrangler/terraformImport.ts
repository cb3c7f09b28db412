// Pure: how to bring a certificate that already exists on Cloudflare under Terraform, for the
// three resources of the Cloudflare provider that hold ours. The import ids are the provider's
// documented ones (cloudflare/terraform-provider-cloudflare, examples/resources/<type>/import.sh,
// rendered into docs/resources/<type>.md and registry.terraform.io):
//   cloudflare_mtls_certificate:
//     $ terraform import cloudflare_mtls_certificate.example <account_id>/<mtls_certificate_id>
//   cloudflare_zero_trust_access_mtls_certificate:
//     $ terraform import cloudflare_zero_trust_access_mtls_certificate.example '<{accounts|zones}/{account_id|zone_id}>/<certificate_id>'
//   cloudflare_client_certificate:
//     $ terraform import cloudflare_client_certificate.example '<zone_id>/<client_certificate_id>'
// The `import` block (Terraform 1.5+) takes the same id.

export type TerraformResourceType = "cloudflare_mtls_certificate" | "cloudflare_zero_trust_access_mtls_certificate" | "cloudflare_client_certificate";

export type ImportTarget =
  | { readonly kind: "mtlsCertificate"; readonly accountId: string; readonly certificateId: string; readonly name?: string }
  | { readonly kind: "accessCertificate"; readonly scope: { readonly kind: "accounts" | "zones"; readonly id: string }; readonly certificateId: string; readonly name?: string }
  | { readonly kind: "clientCertificate"; readonly zoneId: string; readonly certificateId: string; readonly name?: string };

export interface TerraformImport {
  readonly resourceType: TerraformResourceType;
  /** `<type>.<name>` */
  readonly address: string;
  readonly id: string;
}

/** A Terraform resource name from the certificate's name: letters, digits and underscores, not starting with a digit. */
export function terraformResourceName(name: string | undefined, fallback: string): string {
  const words = (name ?? "")
    .normalize("NFKD")
    .replace(/\p{M}+/gu, "")
    .replace(/[^A-Za-z0-9]+/g, " ")
    .trim()
    .toLowerCase()
    .split(" ")
    .filter((word) => word.length > 0);
  const joined = words.join("_");
  if (joined === "") {
    return fallback;
  }
  return /^[0-9]/.test(joined) ? `${fallback}_${joined}` : joined;
}

export function terraformImportOf(target: ImportTarget): TerraformImport {
  switch (target.kind) {
    case "mtlsCertificate": {
      const resourceType = "cloudflare_mtls_certificate";
      return { resourceType, address: `${resourceType}.${terraformResourceName(target.name, "mtls_certificate")}`, id: `${target.accountId}/${target.certificateId}` };
    }
    case "accessCertificate": {
      const resourceType = "cloudflare_zero_trust_access_mtls_certificate";
      return { resourceType, address: `${resourceType}.${terraformResourceName(target.name, "access_mtls_certificate")}`, id: `${target.scope.kind}/${target.scope.id}/${target.certificateId}` };
    }
    case "clientCertificate": {
      const resourceType = "cloudflare_client_certificate";
      return { resourceType, address: `${resourceType}.${terraformResourceName(target.name, "client_certificate")}`, id: `${target.zoneId}/${target.certificateId}` };
    }
  }
}

/** The `import` block for a .tf file (lines joined with "\n"). */
export function terraformImportBlock(imported: TerraformImport): string {
  return ["import {", `  to = ${imported.address}`, `  id = ${JSON.stringify(imported.id)}`, "}"].join("\n");
}

/** Single-quoted for POSIX shells and PowerShell when the id holds anything but [A-Za-z0-9/_.-]. */
function shellWord(value: string): string {
  return /^[A-Za-z0-9/_.-]+$/.test(value) ? value : `'${value.replace(/'/g, "'\\''")}'`;
}

/** The `terraform import ADDRESS ID` command. */
export function terraformImportCommand(imported: TerraformImport): string {
  return `terraform import ${imported.address} ${shellWord(imported.id)}`;
}
