// The sandbox's public API: a local stand-in for the Cloudflare v4 API (see design.md, "The
// Cloudflare-compatible sandbox"). Test support only: nothing under src/ may import it.
export { startSandbox } from "./sandbox";
export { observeEveryExchange, type ExchangeObserver } from "./exchanges";
export { seedDemo, DEMO_API_TOKEN, type DemoSeed } from "./seedDemo";
export { seedScale, scaleZoneName, SCALE_API_TOKEN, SCALE_LARGE_ZONES, SCALE_MTLS_CERTIFICATES, SCALE_MTLS_CAS, SCALE_REGIONAL_ACCOUNTS, SCALE_REGIONAL_ZONES, type ScaleSeed } from "./seedScale";
export { sequentialRoundTrips } from "./roundTrips";
export { peakInFlight, rateLimitedAnswers } from "./roundTrips";
export { ErrorCodes, type SandboxError } from "./errorCodes";
export { MAX_CA_CERTIFICATES_PER_ACCOUNT } from "./routes/mtlsCertificates";
export { SANDBOX_USER_EMAIL } from "./routes/identity";
export { MAX_VALIDITY_DAYS, MIN_VALIDITY_DAYS } from "./routes/clientCertificates";
export { HOSTNAME_ASSOCIATION_SERVICE } from "./routes/hostnameAssociations";
export type { ClientCertificateRecord, ClientCertificateStatus } from "./clientCertificateStore";
export type { ManagedCaInfo } from "./managedCa";
export type {
  AccessCertificateInput,
  AccessCertificateRecord,
  AccessScope,
  AccessScopeKind,
  ApiTokenOptions,
  ClientCertificateInput,
  CloudflareSandbox,
  FaultMatch,
  HostnameSetting,
  MtlsAssociation,
  MtlsCertificateInput,
  MtlsCertificateRecord,
  MtlsCertificateType,
  RateLimitBudget,
  RecordedAnswer,
  RecordedRequest,
  SandboxAccount,
  SandboxFault,
  SandboxOptions,
  SandboxZone,
  TokenStatus,
} from "./types";
