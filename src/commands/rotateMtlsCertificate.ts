// Rotate an account mTLS CA (src/cloudflare/rotation/mtlsCaRotation.ts): the new CA from a file
// or the editor, then the plan (each zone whose hostnames move), the run, and, while a service
// still uses the old CA, what uses it and the wrangler binding a Worker must change.
import * as vscode from "vscode";
import { mtlsCaRotation, startMtlsCaRotation, workersBindingSnippet, type MtlsCaRotationState } from "../cloudflare/rotation/mtlsCaRotation";
import type { MtlsCertificate } from "../cloudflare/types";
import { loadCertificateDecoder } from "../certificateDecoder";
import type { Services } from "../services";
import { cacheKeys, ZONE_SCAN_LIMIT } from "../views/certificateRepository";
import type { CertificateNode } from "../views/treeNodes";
import { revealCertificate } from "./revealCertificate";
import { chooseReplacementCa, replacementNote } from "./rotateNewCa";
import { readingCloudflare, rotationStateKey, runGuidedRotation } from "./rotatePlan";

const TITLE = "Rotate mTLS CA";

export async function rotateMtlsCertificate(services: Services, node: CertificateNode, certificate: MtlsCertificate): Promise<void> {
  const name = certificate.name || certificate.id;
  if (!certificate.ca) {
    await services.prompts.info(`“${name}” is a leaf certificate. Rotate Certificate replaces CAs: upload the renewed leaf, then delete this one.`);
    return;
  }
  if (certificate.type && certificate.type !== "custom") {
    await services.prompts.info(`“${name}” is managed by Cloudflare (${certificate.type.replace(/_/g, " ")}): Cloudflare renews it, there is nothing to rotate.`);
    return;
  }
  const accountId = node.account.id;
  const scope = { kind: "accounts" as const, id: accountId };
  let newCaNote: string | undefined;
  let zoneNote: string | undefined;
  await runGuidedRotation<MtlsCaRotationState>(services, {
    key: rotationStateKey("mtlsCertificate", scope, certificate.id),
    name,
    rotation: (client) => mtlsCaRotation(client),
    start: async (client) => {
      const decoder = await loadCertificateDecoder();
      // Only to refuse the old CA as its own replacement: an old PEM the decoder cannot read skips that check.
      const oldSha256 = (await decoder.readCertificates(certificate.certificates).catch(() => undefined))?.certificates[0]?.fingerprints.sha256;
      const replacement = await chooseReplacementCa(services, TITLE, { sha256: oldSha256 });
      if (!replacement) {
        return undefined;
      }
      newCaNote = replacementNote(replacement);
      return readingCloudflare(name, async (signal) => {
        const known = await services.repository.zonesUsingCa(accountId, certificate.id);
        zoneNote = known.complete ? undefined : `The account has more than ${ZONE_SCAN_LIMIT} zones: each is looked at once (one request each) to find the hostnames to move.`;
        const zones = known.complete ? known.zones.map((entry) => ({ zoneId: entry.zone.id, zoneName: entry.zone.name, hostnames: entry.hostnames })) : undefined;
        return startMtlsCaRotation(client, { accountId, old: { id: certificate.id, name }, replacement: { name: replacement.name, certificates: replacement.pem }, zones }, signal);
      });
    },
    summary: (state) =>
      [
        `In account ${node.account.name || accountId}: “${state.old.name}” → “${state.replacement.name}”.`,
        state.zones.length > 0 ? `Zones whose mTLS hostnames move: ${state.zones.map((zone) => `${zone.zoneName} (${zone.hostnames.join(", ")})`).join("; ")}.` : "No zone's mTLS hostnames use the old CA.",
        ...(zoneNote ? [zoneNote] : []),
        ...(newCaNote ? [newCaNote] : []),
      ].join("\n"),
    changes: (state) => [cacheKeys.mtlsCertificates(accountId), ...state.zones.map((zone) => cacheKeys.hostnameAssociations(zone.zoneId))],
    pauseActions: (state, details) =>
      details.some((line) => line.includes("[[mtls_certificates]]"))
        ? [
            {
              label: "Copy Wrangler Binding",
              run: async () => {
                await vscode.env.clipboard.writeText(workersBindingSnippet(state));
                await services.prompts.info("Copied the [[mtls_certificates]] binding of the new CA: paste it into wrangler.toml in place of the old one, keeping your binding's name, and deploy.");
              },
            },
          ]
        : [],
    finished: async (state) => {
      await revealCertificate(services, { kind: "mtlsCertificate", accountId, scope, certificateId: state.newId ?? "" });
      const zones = state.zones.length === 0 ? "" : ` The mTLS hostnames of ${state.zones.map((zone) => zone.zoneName).join(", ")} now check client certificates against it.`;
      await services.prompts.info(`Rotated “${state.old.name}” to “${state.replacement.name}”.${zones} The old CA is deleted.`);
    },
  });
}
