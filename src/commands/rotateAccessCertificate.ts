// Rotate an Access mTLS root (src/cloudflare/rotation/accessCaRotation.ts): the new CA from a
// file or the editor, then the plan, the run, and where the hostnames went.
import { accessCaRotation, startAccessCaRotation, type AccessCaRotationState } from "../cloudflare/rotation/accessCaRotation";
import type { AccessCertificate } from "../cloudflare/types";
import type { Services } from "../services";
import { scopeLabel } from "../views/certificateKind";
import { cacheKeys } from "../views/certificateRepository";
import { md5Of } from "../views/kinds/accessCertificates";
import type { CertificateNode } from "../views/treeNodes";
import { revealCertificate } from "./revealCertificate";
import { chooseReplacementCa, replacementNote } from "./rotateNewCa";
import { readingCloudflare, rotationStateKey, runGuidedRotation } from "./rotatePlan";

const TITLE = "Rotate Access CA";

export async function rotateAccessCertificate(services: Services, node: CertificateNode, certificate: AccessCertificate): Promise<void> {
  const scope = { kind: node.scope.kind, id: node.scope.id };
  const name = certificate.name || certificate.id;
  let newCaNote: string | undefined;
  await runGuidedRotation<AccessCaRotationState>(services, {
    key: rotationStateKey("accessCertificate", scope, certificate.id),
    name,
    rotation: (client) => accessCaRotation(client),
    start: async (client) => {
      const replacement = await chooseReplacementCa(services, TITLE, { accessMd5: md5Of(certificate) });
      if (!replacement) {
        return undefined;
      }
      newCaNote = replacementNote(replacement);
      return readingCloudflare(name, (signal) => startAccessCaRotation(client, { scope, old: { id: certificate.id, name }, replacement: { name: replacement.name, certificate: replacement.pem } }, signal));
    },
    summary: (state) =>
      [
        `In ${scopeLabel(node.scope)}: “${state.old.name}” → “${state.replacement.name}”.`,
        state.hostnames.length > 0 ? `Hostnames to move: ${state.hostnames.join(", ")}.` : "The old CA has no hostnames.",
        ...(newCaNote ? [newCaNote] : []),
      ].join("\n"),
    changes: () => [cacheKeys.accessCertificates(scope)],
    finished: async (state) => {
      const location = { kind: "accessCertificate" as const, accountId: node.account.id, scope, certificateId: state.newId ?? "" };
      await revealCertificate(services, location);
      const moved = state.hostnames.length === 0 ? "" : ` ${state.hostnames.length === 1 ? "Its hostname now uses" : `Its ${state.hostnames.length} hostnames now use`} the new CA${state.overlap === "allowed" ? ", with no moment without a CA" : ""}.`;
      await services.prompts.info(`Rotated “${state.old.name}” to “${state.replacement.name}”.${moved} The old CA is deleted.`);
    },
  });
}
