// After a write whose answer was lost, find out what is true instead of guessing.
//
// Cloudflare has no idempotency key: an upload that timed out may have been stored, and sending
// it again would store a second, identical certificate. So a write is never retried blindly.
// When its failure means the request may have been processed (isAnswerLost), we look: list
// again and search for what we meant to create, check that what we deleted is gone, or that the
// list we sent is the one Cloudflare now holds. The verdict says what the caller may do next:
// - done: it happened after all (with the id of what was created, deleted or changed);
// - notDone: it did not happen, so sending the write again is safe;
// - unknown: the check itself failed, so nobody can say; the user must look before trying again.
//
// A write that arrived just before its answer was lost may still be in progress when we first
// look, so "not there" is only believed after `checks` looks (default 2) `delayMs` apart
// (default 1.5 s). Every wait ends at once when the caller's signal aborts; a cancel rejects
// with an AbortError, as everywhere in the client.

import { X509Certificate } from "node:crypto";
import { fingerprintsOf, sameFingerprint } from "../certificates/fingerprints";
import { sleepUnlessAborted } from "./abort";
import { addAccessCertificate, deleteAccessCertificate, getAccessCertificate, getAccessHostnameSettings, listAccessCertificates, updateAccessCertificate, updateAccessHostnameSettings } from "./accessCertificates";
import type { CloudflareClient } from "./client";
import { CloudflareApiError, isAbortError, isAnswerLost } from "./errors";
import { deleteMtlsCertificate, listMtlsCertificates, uploadMtlsCertificate } from "./mtlsCertificates";
import type {
  AccessCertificate,
  AccessCertificateInput,
  AccessCertificateUpdate,
  AccessHostnameSetting,
  AccessScope,
  MtlsCertificate,
  MtlsCertificateUpload,
  RequestOptions,
} from "./types";

export type ReconciliationVerdict =
  | { readonly outcome: "done"; readonly id: string }
  | { readonly outcome: "notDone" }
  | { readonly outcome: "unknown"; readonly cause: unknown };

/** What a write came to: its answer, or, when the answer was lost, what a check found. */
export type WriteOutcome<T> =
  | { readonly outcome: "answered"; readonly result: T }
  | { readonly outcome: "done"; readonly id: string; readonly lostAnswer: CloudflareApiError }
  | { readonly outcome: "notDone"; readonly lostAnswer: CloudflareApiError }
  | { readonly outcome: "unknown"; readonly cause: unknown; readonly lostAnswer: CloudflareApiError };

/** One look at Cloudflare: "done", "notDone", or a thrown error (which makes the verdict "unknown"). */
export type Check = (signal: AbortSignal | undefined) => Promise<"notDone" | { readonly id: string }>;

export interface ReconciliationOptions extends RequestOptions {
  /** Looks before "not there" is believed. Default 2. */
  readonly checks?: number;
  /** Between looks. Default 1500 ms. */
  readonly delayMs?: number;
}

const DEFAULT_CHECKS = 2;
const DEFAULT_DELAY_MS = 1500;

/** Runs `check` until it finds the write done, up to `checks` times; a failed look gives "unknown". */
export async function reconcile(check: Check, options: ReconciliationOptions = {}): Promise<ReconciliationVerdict> {
  const checks = Math.max(1, Math.floor(options.checks ?? DEFAULT_CHECKS));
  const delayMs = Math.max(0, options.delayMs ?? DEFAULT_DELAY_MS);
  for (let look = 1; ; look++) {
    let found: "notDone" | { readonly id: string };
    try {
      found = await check(options.signal);
    } catch (error) {
      if (isAbortError(error) || options.signal?.aborted) {
        throw error;
      }
      return { outcome: "unknown", cause: error };
    }
    if (found !== "notDone") {
      return { outcome: "done", id: found.id };
    }
    if (look >= checks) {
      return { outcome: "notDone" };
    }
    await sleepUnlessAborted(delayMs, options.signal);
  }
}

/**
 * Sends `write` once. If it answers, that is the outcome; if its answer was lost, `check` decides
 * (see reconcile); any other failure (a refusal, a cancel) is thrown as it came.
 */
export async function writeWithReconciliation<T>(write: (signal: AbortSignal | undefined) => Promise<T>, check: Check, options: ReconciliationOptions = {}): Promise<WriteOutcome<T>> {
  try {
    return { outcome: "answered", result: await write(options.signal) };
  } catch (error) {
    if (!isAnswerLost(error) || options.signal?.aborted) {
      throw error;
    }
    const verdict = await reconcile(check, options);
    return { ...verdict, lostAnswer: error };
  }
}

// What "the same certificate" means.

interface CertificateIdentity {
  readonly der: Buffer;
  readonly serialDecimal: string;
  readonly issuerParts: string;
}

function identityOf(pem: string | undefined): CertificateIdentity | undefined {
  if (!pem) {
    return undefined;
  }
  try {
    // Node reads the first certificate of a PEM bundle; that is the one Cloudflare describes.
    const certificate = new X509Certificate(pem);
    return { der: certificate.raw, serialDecimal: BigInt(`0x${certificate.serialNumber}`).toString(10), issuerParts: distinguishedNameParts(certificate.issuer) };
  } catch {
    return undefined;
  }
}

/** "C=US\nO=Acme" (Node) and "O=Acme,C=US" (Cloudflare) give the same sorted parts. */
function distinguishedNameParts(name: string): string {
  return name
    .split(/\n|(?<!\\),/)
    .map((part) => part.trim().replace(/\\,/g, ","))
    .filter((part) => part !== "")
    .sort()
    .join("\n");
}

function sameName(a: string | undefined, b: string | undefined): boolean {
  return (a ?? "").trim() === (b ?? "").trim();
}

/** The same first certificate (its DER), or the same serial and issuer, and the same name. */
function isUploadOf(listed: MtlsCertificate, upload: MtlsCertificateUpload, expected: CertificateIdentity | undefined): boolean {
  if (!sameName(listed.name, upload.name) || listed.ca !== upload.ca) {
    return false;
  }
  const found = identityOf(listed.certificates);
  if (expected && found) {
    return found.der.equals(expected.der);
  }
  return expected !== undefined && listed.serial_number === expected.serialDecimal && distinguishedNameParts(listed.issuer ?? "") === expected.issuerParts;
}

export interface CreationCheckOptions {
  /** Ids that existed before the write: an identical certificate among them is not ours. */
  readonly knownIds?: Iterable<string>;
}

// The checks, one per kind of write.

/** Was the mTLS upload stored? Looks for the same certificate and name among the account's. */
export function checkMtlsUpload(client: CloudflareClient, accountId: string, upload: MtlsCertificateUpload, options: CreationCheckOptions = {}): Check {
  const expected = identityOf(upload.certificates);
  const known = new Set(options.knownIds ?? []);
  return async (signal) => {
    const match = (await listMtlsCertificates(client, accountId, { signal })).find((listed) => !known.has(listed.id) && isUploadOf(listed, upload, expected));
    return match ? { id: match.id } : "notDone";
  };
}

/** Was the Access root added? Looks for the same MD5 fingerprint and name in the scope. */
export function checkAccessAddition(client: CloudflareClient, scope: AccessScope, input: AccessCertificateInput, options: CreationCheckOptions = {}): Check {
  const expected = identityOf(input.certificate);
  const fingerprint = expected ? fingerprintsOf(expected.der).accessMd5 : undefined;
  const known = new Set(options.knownIds ?? []);
  return async (signal) => {
    const listed = await listAccessCertificates(client, scope, { signal });
    const match = fingerprint === undefined ? undefined : listed.find((certificate) => !known.has(certificate.id) && sameName(certificate.name, input.name) && sameFingerprint(certificate.fingerprint ?? "", fingerprint));
    return match ? { id: match.id } : "notDone";
  };
}

/** Is the mTLS certificate gone? */
export function checkMtlsDeletion(client: CloudflareClient, accountId: string, certificateId: string): Check {
  return async (signal) => ((await listMtlsCertificates(client, accountId, { signal })).some((listed) => listed.id === certificateId) ? "notDone" : { id: certificateId });
}

/** Is the Access certificate gone? */
export function checkAccessDeletion(client: CloudflareClient, scope: AccessScope, certificateId: string): Check {
  return async (signal) => ((await listAccessCertificates(client, scope, { signal })).some((listed) => listed.id === certificateId) ? "notDone" : { id: certificateId });
}

function sameHostnames(a: readonly string[], b: readonly string[]): boolean {
  const left = [...new Set(a.map((hostname) => hostname.toLowerCase()))].sort();
  const right = [...new Set(b.map((hostname) => hostname.toLowerCase()))].sort();
  return left.length === right.length && left.every((hostname, index) => hostname === right[index]);
}

/** Does the Access certificate now have the hostnames (and name) we sent? */
export function checkAccessUpdate(client: CloudflareClient, scope: AccessScope, certificateId: string, update: AccessCertificateUpdate): Check {
  return async (signal) => {
    const current = await getAccessCertificate(client, scope, certificateId, { signal });
    const done = sameHostnames(current.associated_hostnames ?? [], update.associated_hostnames) && (update.name === undefined || sameName(current.name, update.name));
    return done ? { id: certificateId } : "notDone";
  };
}

/** Does Cloudflare now hold every setting we sent? The id of "done" is the scope's. */
export function checkHostnameSettings(client: CloudflareClient, scope: AccessScope, settings: readonly AccessHostnameSetting[]): Check {
  return async (signal) => {
    const current = new Map((await getAccessHostnameSettings(client, scope, { signal })).map((setting) => [setting.hostname.toLowerCase(), setting]));
    const done = settings.every((sent) => {
      const held = current.get(sent.hostname.toLowerCase());
      return held !== undefined && held.china_network === sent.china_network && held.client_certificate_forwarding === sent.client_certificate_forwarding;
    });
    return done ? { id: scope.id } : "notDone";
  };
}

// The writes with their checks, as the commands call them.

export type CreationOptions = ReconciliationOptions & CreationCheckOptions;

export function uploadMtlsCertificateReconciled(client: CloudflareClient, accountId: string, upload: MtlsCertificateUpload, options: CreationOptions = {}): Promise<WriteOutcome<MtlsCertificate>> {
  return writeWithReconciliation((signal) => uploadMtlsCertificate(client, accountId, upload, { signal }), checkMtlsUpload(client, accountId, upload, options), options);
}

export function addAccessCertificateReconciled(client: CloudflareClient, scope: AccessScope, input: AccessCertificateInput, options: CreationOptions = {}): Promise<WriteOutcome<AccessCertificate>> {
  return writeWithReconciliation((signal) => addAccessCertificate(client, scope, input, { signal }), checkAccessAddition(client, scope, input, options), options);
}

export function deleteMtlsCertificateReconciled(client: CloudflareClient, accountId: string, certificateId: string, options: ReconciliationOptions = {}): Promise<WriteOutcome<{ id: string }>> {
  return writeWithReconciliation(async (signal) => ({ id: (await deleteMtlsCertificate(client, accountId, certificateId, { signal })).id }), checkMtlsDeletion(client, accountId, certificateId), options);
}

export function updateAccessCertificateReconciled(
  client: CloudflareClient,
  scope: AccessScope,
  certificateId: string,
  update: AccessCertificateUpdate,
  options: ReconciliationOptions = {},
): Promise<WriteOutcome<AccessCertificate>> {
  return writeWithReconciliation((signal) => updateAccessCertificate(client, scope, certificateId, update, { signal }), checkAccessUpdate(client, scope, certificateId, update), options);
}

export function updateAccessHostnameSettingsReconciled(
  client: CloudflareClient,
  scope: AccessScope,
  settings: readonly AccessHostnameSetting[],
  options: ReconciliationOptions = {},
): Promise<WriteOutcome<AccessHostnameSetting[]>> {
  return writeWithReconciliation((signal) => updateAccessHostnameSettings(client, scope, settings, { signal }), checkHostnameSettings(client, scope, settings), options);
}

// Deleting an Access certificate that still has hostnames: a procedure of several steps.

/** What the deletion needs to know of the certificate. */
export interface AccessCertificateToDelete {
  readonly id: string;
  readonly name?: string;
  readonly associated_hostnames?: readonly string[];
}

export interface AccessDeletionOptions extends ReconciliationOptions {
  /** Wait before the one retry of a delete refused right after detaching. Default 1500 ms. */
  readonly retryDelayMs?: number;
}

/** A 4xx that says no: nothing was done. Not a 2xx whose body was lost, which did the delete. */
function isRefusal(error: unknown): error is CloudflareApiError {
  return error instanceof CloudflareApiError && error.status !== undefined && error.status >= 400 && error.status < 500 && error.status !== 429 && !error.isAuthError && !isAnswerLost(error);
}

/**
 * Deletes an Access certificate. Cloudflare refuses while hostnames are associated, so they are
 * detached first (PUT with [] and the same name); right after that update the API can still see
 * them (a known race), so a delete refused then is sent once more after `retryDelayMs`. That
 * retry is safe: a refused delete did nothing. The wait ends at once on abort.
 */
export async function deleteAccessCertificateWithHostnames(
  client: CloudflareClient,
  scope: AccessScope,
  certificate: AccessCertificateToDelete,
  options: AccessDeletionOptions = {},
): Promise<{ id: string }> {
  const { signal } = options;
  const detached = (certificate.associated_hostnames ?? []).length > 0;
  if (detached) {
    await updateAccessCertificate(client, scope, certificate.id, { associated_hostnames: [], name: certificate.name }, { signal });
  }
  try {
    return await deleteAccessCertificate(client, scope, certificate.id, { signal });
  } catch (error) {
    if (!detached || !isRefusal(error) || signal?.aborted) {
      throw error;
    }
    await sleepUnlessAborted(options.retryDelayMs ?? DEFAULT_DELAY_MS, signal);
    return await deleteAccessCertificate(client, scope, certificate.id, { signal });
  }
}

/** The same, reconciled: after a lost answer at any step, is the certificate gone? */
export function deleteAccessCertificateReconciled(
  client: CloudflareClient,
  scope: AccessScope,
  certificate: AccessCertificateToDelete,
  options: AccessDeletionOptions = {},
): Promise<WriteOutcome<{ id: string }>> {
  return writeWithReconciliation((signal) => deleteAccessCertificateWithHostnames(client, scope, certificate, { ...options, signal }), checkAccessDeletion(client, scope, certificate.id), options);
}
