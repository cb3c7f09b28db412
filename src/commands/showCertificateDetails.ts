// Show Certificate Details (tree) and Inspect Certificate (editor, Explorer, palette): everything
// the decoder knows, in a webview. What a remote certificate's view holds comes from its kind
// (src/views/kinds); this command opens the panel and wires its buttons.
import { loadCertificateDecoder } from "../certificateDecoder";
import { CertificateInputError } from "../certificates/errors";
import * as config from "../config";
import type { Services } from "../services";
import { localCsrDetails, localFileDetails } from "../views/detailsModel";
import type { CertificateNode } from "../views/treeNodes";
import { certificateTarget } from "./certificateTargets";
import { readSource, resolveCertificateSource } from "./certificateSource";
import { kindContext } from "./kindContext";
import { savePemAs } from "./savePemAs";
import { copyTerraformImport } from "./copyTerraformImport";
import { copyWranglerBinding } from "./copyWranglerBinding";

export async function showDetailsOf(services: Services, node: CertificateNode): Promise<void> {
  const details = node.details(kindContext(services));
  if (!details) {
    return;
  }
  const { model, onAction } = await details;
  services.details.show(node.id, "cloudflare", model, (action, panel) =>
    services.runReportingErrors("details view", async () => {
      if (action === "savePem") {
        await savePemAs(services, node);
      } else if (action === "copyWranglerBinding") {
        await copyWranglerBinding(services, node);
      } else if (action === "copyTerraformImport") {
        await copyTerraformImport(services, node);
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

/** A certificate signing request is in the input: its PEM armour, or a .csr / .req DER file. */
function holdsCertificateRequest(content: string | Uint8Array): boolean {
  const text = typeof content === "string" ? content : new TextDecoder("utf-8", { fatal: false }).decode(content.subarray(0, 64 * 1024));
  return /-----BEGIN (NEW )?CERTIFICATE REQUEST-----/.test(text);
}

async function inspectCsr(services: Services, label: string, content: string | Uint8Array, key: string): Promise<void> {
  const decoder = await loadCertificateDecoder();
  const csr = decoder.decodeCsr(content);
  let refusal: string | undefined;
  try {
    decoder.checkCsrForCloudflare(csr);
  } catch (error) {
    refusal = error instanceof Error ? error.message : String(error);
  }
  services.details.show(
    key,
    "localFile",
    localCsrDetails(label, {
      subjectText: csr.subject.text,
      commonName: csr.subject.commonName,
      publicKey: csr.publicKey.description,
      signatureAlgorithm: csr.signatureAlgorithm.cloudflare,
      signatureValid: csr.signatureValid,
      refusal,
      pem: csr.pem,
    }),
    () => Promise.resolve(),
  );
}

export async function inspectCertificate(services: Services, argument?: unknown): Promise<void> {
  const source = await resolveCertificateSource(services, argument);
  if (!source) {
    return;
  }
  const now = services.now();
  if (holdsCertificateRequest(source.content)) {
    await inspectCsr(services, source.label, source.content, `local:${source.uri?.toString() ?? source.label}`);
    return;
  }
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
