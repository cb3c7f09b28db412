// Create Client Certificate… and Create from My CSR…: a certificate from the zone's
// Cloudflare-managed CA. By default the key pair is made here (ECDSA P-256, or RSA 2048) and only
// the CSR is sent: the private key never leaves this machine and is written only to the file the
// user picks (mode 0600), and optionally into a password-protected .p12. Where the files go is
// asked before anything is sent, so a created certificate always has its key saved.
import * as vscode from "vscode";
import { validityDaysProblem } from "../cloudflare/clientCertificates";
import type { Account } from "../cloudflare/types";
import { loadCertificateDecoder, type CertificateDecoder } from "../certificateDecoder";
import type { ClientKeyAlgorithm, CsrSubjectField, CsrSubjectInput } from "../certificates/decoder";
import type { Services } from "../services";
import { zoneScope, type CertificateScope } from "../views/certificateKind";
import { isCertificateGroupNode } from "../views/treeNodes";
import { pickAccount } from "./accountPick";
import { abortSignalOf } from "./cancellation";
import { sourceFromUri } from "./certificateSource";
import { defaultSaveUri, fileNameFor, writeUserFile } from "./fileWriting";
import { revealCertificate } from "./revealCertificate";
import { showDetailsOf } from "./showCertificateDetails";
import { pickZone } from "./zonePick";

const TITLE = "Create Client Certificate";
/** The optional subject fields, remembered (they are not secret) for the next certificate. */
const LAST_SUBJECT_KEY = "cloudflareMtls.lastClientCertificateSubject";
const DEFAULT_VALIDITY_DAYS = 365;

const OPTIONAL_FIELDS: readonly { readonly field: Exclude<CsrSubjectField, "commonName">; readonly label: string; readonly placeHolder: string }[] = [
  { field: "organization", label: "Organization (O)", placeHolder: "Example Inc." },
  { field: "organizationalUnit", label: "Organizational unit (OU)", placeHolder: "Engineering" },
  { field: "locality", label: "Locality (L)", placeHolder: "Lisbon" },
  { field: "state", label: "State or province (ST)", placeHolder: "Lisboa" },
  { field: "country", label: "Country (C), two letters", placeHolder: "PT" },
];

async function chooseZone(services: Services, node: unknown, title: string): Promise<CertificateScope | undefined> {
  if (isCertificateGroupNode(node) && node.certificateKind === "clientCertificate") {
    return node.scope;
  }
  const account: Account | undefined = await pickAccount(services, `${title}: Account`);
  if (!account) {
    return undefined;
  }
  const zone = await pickZone(services, account, {
    title: `${title}: Zone`,
    placeHolder: "Which zone's Cloudflare-managed CA should issue it?",
    noZones: `Account ${account.name} has no zones: client certificates belong to a zone.`,
  });
  return zone ? zoneScope(account, zone) : undefined;
}

async function askValidityDays(services: Services, title: string): Promise<number | undefined> {
  const text = await services.prompts.input({
    title: `${title}: Validity`,
    prompt: "How many days the certificate is valid, from today.",
    value: String(DEFAULT_VALIDITY_DAYS),
    validate: (value) => (/^\s*-?\d+\s*$/.test(value) ? validityDaysProblem(Number(value)) : "Enter a whole number of days, e.g. 365."),
  });
  return text === undefined ? undefined : Number(text.trim());
}

async function askSubject(services: Services, decoder: CertificateDecoder): Promise<CsrSubjectInput | undefined> {
  const total = OPTIONAL_FIELDS.length + 1;
  const commonName = await services.prompts.input({
    title: `${TITLE}: Common Name (1/${total})`,
    prompt: "Names the client that presents the certificate: a user, a device or a service.",
    placeHolder: "alice@example.com",
    validate: (value) => decoder.subjectFieldProblem("commonName", value),
  });
  if (commonName === undefined) {
    return undefined;
  }
  const last = services.context.globalState.get<Partial<Record<CsrSubjectField, string>>>(LAST_SUBJECT_KEY, {});
  const subject: { -readonly [K in CsrSubjectField]?: string } = { commonName: commonName.trim() };
  for (const [index, { field, label, placeHolder }] of OPTIONAL_FIELDS.entries()) {
    const value = await services.prompts.input({
      title: `${TITLE}: ${label} (${index + 2}/${total})`,
      prompt: "Optional: leave empty to leave it out. Remembered for the next certificate.",
      value: last[field] ?? "",
      placeHolder,
      validate: (text) => decoder.subjectFieldProblem(field, text),
    });
    if (value === undefined) {
      return undefined;
    }
    if (value.trim() !== "") {
      // A country code is upper case in the certificate: remember it as it will be issued.
      subject[field] = field === "country" ? value.trim().toUpperCase() : value.trim();
    }
  }
  await services.context.globalState.update(
    LAST_SUBJECT_KEY,
    Object.fromEntries(OPTIONAL_FIELDS.map(({ field }) => [field, subject[field] ?? ""])),
  );
  return subject as CsrSubjectInput;
}

function subjectText(subject: CsrSubjectInput): string {
  const parts: [string, string | undefined][] = [
    ["CN", subject.commonName],
    ["O", subject.organization],
    ["OU", subject.organizationalUnit],
    ["L", subject.locality],
    ["ST", subject.state],
    ["C", subject.country],
  ];
  return parts.filter(([, value]) => value).map(([name, value]) => `${name}=${value ?? ""}`).join(", ");
}

/** Offers a password-protected .p12 of the certificate and its key, for browsers and keychains. */
async function offerPkcs12(services: Services, decoder: CertificateDecoder, certificatePem: string, privateKeyPem: string, name: string): Promise<void> {
  const password = await services.prompts.input({
    title: `${TITLE}: .p12 Password`,
    prompt: "A password for the .p12 bundle (browsers and keychains ask for it when importing). It is not stored anywhere.",
    password: true,
    validate: (value) => (value.length === 0 ? "Choose a password: an unprotected .p12 would hand out the private key." : undefined),
  });
  if (password === undefined) {
    return;
  }
  const again = await services.prompts.input({ title: `${TITLE}: .p12 Password (again)`, prompt: "Type the password again.", password: true, validate: (value) => (value === password ? undefined : "The passwords differ.") });
  if (again === undefined) {
    return;
  }
  const uri = await services.prompts.saveFile({ title: `Save the .p12 of “${name}”`, defaultUri: defaultSaveUri(fileNameFor(name, "p12")), filters: { "PKCS#12": ["p12", "pfx"] } });
  if (!uri) {
    return;
  }
  const bundle = await decoder.createPkcs12({ certificate: certificatePem, privateKeyPem, password, friendlyName: name });
  await writeUserFile(uri, bundle, { secret: true });
  services.log.forComponent("clientCertificates").info(`Saved a .p12 bundle of “${name}” to ${vscode.workspace.asRelativePath(uri, false)}`);
  await services.prompts.info(`Saved ${vscode.workspace.asRelativePath(uri, false)} (only you can read it).`);
}

async function finish(services: Services, scope: CertificateScope, certificateId: string, message: string, buttons: readonly string[], onButton: (choice: string) => Promise<void>): Promise<void> {
  const location = { kind: "clientCertificate" as const, accountId: scope.account.id, scope, certificateId };
  await revealCertificate(services, location);
  const choice = await services.prompts.info(message, ...buttons, "Show Details");
  if (choice === "Show Details") {
    const node = await revealCertificate(services, location);
    if (node) {
      await showDetailsOf(services, node);
    }
  } else if (choice) {
    await onButton(choice);
  }
}

export async function createClientCertificate(services: Services, node?: unknown): Promise<void> {
  await services.session.client(); // signed in? (else: one "Sign in first" message)
  const scope = await chooseZone(services, node, TITLE);
  if (!scope?.zone) {
    return;
  }
  const decoder = await loadCertificateDecoder();
  const algorithm = await services.prompts.pick<ClientKeyAlgorithm>(
    [
      { label: decoder.describeClientKeyAlgorithm("ECDSA-P256"), description: "Recommended", detail: "Small and fast; every current TLS client supports it.", value: "ECDSA-P256" },
      { label: decoder.describeClientKeyAlgorithm("RSA-2048"), detail: "For clients that only support RSA keys.", value: "RSA-2048" },
    ],
    { title: `${TITLE}: Key`, placeHolder: "The key pair is made on this machine; only the certificate request is sent to Cloudflare." },
  );
  if (!algorithm) {
    return;
  }
  const subject = await askSubject(services, decoder);
  if (!subject) {
    return;
  }
  const validityDays = await askValidityDays(services, TITLE);
  if (validityDays === undefined) {
    return;
  }
  const confirmed = await services.prompts.confirm({
    message: `Create a client certificate for “${subject.commonName}” in zone ${scope.zone.name}?`,
    detail: [
      `Subject: ${subjectText(subject)}`,
      `Key: ${decoder.describeClientKeyAlgorithm(algorithm)}, made on this machine. Only the certificate request is sent; the private key never leaves this machine.`,
      `Valid for ${validityDays} days, issued by the zone's Cloudflare-managed CA.`,
      "",
      "You choose where to save the private key and the certificate next; nothing is sent before that.",
    ].join("\n"),
    confirm: "Create",
  });
  if (!confirmed) {
    return;
  }
  const keyUri = await services.prompts.saveFile({ title: `Save the Private Key of “${subject.commonName}”`, defaultUri: defaultSaveUri(fileNameFor(subject.commonName, "key")), filters: { "Private keys": ["key", "pem"] } });
  if (!keyUri) {
    return;
  }
  const certificateUri = await services.prompts.saveFile({ title: `Save the Certificate of “${subject.commonName}”`, defaultUri: defaultSaveUri(fileNameFor(subject.commonName, "pem")), filters: { Certificates: ["pem", "crt"] } });
  if (!certificateUri) {
    return;
  }
  const log = services.log.forComponent("clientCertificates");
  const { created, privateKeyPem } = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: `Creating the client certificate “${subject.commonName}”…`, cancellable: true },
    async (progress, token) => {
      progress.report({ message: "making the key pair on this machine" });
      const keyPair = await decoder.generateClientKeyPair(algorithm);
      const csr = await decoder.createCsr(subject, keyPair);
      const keyPem = await decoder.exportPrivateKeyPem(keyPair.keys.privateKey);
      // The key is saved before the request goes out: a certificate without its key is useless.
      await writeUserFile(keyUri, keyPem, { secret: true });
      progress.report({ message: "asking the zone's managed CA to sign the request" });
      const certificate = await services.repository.createClientCertificate(scope.id, { csr: csr.pem, validity_days: validityDays }, abortSignalOf(token));
      return { created: certificate, privateKeyPem: keyPem };
    },
  );
  const pem = created.certificate ?? "";
  await writeUserFile(certificateUri, pem.endsWith("\n") ? pem : `${pem}\n`);
  log.info(`Created client certificate ${created.id} in zone ${scope.id}; key saved to ${vscode.workspace.asRelativePath(keyUri, false)}`);
  await finish(
    services,
    scope,
    created.id,
    `Created “${subject.commonName}”: the private key is in ${vscode.workspace.asRelativePath(keyUri, false)} (only you can read it), the certificate in ${vscode.workspace.asRelativePath(certificateUri, false)}.`,
    ["Save .p12 Bundle…"],
    () => offerPkcs12(services, decoder, pem, privateKeyPem, subject.commonName),
  );
}

export async function createClientCertificateFromCsr(services: Services, node?: unknown): Promise<void> {
  const title = "Create Client Certificate from CSR";
  await services.session.client();
  const csrUri = await services.prompts.openFile({ title: `${title}: Certificate Signing Request`, filters: { "Certificate requests": ["csr", "req", "pem"], "All files": ["*"] } });
  if (!csrUri) {
    return;
  }
  const decoder = await loadCertificateDecoder();
  const source = await sourceFromUri(csrUri);
  // Refused here, with the reason, before anything is sent: not a CSR, a bad signature, a weak key.
  const csr = decoder.readCsrForCloudflare(source.content);
  const scope = await chooseZone(services, node, title);
  if (!scope?.zone) {
    return;
  }
  const validityDays = await askValidityDays(services, title);
  if (validityDays === undefined) {
    return;
  }
  const name = csr.subject.commonName ?? csr.subject.text;
  const confirmed = await services.prompts.confirm({
    message: `Create a client certificate for “${name}” in zone ${scope.zone.name}?`,
    detail: [`Request: ${source.label}`, `Subject: ${csr.subject.text}`, `Key: ${csr.publicKey.description} (yours; it stays where it is)`, `Valid for ${validityDays} days, issued by the zone's Cloudflare-managed CA.`].join("\n"),
    confirm: "Create",
  });
  if (!confirmed) {
    return;
  }
  const certificateUri = await services.prompts.saveFile({ title: `Save the Certificate of “${name}”`, defaultUri: defaultSaveUri(fileNameFor(name, "pem")), filters: { Certificates: ["pem", "crt"] } });
  if (!certificateUri) {
    return;
  }
  const created = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: `Creating the client certificate “${name}”…`, cancellable: true }, (_progress, token) =>
    services.repository.createClientCertificate(scope.id, { csr: csr.pem, validity_days: validityDays }, abortSignalOf(token)),
  );
  const pem = created.certificate ?? "";
  await writeUserFile(certificateUri, pem.endsWith("\n") ? pem : `${pem}\n`);
  services.log.forComponent("clientCertificates").info(`Created client certificate ${created.id} in zone ${scope.id} from ${source.label}`);
  await finish(services, scope, created.id, `Created “${name}”: the certificate is in ${vscode.workspace.asRelativePath(certificateUri, false)}.`, [], () => Promise.resolve());
}
