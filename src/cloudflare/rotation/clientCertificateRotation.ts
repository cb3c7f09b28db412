// Rotating a client certificate of a zone's Cloudflare-managed CA: a fresh key pair made on this
// machine and a certificate with the same subject, saved where the user chose, then the old one
// revoked once the user says the clients have the new one.
//
// The private key is written to the user's file before the request goes out (a certificate
// without its key is useless) and never enters the rotation's state: a rerun that must make the
// request again makes a new key too. The CSR is kept (it is public): a create whose answer was
// lost is found by it among the zone's certificates, never sent twice.
import type { CsrSubjectInput } from "../../certificates/csr";
import type { CloudflareClient } from "../client";
import { createClientCertificate, getClientCertificate, listClientCertificates, revokeClientCertificate, type ClientCertificate } from "../clientCertificates";
import { CloudflareApiError } from "../errors";
import { reconcile, writeWithReconciliation, type Check } from "../reconciliation";
import type { Rotation, RotationStep, StepContext, StepResult } from "./rotationSteps";
import { happened } from "./rotationWrites";


export interface ClientCertificateRotationState {
  readonly kind: "clientCertificate";
  readonly zoneId: string;
  readonly zoneName: string;
  readonly old: { readonly id: string; readonly name: string };
  readonly subject: CsrSubjectInput;
  /** The fresh key's algorithm, as the command offers them ("ECDSA-P256", "RSA-2048"). */
  readonly keyAlgorithm: string;
  readonly validityDays: number;
  /** Where the new key and certificate go (opaque to this module: the command's file URIs). */
  readonly keyTarget: string;
  readonly certificateTarget: string;
  /** For messages: the targets as the user reads them. */
  readonly keyLabel: string;
  readonly certificateLabel: string;
  readonly knownIds: readonly string[];
  /** The request of the key saved at keyTarget. */
  readonly csr?: string;
  readonly createSent?: boolean;
  readonly newId?: string;
  readonly saved?: boolean;
  readonly revoked?: boolean;
}

export interface ClientRotationEffects {
  /** A fresh key pair of the algorithm and a CSR for the subject. */
  makeKeyAndCsr(subject: CsrSubjectInput, keyAlgorithm: string): Promise<{ readonly privateKeyPem: string; readonly csrPem: string }>;
  /** Writes a file the user chose; `secret` files are readable by the user only. */
  writeFile(target: string, content: string, options: { readonly secret: boolean }): Promise<void>;
}

/** The subject of a certificate Cloudflare issued, from its listed fields, as a CSR names them. Throws when it has no common name. */
export function subjectOf(certificate: ClientCertificate): CsrSubjectInput {
  const commonName = certificate.common_name?.trim() ?? "";
  if (commonName === "") {
    throw new Error(`Client certificate ${certificate.id} has no common name, so a certificate with the same subject cannot be asked for.`);
  }
  const optional = (value: string | undefined) => (value && value.trim() !== "" ? value.trim() : undefined);
  const fields = {
    organization: optional(certificate.organization),
    organizationalUnit: optional(certificate.organizational_unit),
    locality: optional(certificate.location),
    state: optional(certificate.state),
    country: optional(certificate.country),
  };
  return { commonName, ...Object.fromEntries(Object.entries(fields).filter(([, value]) => value !== undefined)) };
}

function normalizedPem(pem: string | undefined): string {
  return (pem ?? "").replace(/\s+/g, "");
}

/** Was a certificate made from this CSR? Looked for among those not known before. */
export function checkClientCertificateCreation(client: CloudflareClient, zoneId: string, csr: string, knownIds: readonly string[]): Check {
  const known = new Set(knownIds);
  const wanted = normalizedPem(csr);
  return async (signal) => {
    const match = (await listClientCertificates(client, zoneId, { status: "all", signal })).find((certificate) => !known.has(certificate.id) && normalizedPem(certificate.csr) === wanted);
    return match ? { id: match.id } : "notDone";
  };
}

function isRevokedOrRevoking(certificate: ClientCertificate): boolean {
  return certificate.status === "revoked" || certificate.status === "pending_revocation";
}

export function clientCertificateRotation(client: CloudflareClient, effects: ClientRotationEffects): Rotation<ClientCertificateRotationState> {
  const makeKey: RotationStep<ClientCertificateRotationState> = {
    id: "key",
    title: (state) => `Make a fresh key pair and save the private key to ${state.keyLabel}`,
    done: (state) => state.csr !== undefined,
    run: async (state, context) => {
      const { privateKeyPem, csrPem } = await effects.makeKeyAndCsr(state.subject, state.keyAlgorithm);
      context.signal.throwIfAborted();
      await effects.writeFile(state.keyTarget, privateKeyPem, { secret: true });
      context.log(`Made a fresh key pair and saved the private key to ${state.keyLabel}.`);
      return { state: { ...state, csr: csrPem } };
    },
  };

  const issue: RotationStep<ClientCertificateRotationState> = {
    id: "issue",
    title: (state) => `Ask the zone's managed CA for a certificate with the same subject (CN=${state.subject.commonName}, ${state.validityDays} days)`,
    done: (state) => state.newId !== undefined,
    run: (state, context) => issueCertificate(client, state, context),
  };

  const save: RotationStep<ClientCertificateRotationState> = {
    id: "save",
    title: (state) => `Save the new certificate to ${state.certificateLabel}`,
    done: (state) => state.saved === true,
    run: async (state, context) => {
      const created = await getClientCertificate(client, state.zoneId, state.newId ?? "", { signal: context.signal });
      const pem = created.certificate ?? "";
      if (!pem.includes("BEGIN CERTIFICATE")) {
        throw new Error(`Cloudflare's answer for client certificate ${created.id} holds no certificate PEM.`);
      }
      await effects.writeFile(state.certificateTarget, pem.endsWith("\n") ? pem : `${pem}\n`, { secret: false });
      context.log(`Saved the new certificate ${created.id} to ${state.certificateLabel}.`);
      return { state: { ...state, saved: true } };
    },
  };

  const revoke: RotationStep<ClientCertificateRotationState> = {
    id: "revoke",
    title: (state) => `Revoke the old certificate “${state.old.name}” once the clients have the new one`,
    note: () => "asks first whether the clients have the new certificate",
    done: (state) => state.revoked === true,
    run: (state, context) => revokeOld(client, state, context),
  };

  return {
    steps: () => [makeKey, issue, save, revoke],
  };
}

async function issueCertificate(client: CloudflareClient, state: ClientCertificateRotationState, context: StepContext<ClientCertificateRotationState>): Promise<StepResult<ClientCertificateRotationState>> {
  const { signal } = context;
  const csr = state.csr ?? "";
  const check = checkClientCertificateCreation(client, state.zoneId, csr, state.knownIds);
  if (state.createSent) {
    const verdict = await reconcile(check, { ...context.reconciliation, signal });
    if (verdict.outcome === "done") {
      context.log(`The new certificate was issued in an earlier run after all: ${verdict.id}`);
      return { state: { ...state, newId: verdict.id } };
    }
    if (verdict.outcome === "unknown") {
      throw verdict.cause;
    }
  }
  await context.save({ ...state, createSent: true });
  const outcome = happened(await writeWithReconciliation((writeSignal) => createClientCertificate(client, state.zoneId, { csr, validity_days: state.validityDays }, { signal: writeSignal }), check, { ...context.reconciliation, signal }), `creation of “${state.subject.commonName}”`);
  const newId = outcome.result?.id ?? outcome.id ?? "";
  context.log(`The zone's managed CA issued ${newId} for CN=${state.subject.commonName}.`);
  return { state: { ...state, createSent: true, newId } };
}

async function revokeOld(client: CloudflareClient, state: ClientCertificateRotationState, context: StepContext<ClientCertificateRotationState>): Promise<StepResult<ClientCertificateRotationState>> {
  const { signal } = context;
  let old: ClientCertificate | undefined;
  try {
    old = await getClientCertificate(client, state.zoneId, state.old.id, { signal });
  } catch (error) {
    if (!(error instanceof CloudflareApiError && error.status === 404)) {
      throw error;
    }
  }
  if (!old || isRevokedOrRevoking(old)) {
    context.log(`The old certificate “${state.old.name}” is already revoked.`);
    return { state: { ...state, revoked: true } };
  }
  const confirmed = await context.prompts.confirm({
    message: `Do the clients have the new certificate? Revoke the old one, “${state.old.name}”?`,
    detail: `The new certificate is in ${state.certificateLabel}, its key in ${state.keyLabel}. Once the old one is revoked, clients still presenting it are refused.`,
    confirm: "Revoke the Old Certificate",
  });
  if (!confirmed) {
    return { state, pause: { reason: `The old certificate “${state.old.name}” stays active. Once the clients have the new one, run Rotate Certificate on it again to revoke it.` } };
  }
  const check: Check = async (checkSignal) => (isRevokedOrRevoking(await getClientCertificate(client, state.zoneId, state.old.id, { signal: checkSignal })) ? { id: state.old.id } : "notDone");
  happened(await writeWithReconciliation((writeSignal) => revokeClientCertificate(client, state.zoneId, state.old.id, { signal: writeSignal }), check, { ...context.reconciliation, signal }), `revocation of “${state.old.name}”`);
  context.log(`Revoked the old certificate “${state.old.name}”.`);
  return { state: { ...state, revoked: true } };
}
