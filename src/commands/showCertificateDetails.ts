// Show Certificate Details (tree) and Inspect Certificate (editor, Explorer, palette): everything
// the decoder knows, in a webview. What a remote certificate's view holds comes from its kind
// (src/views/kinds); this command opens the panel and wires its buttons.
import { loadCertificateDecoder } from "../certificateDecoder";
import { CertificateInputError } from "../certificates/errors";
import * as config from "../config";
import type { Services } from "../services";
import { localFileDetails } from "../views/detailsModel";
import type { CertificateNode } from "../views/treeNodes";
import { certificateTarget } from "./certificateTargets";
import { readSource, resolveCertificateSource } from "./certificateSource";
import { kindContext } from "./kindContext";
import { savePemAs } from "./savePemAs";

export async function showDetailsOf(services: Services, node: CertificateNode): Promise<void> {
  const { model, onAction } = await node.details(kindContext(services));
  services.details.show(node.id, "cloudflare", model, (action, panel) =>
    services.runReportingErrors("details view", async () => {
      if (action === "savePem") {
        await savePemAs(services, node);
      } else {
        await onAction?.(action, (updated) => panel.update(updated));
      }
    }),
  );
}

export async function showCertificateDetails(services: Services, node?: unknown): Promise<void> {
  const target = certificateTarget(services, node);
  if (!target) {
    await services.prompts.info("Select a certificate in the Cloudflare mTLS view to see its details, or use “Inspect Certificate” on a local file.");
    return;
  }
  await showDetailsOf(services, target);
}

export async function inspectCertificate(services: Services, argument?: unknown): Promise<void> {
  const source = await resolveCertificateSource(services, argument);
  if (!source) {
    return;
  }
  const now = services.now();
  const document = await readSource(source);
  const first = document.certificates[0];
  if (!first) {
    throw new CertificateInputError("noCertificate", `${source.label} holds no certificate.`);
  }
  const { uploadWarnings } = await loadCertificateDecoder();
  const warnings = uploadWarnings(document, first.isCa ? "ca" : "leaf", now, config.expiryWarningDays()).filter(
    (warning) => warning.code !== "leafAsCa" && warning.code !== "privateKeyForCa",
  );
  const key = `local:${source.uri?.toString() ?? source.label}`;
  services.details.show(key, "localFile", localFileDetails(source.label, document, warnings, { now, warningDays: config.expiryWarningDays() }), () => Promise.resolve());
}
