// VS Code's side of proxying: reads `http.proxySupport` and `http.proxyStrictSSL` for every
// request (as VS Code's own proxy resolver does, so both always agree) and gives the session a
// fetch that src/cloudflare/proxy.ts routes with them. On a change it logs the new route and lets
// kept-alive tunnels go. The rules themselves, and why `http.proxy` is not read here, are in
// proxy.ts.
import * as vscode from "vscode";
import type { Fetch } from "./cloudflare/http";
import { Disposable } from "./disposable";
import type { Logger } from "./cloudflare/logger";
import { DEFAULT_PROXY_SETTINGS, describeProxyRoute, fetchThroughProxies, PROXY_SUPPORT_VALUES, ProxyAgents, type AgentFetch, type ProxySettings, type ProxySupport } from "./cloudflare/proxy";

/**
 * Both settings are application- or machine-scoped, so a workspace cannot set them. A value VS
 * Code does not know makes its resolver stand aside, so it counts as "off" here too.
 */
export function proxySettings(): ProxySettings {
  const http = vscode.workspace.getConfiguration("http");
  const support = http.get<string>("proxySupport", DEFAULT_PROXY_SETTINGS.support);
  return {
    support: (PROXY_SUPPORT_VALUES as readonly string[]).includes(support) ? (support as ProxySupport) : "off",
    strictSSL: http.get<boolean>("proxyStrictSSL", DEFAULT_PROXY_SETTINGS.strictSSL) !== false,
  };
}

export class ProxiedFetch extends Disposable {
  private readonly agents = new ProxyAgents();

  constructor(
    private readonly log: Logger,
    private readonly apiBaseUrl: () => string,
  ) {
    super();
    this.describe();
    this.register(
      vscode.workspace.onDidChangeConfiguration((event) => {
        if (event.affectsConfiguration("http.proxySupport") || event.affectsConfiguration("http.proxyStrictSSL")) {
          this.agents.clear();
          this.describe();
        }
      }),
    );
    this.register({ dispose: () => this.agents.clear() });
  }

  /** `fetch` (node-fetch) routed by the settings of the moment. */
  wrap(fetch: AgentFetch): Fetch {
    return fetchThroughProxies(fetch, proxySettings, this.agents);
  }

  private describe(): void {
    try {
      this.log.info(describeProxyRoute(this.apiBaseUrl(), proxySettings()));
    } catch (error) {
      // A refused API base URL is reported where it is used; a proxy we cannot use is worth a line.
      this.log.warn(error instanceof Error ? error.message : String(error));
    }
  }
}
