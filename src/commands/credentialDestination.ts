// Before a credential goes to an API host other than Cloudflare's (cloudflareMtls.apiBaseUrl set
// to a gateway or a mirror), the user is shown the host and asked, once per host; the answer is
// remembered (a host name is not a secret). Declining sends nothing. A loopback host (the local
// sandbox) is not asked about: the credential does not leave this machine, which is also why it
// is the one place plain http is allowed.
import { credentialHost, isCloudflareApiHost, isLoopbackHost } from "../apiBaseUrlPolicy";
import type { Services } from "../services";

/** globalState: the API hosts the user agreed to send a credential to. */
export const APPROVED_HOSTS_KEY = "cloudflareMtls.approvedApiHosts";

/** True when the credential may be sent to `baseUrl`: Cloudflare's host, a host approved before, or one the user approves now. */
export async function confirmCredentialDestination(services: Services, baseUrl: string): Promise<boolean> {
  if (isCloudflareApiHost(baseUrl) || isLoopbackHost(new URL(baseUrl).hostname)) {
    return true;
  }
  const host = credentialHost(baseUrl);
  const approved = services.context.globalState.get<string[]>(APPROVED_HOSTS_KEY, []);
  if (approved.includes(host)) {
    return true;
  }
  const confirmed = await services.prompts.confirm({
    message: `Send your Cloudflare credential to ${host}?`,
    detail: `The setting cloudflareMtls.apiBaseUrl points at ${baseUrl}, not at Cloudflare's API (api.cloudflare.com). The credential you are about to enter will be sent there, and only there. Continue only if you set this up yourself (a corporate gateway, or the local sandbox).`,
    confirm: `Send to ${host}`,
  });
  if (confirmed) {
    await services.context.globalState.update(APPROVED_HOSTS_KEY, [...approved, host]);
    services.log.forComponent("auth").info(`Credentials may be sent to ${host} (approved by the user)`);
  }
  return confirmed;
}
