// Pure: the text of the delete confirmation. It names every certificate, its kind, where it lives,
// and what will break: services that use an mTLS certificate, hostnames an Access CA protects.
import type { MtlsCertificateAssociation } from "../cloudflare/types";

export type DeletionItem =
  | { readonly kind: "mtlsCa" | "mtlsLeaf"; readonly name: string; readonly where: string; readonly associations: readonly MtlsCertificateAssociation[] | undefined }
  | { readonly kind: "access"; readonly name: string; readonly where: string; readonly hostnames: readonly string[] };

function kindLabel(item: DeletionItem): string {
  switch (item.kind) {
    case "mtlsCa":
      return "mTLS CA certificate";
    case "mtlsLeaf":
      return "mTLS leaf certificate";
    case "access":
      return "Access root certificate";
  }
}

function consequence(item: DeletionItem): string {
  if (item.kind === "access") {
    return item.hostnames.length > 0
      ? `Its hostnames are detached first; Access applications on ${item.hostnames.join(", ")} will stop accepting client certificates it signed.`
      : "No hostname uses it.";
  }
  if (item.associations === undefined) {
    return "Its associations could not be checked; Cloudflare refuses the delete if a service still uses it.";
  }
  if (item.associations.length === 0) {
    return "No Cloudflare service uses it.";
  }
  const services = item.associations.map((association) => `${association.service ?? "unknown service"} (${(association.status ?? "unknown").replace(/_/g, " ")})`).join(", ");
  return `In use by ${services}: Cloudflare will refuse to delete it until it is removed from ${item.associations.length === 1 ? "that service" : "those services"}.`;
}

export function deletionSummary(items: readonly DeletionItem[]): { message: string; detail: string; confirm: string } {
  const first = items[0];
  const message =
    items.length === 1 && first
      ? `Delete the ${kindLabel(first)} “${first.name}” from ${first.where}?`
      : `Delete ${items.length} certificates from Cloudflare?`;
  const detail = items
    .map((item) => (items.length === 1 ? consequence(item) : `• ${item.name} (${kindLabel(item)}, ${item.where}): ${consequence(item)}`))
    .concat(["", "This cannot be undone: to use it again you would upload it again."])
    .join("\n");
  return { message, detail, confirm: items.length === 1 ? "Delete" : `Delete ${items.length} Certificates` };
}
