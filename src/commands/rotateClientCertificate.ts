// Rotate a client certificate (src/cloudflare/rotation/clientCertificateRotation.ts): the same
// subject, a fresh key made on this machine (as Create Client Certificate makes it), both saved
// where the user chooses, and the old certificate revoked when the user says the clients have the
// new one. Where the files go is asked before the plan, so nothing is sent before that.
import * as vscode from "vscode";
import { validityDaysProblem, type ClientCertificate } from "../cloudflare/clientCertificates";
import { clientCertificateRotation, subjectOf, type ClientCertificateRotationState } from "../cloudflare/rotation/clientCertificateRotation";
import { loadCertificateDecoder } from "../certificateDecoder";
import type { ClientKeyAlgorithm } from "../certificates/decoder";
import type { Services } from "../services";
import { cacheKeys } from "../views/certificateRepository";
import type { CertificateNode } from "../views/treeNodes";
import { defaultSaveUri, fileNameFor, writeUserFile } from "./fileWriting";
import { revealCertificate } from "./revealCertificate";
import { readingCloudflare, rotationStateKey, runGuidedRotation } from "./rotatePlan";

const TITLE = "Rotate Client Certificate";
const DEFAULT_VALIDITY_DAYS = 365;

function isKeyAlgorithm(value: string): value is ClientKeyAlgorithm {
  return value === "ECDSA-P256" || value === "RSA-2048";
}

async function askStart(services: Services, certificate: ClientCertificate): Promise<{ algorithm: ClientKeyAlgorithm; validityDays: number; keyUri: vscode.Uri; certificateUri: vscode.Uri } | undefined> {
  const decoder = await loadCertificateDecoder();
  const algorithm = await services.prompts.pick<ClientKeyAlgorithm>(
    [
      { label: decoder.describeClientKeyAlgorithm("ECDSA-P256"), description: "Recommended", detail: "Small and fast; every current TLS client supports it.", value: "ECDSA-P256" },
      { label: decoder.describeClientKeyAlgorithm("RSA-2048"), detail: "For clients that only support RSA keys.", value: "RSA-2048" },
    ],
    { title: `${TITLE}: Key`, placeHolder: "A fresh key pair is made on this machine; only the certificate request is sent to Cloudflare." },
  );
  if (!algorithm) {
    return undefined;
  }
  const validity = await services.prompts.input({
    title: `${TITLE}: Validity`,
    prompt: "How many days the new certificate is valid, from when it is issued.",
    value: String(certificate.validity_days ?? DEFAULT_VALIDITY_DAYS),
    validate: (value) => (/^\s*-?\d+\s*$/.test(value) ? validityDaysProblem(Number(value)) : "Enter a whole number of days, e.g. 365."),
  });
  if (validity === undefined) {
    return undefined;
  }
  const commonName = certificate.common_name || certificate.id;
  const keyUri = await services.prompts.saveFile({ title: `Save the New Private Key of “${commonName}”`, defaultUri: defaultSaveUri(fileNameFor(`${commonName}-new`, "key")), filters: { "Private keys": ["key", "pem"] } });
  if (!keyUri) {
    return undefined;
  }
  const certificateUri = await services.prompts.saveFile({ title: `Save the New Certificate of “${commonName}”`, defaultUri: defaultSaveUri(fileNameFor(`${commonName}-new`, "pem")), filters: { Certificates: ["pem", "crt"] } });
  if (!certificateUri) {
    return undefined;
  }
  return { algorithm, validityDays: Number(validity.trim()), keyUri, certificateUri };
}

export async function rotateClientCertificate(services: Services, node: CertificateNode, certificate: ClientCertificate): Promise<void> {
  const zone = node.scope.zone;
  const name = certificate.common_name || certificate.id;
  if (!zone) {
    throw new Error(`client certificate ${certificate.id} is listed outside a zone`);
  }
  const key = rotationStateKey("clientCertificate", node.scope, certificate.id);
  if (certificate.status !== "active" && services.context.globalState.get(key) === undefined) {
    await services.prompts.info(`“${name}” is ${(certificate.status ?? "not active").replace(/_/g, " ")}: only an active client certificate is rotated.`);
    return;
  }
  const subject = subjectOf(certificate);
  await runGuidedRotation<ClientCertificateRotationState>(services, {
    key,
    name,
    rotation: (client) =>
      clientCertificateRotation(client, {
        makeKeyAndCsr: async (csrSubject, keyAlgorithm) => {
          const decoder = await loadCertificateDecoder();
          const keyPair = await decoder.generateClientKeyPair(isKeyAlgorithm(keyAlgorithm) ? keyAlgorithm : decoder.DEFAULT_CLIENT_KEY_ALGORITHM);
          const csr = await decoder.createCsr(csrSubject, keyPair);
          return { privateKeyPem: await decoder.exportPrivateKeyPem(keyPair.keys.privateKey), csrPem: csr.pem };
        },
        writeFile: (target, content, options) => writeUserFile(vscode.Uri.parse(target, true), content, options),
      }),
    start: async () => {
      const answers = await askStart(services, certificate);
      if (!answers) {
        return undefined;
      }
      const known = await readingCloudflare(name, () => services.repository.clientCertificates(zone.id));
      return {
        kind: "clientCertificate",
        zoneId: zone.id,
        zoneName: zone.name,
        old: { id: certificate.id, name },
        subject,
        keyAlgorithm: answers.algorithm,
        validityDays: answers.validityDays,
        keyTarget: answers.keyUri.toString(),
        certificateTarget: answers.certificateUri.toString(),
        keyLabel: vscode.workspace.asRelativePath(answers.keyUri, false),
        certificateLabel: vscode.workspace.asRelativePath(answers.certificateUri, false),
        knownIds: known.map((listed) => listed.id),
      };
    },
    summary: (state) => `In zone ${state.zoneName}: “${state.old.name}” (${state.old.id}) → a new certificate for the same subject. The private key is made on this machine and never sent.`,
    changes: (state) => [cacheKeys.clientCertificates(state.zoneId)],
    finished: async (state) => {
      await revealCertificate(services, { kind: "clientCertificate", accountId: node.account.id, scope: { kind: "zones", id: state.zoneId }, certificateId: state.newId ?? "" });
      await services.prompts.info(`Rotated “${state.old.name}”: the new certificate is in ${state.certificateLabel}, its key in ${state.keyLabel} (only you can read it), and the old one is revoked.`);
    },
  });
}
