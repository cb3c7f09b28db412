// startSandbox(): wires state, faults, the route table and the server into one CloudflareSandbox.
import { CertificateParseError, parseCertificateBundle, type CertificateFacts } from "./certificateFacts";
import { FaultQueue } from "./faults";
import { readCsr } from "./csrFacts";
import { accessCertificateRoutes } from "./routes/accessCertificates";
import { clientCertificateRoutes } from "./routes/clientCertificates";
import { hostnameAssociationRoutes, syncCaInUse } from "./routes/hostnameAssociations";
import { identityRoutes } from "./routes/identity";
import { mtlsCertificateRoutes } from "./routes/mtlsCertificates";
import { CLOUDFLARE_RATE_LIMIT, RateLimiter } from "./rateLimit";
import { seedDemo } from "./seedDemo";
import { seedScale } from "./seedScale";
import { API_PREFIX, SandboxServer } from "./server";
import { SandboxState, type ZoneRecord } from "./state";
import { DEFAULT_CLIENT_CERTIFICATE_TRANSITION_MS } from "./clientCertificateStore";
import type { AccessHostnameOverlap, CloudflareSandbox, SandboxOptions } from "./types";

const routes = [...identityRoutes, ...mtlsCertificateRoutes, ...accessCertificateRoutes, ...clientCertificateRoutes, ...hostnameAssociationRoutes];

export async function startSandbox(options: SandboxOptions = {}): Promise<CloudflareSandbox> {
  const state = new SandboxState();
  const faults = new FaultQueue();
  let latencyMs = checkLatency(options.latencyMs ?? 0);
  const defaultPerPage = options.defaultPerPage ?? 20;
  if (!Number.isInteger(defaultPerPage) || defaultPerPage < 1) {
    throw new Error(`sandbox: defaultPerPage must be a positive integer, got ${defaultPerPage}`);
  }
  state.clientCertificates.setTransitionDelay(options.clientCertificateTransitionMs ?? DEFAULT_CLIENT_CERTIFICATE_TRANSITION_MS);
  const accessMaxPerPage = options.accessMaxPerPage ?? 1000;
  if (!Number.isInteger(accessMaxPerPage) || accessMaxPerPage < 1) {
    throw new Error(`sandbox: accessMaxPerPage must be a positive integer, got ${accessMaxPerPage}`);
  }
  state.accessHostnameOverlap = checkOverlap(options.accessHostnameOverlap ?? "allowed");
  const rateLimiter = new RateLimiter(options.rateLimit ?? CLOUDFLARE_RATE_LIMIT, options.rateLimitClock);
  const server = await SandboxServer.listen(options.port ?? 0, {
    state,
    faults,
    routes,
    defaultPerPage,
    accessMaxPerPage,
    rateLimiter,
    latencyMs: () => latencyMs,
    log: options.log,
  });

  const sandbox: CloudflareSandbox = {
    baseUrl: `http://127.0.0.1:${server.port}${API_PREFIX}`,
    requests: server.requests,
    close: () => server.close(),
    setLatency: (ms) => {
      latencyMs = checkLatency(ms);
    },
    setRateLimit: (budget) => rateLimiter.reset(budget),
    addApiToken: (token, tokenOptions) => {
      state.addToken(token, tokenOptions);
    },
    revokeToken: (token) => state.revokeToken(token),
    addGlobalApiKey: (email, key) => state.addGlobalKey(email, key),
    addAccount: (account) => state.addAccount(account),
    addZone: (accountId, zone) => {
      const { createdOn: _createdOn, ...sandboxZone } = state.addZone(accountId, zone);
      return sandboxZone;
    },
    addMtlsCertificate: (accountId, input) => state.addMtlsCertificate(accountId, input, firstCertificate(input.certificates)),
    setAssociations: (accountId, certificateId, associations) => state.setAssociations(accountId, certificateId, associations),
    addAccessCertificate: (scope, input) => state.addAccessCertificate(scope, input, firstCertificate(input.certificate)),
    setAccessHostnameOverlap: (overlap) => {
      state.accessHostnameOverlap = checkOverlap(overlap);
    },
    setHostnameSettings: (scope, settings) => {
      state.setHostnameSettings(scope, settings);
    },
    mtlsCertificates: (accountId) => state.mtlsCertificates(accountId),
    accessCertificates: (scope) => state.accessCertificates(scope),
    hostnameSettings: (scope) => state.hostnameSettings(scope),
    accounts: () => state.accounts(),
    zones: (accountId) => state.zones(accountId).map(({ createdOn: _createdOn, ...zone }) => zone),
    addClientCertificate: (zoneId, input) => state.clientCertificates.issue(requireZoneRecord(state, zoneId), input.csr, readCsr(input.csr), input.validityDays, input.status),
    clientCertificates: (zoneId) => state.clientCertificates.list(zoneId),
    setClientCertificateTransitionDelay: (ms) => state.clientCertificates.setTransitionDelay(ms),
    managedCa: (accountId) => state.clientCertificates.managedCaInfo(accountId),
    hostnameAssociations: (zoneId, mtlsCertificateId) => state.hostnameAssociations.hostnames(zoneId, mtlsCertificateId),
    setHostnameAssociations: (zoneId, hostnames, mtlsCertificateId) => {
      const zone = requireZoneRecord(state, zoneId);
      if (mtlsCertificateId !== undefined && !state.mtlsCertificate(zone.accountId, mtlsCertificateId)?.ca) {
        throw new Error(`sandbox: no mTLS CA ${mtlsCertificateId} in account ${zone.accountId}`);
      }
      state.hostnameAssociations.setHostnames(zoneId, mtlsCertificateId, hostnames);
      if (mtlsCertificateId !== undefined) {
        syncCaInUse(state, zone.accountId, mtlsCertificateId);
      }
    },
    injectFault: (fault, match) => faults.add(fault, match),
    clearFaults: () => faults.clear(),
  };

  if (options.seed === "demo" || options.seed === "scale") {
    try {
      await (options.seed === "demo" ? seedDemo(sandbox) : seedScale(sandbox));
    } catch (error) {
      await server.close();
      throw error;
    }
  }
  return sandbox;
}

function checkOverlap(overlap: AccessHostnameOverlap): AccessHostnameOverlap {
  if (overlap !== "allowed" && overlap !== "refused") {
    throw new Error(`sandbox: accessHostnameOverlap must be "allowed" or "refused", got ${String(overlap)}`);
  }
  return overlap;
}

function checkLatency(ms: number): number {
  if (!Number.isFinite(ms) || ms < 0) {
    throw new Error(`sandbox: latency must be a finite number >= 0, got ${ms}`);
  }
  return ms;
}

/** Test setup must hand in real certificates; a bad PEM here is a bug in the test. */
function firstCertificate(pem: string): CertificateFacts {
  try {
    const [first] = parseCertificateBundle(pem);
    if (!first) {
      throw new CertificateParseError("no certificate");
    }
    return first;
  } catch (error) {
    throw new Error(`sandbox: cannot add this certificate: ${(error as Error).message}`, { cause: error });
  }
}

/** Test setup must name an existing zone; anything else is a bug in the test. */
function requireZoneRecord(state: SandboxState, zoneId: string): ZoneRecord {
  const zone = state.zone(zoneId);
  if (!zone) {
    throw new Error(`sandbox: no zone ${zoneId}`);
  }
  return zone;
}
