// Which way a request takes to the Cloudflare API when a proxy may be in play, and the agent that
// takes it there. Pure: given VS Code's proxy settings (and the process environment, which
// proxy-from-env reads), it answers for one URL; it never reads the settings itself.
//
// What VS Code already does: in the extension host, its proxy resolver patches Node's http and
// https modules, so every request an extension makes with them (node-fetch included) is routed by
// VS Code's own rules, unless `http.proxySupport` is "off": `http.proxy`, `http.noProxy`,
// NO_PROXY, HTTPS_PROXY / HTTP_PROXY, then the system's proxy configuration and PAC scripts,
// with proxy authentication, Kerberos and the OS's certificates added. It always connects to
// localhost and 127.0.0.1 directly. We checked this in code-server 4.139.1 (VS Code 1.139): with
// `http.proxy` set and no agent of ours, "override", "fallback" and "on" all tunnel through the
// proxy. So for those values we add nothing and hand VS Code no agent: an agent of ours would
// replace its resolver under "on", losing the system proxy, PAC and proxy sign-in.
//
// "off" tells VS Code to leave extensions' requests alone, and its settings with them. Then
// HTTPS_PROXY / HTTP_PROXY / ALL_PROXY and NO_PROXY from the environment still apply, as they
// do for curl, npm or wrangler: proxy-from-env reads them (with its NO_PROXY rules: exact host,
// `.suffix` or `*.suffix`, optional `:port`, `*` for everything) and https-proxy-agent opens the
// CONNECT tunnel. TLS to Cloudflare always runs end to end inside the tunnel and is verified as
// usual; `http.proxyStrictSSL: false` relaxes only the check of an https:// proxy's own
// certificate, which is what the setting describes ("whether the proxy server certificate should
// be verified"), and never the API's.
import { HttpsProxyAgent } from "https-proxy-agent";
import type { Agent } from "node:http";
import { getProxyForUrl } from "proxy-from-env";
import type { Fetch, FetchRequestInit, FetchResponse } from "./http";

export const PROXY_SUPPORT_VALUES = ["override", "fallback", "on", "off"] as const;
/** `http.proxySupport`: whether VS Code's proxy resolver handles extensions' requests. */
export type ProxySupport = (typeof PROXY_SUPPORT_VALUES)[number];

export interface ProxySettings {
  readonly support: ProxySupport;
  /** `http.proxyStrictSSL` (default true): verify an https:// proxy's certificate. */
  readonly strictSSL: boolean;
}

export const DEFAULT_PROXY_SETTINGS: ProxySettings = { support: "override", strictSSL: true };

export type ProxyRoute =
  /** VS Code's proxy resolver routes the request (any `http.proxySupport` but "off"). */
  | { readonly via: "vscode" }
  | { readonly via: "direct"; readonly reason: "loopback" | "no proxy in the environment" }
  | { readonly via: "proxy"; readonly proxyUrl: string };

/** Thrown for a proxy we cannot use, rather than silently going around it. */
export class UnsupportedProxyError extends Error {
  readonly code = "ERR_UNSUPPORTED_PROXY";
  constructor(proxyUrl: string) {
    super(`The proxy in the environment (${redactProxyUrl(proxyUrl)}) is not an http:// or https:// proxy. With http.proxySupport "off", only those can be used; set http.proxySupport to "override" to let VS Code handle it.`);
    this.name = "UnsupportedProxyError";
  }
}

/** Hosts that are this machine: a proxy elsewhere cannot reach them, so never send them there. */
function isLoopback(hostname: string): boolean {
  const host = hostname.replace(/^\[|\]$/g, "").toLowerCase();
  return host === "localhost" || host.endsWith(".localhost") || host === "::1" || /^127(?:\.\d{1,3}){3}$/.test(host);
}

/** Throws UnsupportedProxyError when the environment names a proxy that is not http(s)://. */
export function proxyRoute(url: string, settings: ProxySettings): ProxyRoute {
  if (settings.support !== "off") {
    return { via: "vscode" };
  }
  if (isLoopback(new URL(url).hostname)) {
    return { via: "direct", reason: "loopback" };
  }
  const proxyUrl = getProxyForUrl(url);
  return proxyUrl ? { via: "proxy", proxyUrl: parseProxyUrl(proxyUrl).href } : { via: "direct", reason: "no proxy in the environment" };
}

/** The proxy URL without its user name and password, for messages and the log. */
export function redactProxyUrl(proxyUrl: string): string {
  try {
    const parsed = new URL(proxyUrl);
    return `${parsed.protocol}//${parsed.username || parsed.password ? "…@" : ""}${parsed.host}`;
  } catch {
    return "an unreadable URL";
  }
}

/**
 * Hands out the agent for each request: none when VS Code routes it or it goes direct, else one
 * HttpsProxyAgent per proxy and setting (kept, so tunnels' keep-alive connections are reused).
 */
export class ProxyAgents {
  private readonly agents = new Map<string, Agent>();

  agentFor(url: string, settings: ProxySettings): Agent | undefined {
    const route = proxyRoute(url, settings);
    if (route.via !== "proxy") {
      return undefined;
    }
    const proxy = new URL(route.proxyUrl);
    const key = `${settings.strictSSL}|${proxy.href}`;
    let agent = this.agents.get(key);
    if (!agent) {
      // These options shape only the connection to the proxy; the request's own TLS options
      // (default: verify Cloudflare's certificate) apply to the tunnelled connection.
      agent = new HttpsProxyAgent(proxy, { keepAlive: true, rejectUnauthorized: settings.strictSSL });
      this.agents.set(key, agent);
    }
    return agent;
  }

  /** Closes the tunnels kept alive (on a settings change, and when the extension stops). */
  clear(): void {
    for (const agent of this.agents.values()) {
      agent.destroy();
    }
    this.agents.clear();
  }
}

/** A fetch that takes a Node agent per request, as node-fetch does. */
export type AgentFetch = (url: string, init: FetchRequestInit & { agent?: Agent }) => Promise<FetchResponse>;

/** `fetch` with the agent `agents` gives for each URL under the settings of the moment. */
export function fetchThroughProxies(fetch: AgentFetch, settings: () => ProxySettings, agents: ProxyAgents): Fetch {
  return async (url, init) => {
    const agent = agents.agentFor(url, settings());
    return fetch(url, agent ? { ...init, agent } : init);
  };
}

/** One line for the log: who routes requests to `url`, and where to. */
export function describeProxyRoute(url: string, settings: ProxySettings): string {
  const route = proxyRoute(url, settings);
  const host = new URL(url).host;
  switch (route.via) {
    case "vscode":
      return `http.proxySupport is "${settings.support}": VS Code's proxy support routes requests to ${host} (http.proxy, http.noProxy, HTTPS_PROXY, NO_PROXY, system proxy)`;
    case "direct":
      return `http.proxySupport is "off": requests to ${host} go direct (${route.reason})`;
    case "proxy":
      return `http.proxySupport is "off": requests to ${host} go through ${redactProxyUrl(route.proxyUrl)} from the environment${settings.strictSSL ? "" : " (http.proxyStrictSSL is off: an https proxy's certificate is not verified)"}`;
  }
}

function parseProxyUrl(proxyUrl: string): URL {
  let parsed: URL;
  try {
    parsed = new URL(proxyUrl);
  } catch {
    throw new UnsupportedProxyError(proxyUrl);
  }
  if (parsed.protocol !== "http:" && parsed.protocol !== "https:") {
    throw new UnsupportedProxyError(proxyUrl);
  }
  return parsed;
}
