// Deleting an uploaded CA that zones' hostnames still check client certificates against:
// Cloudflare refuses while it is in use, so its hostname associations are cleared first, zone by
// zone, then the CA is deleted (reconciled, as every delete). Cancellable between steps; a
// failure part-way leaves the CA in place and the zones cleared so far cleared, which the error
// says by where it stopped.
import type { CloudflareClient } from "./client";
import { replaceHostnameAssociations } from "./hostnameAssociations";
import { deleteMtlsCertificateReconciled, type ReconciliationOptions, type WriteOutcome } from "./reconciliation";

export async function deleteCaClearingHostnames(
  client: CloudflareClient,
  accountId: string,
  caId: string,
  zoneIds: readonly string[],
  options: ReconciliationOptions = {},
): Promise<WriteOutcome<{ id: string }>> {
  for (const zoneId of zoneIds) {
    options.signal?.throwIfAborted();
    await replaceHostnameAssociations(client, zoneId, { kind: "mtlsCertificate", mtlsCertificateId: caId }, [], { signal: options.signal });
  }
  return deleteMtlsCertificateReconciled(client, accountId, caId, options);
}
