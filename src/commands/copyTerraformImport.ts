// Copy Terraform Import: the `import` block, or the `terraform import` command, that brings a
// certificate already on Cloudflare under the provider's matching resource.
import type { Services } from "../services";
import type { CertificateNode } from "../views/treeNodes";
import { terraformImportBlock, terraformImportCommand, terraformImportOf, type ImportTarget } from "../wrangler/terraformImport";
import { certificateTarget } from "./certificateTargets";
import { copy } from "./copyCertificateValue";

export type TerraformImportForm = "block" | "command";

function isForm(value: unknown): value is TerraformImportForm {
  return value === "block" || value === "command";
}

function importTarget(node: CertificateNode): ImportTarget | undefined {
  const name = node.name;
  switch (node.certificateKind) {
    case "mtlsCertificate":
      return { kind: "mtlsCertificate", accountId: node.account.id, certificateId: node.certificateId, name };
    case "accessCertificate":
      return { kind: "accessCertificate", scope: { kind: node.scope.kind, id: node.scope.id }, certificateId: node.certificateId, name };
    case "clientCertificate":
      return { kind: "clientCertificate", zoneId: node.scope.id, certificateId: node.certificateId, name };
    case "hostnameAssociation":
      return undefined;
  }
}

export async function copyTerraformImport(services: Services, node?: unknown, form?: unknown): Promise<void> {
  const target = certificateTarget(services, node);
  const importing = target ? importTarget(target) : undefined;
  if (!target || !importing) {
    await services.prompts.info("Select a certificate in the Cloudflare mTLS view to copy its Terraform import.");
    return;
  }
  const imported = terraformImportOf(importing);
  const chosen = isForm(form)
    ? form
    : await services.prompts.pick<TerraformImportForm>(
        [
          { label: "import block", description: "Terraform 1.5 and later, in a .tf file", detail: `import { to = ${imported.address} … }`, value: "block" },
          { label: "terraform import command", description: "for a shell", detail: terraformImportCommand(imported), value: "command" },
        ],
        { title: `Copy the Terraform import of “${target.name}” (${imported.resourceType})` },
      );
  if (!chosen) {
    return;
  }
  await copy(services, chosen === "block" ? `${terraformImportBlock(imported)}\n` : terraformImportCommand(imported), chosen === "block" ? "Terraform import block" : "terraform import command");
}
