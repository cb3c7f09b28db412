// src/cloudflare/proxy.ts in plain Node: which route a request takes for each http.proxySupport
// value and environment, and the agent for "off" over real sockets: a CONNECT proxy on 127.0.0.1
// (plain and over TLS) in front of the sandbox served over TLS with a test CA. The sandbox's name
// resolves only at the proxy, so a request that went around it fails.
import assert from "node:assert/strict";
import type { Agent } from "node:http";
import { get as httpsGet } from "node:https";
import {
  DEFAULT_PROXY_SETTINGS,
  fetchThroughProxies,
  ProxyAgents,
  proxyRoute,
  UnsupportedProxyError,
  type AgentFetch,
  type ProxySettings,
  type ProxySupport,
} from "../../../src/cloudflare/proxy";
import { startSandbox, type CloudflareSandbox } from "../../support/cloudflareSandbox";
import { makeTlsIdentity, serveOverTls, type TlsIdentity, type TlsSandbox } from "../../support/cloudflareSandbox/tlsServer";
import { startConnectProxy, type ConnectProxy } from "../../support/connectProxy";
import { rejection } from "../../support/asyncAssertions";

const PROXY_VARIABLES = ["HTTPS_PROXY", "https_proxy", "HTTP_PROXY", "http_proxy", "ALL_PROXY", "all_proxy", "NO_PROXY", "no_proxy"] as const;
const SANDBOX_HOST = "cloudflare-sandbox.test";
const API = "https://api.cloudflare.com/client/v4/user/tokens/verify";
const OFF: ProxySettings = { support: "off", strictSSL: true };

/** Runs each test with none of the proxy variables set, whatever the machine has. */
function cleanProxyEnvironment(): void {
  const saved = new Map<string, string | undefined>();
  setup(() => {
    for (const name of PROXY_VARIABLES) {
      saved.set(name, process.env[name]);
      delete process.env[name];
    }
  });
  teardown(() => {
    for (const [name, value] of saved) {
      if (value === undefined) {
        delete process.env[name];
      } else {
        process.env[name] = value;
      }
    }
  });
}

interface Answer {
  readonly status: number;
  readonly body: string;
}

/** GET with Node's https and the given agent, trusting `ca` for the server's certificate. */
function getThrough(url: string, agent: Agent | undefined, ca?: string): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const request = httpsGet(url, { agent, ca, headers: { authorization: "Bearer proxy-unit-token" }, timeout: 5000 }, (response) => {
      let body = "";
      response.setEncoding("utf8");
      response.on("data", (chunk: string) => (body += chunk));
      response.on("end", () => resolve({ status: response.statusCode ?? 0, body }));
      response.on("error", reject);
    });
    request.on("timeout", () => request.destroy(new Error("timed out")));
    request.on("error", reject);
  });
}

suite("proxy routes", () => {
  cleanProxyEnvironment();

  for (const support of ["override", "fallback", "on"] satisfies ProxySupport[]) {
    test(`http.proxySupport "${support}": VS Code's resolver routes the request, so no agent of ours`, () => {
      process.env.HTTPS_PROXY = "http://proxy.example:3128";
      assert.deepEqual(proxyRoute(API, { support, strictSSL: true }), { via: "vscode" });
      assert.equal(new ProxyAgents().agentFor(API, { support, strictSSL: true }), undefined);
    });
  }

  test("VS Code's default is \"override\", strict", () => {
    assert.deepEqual(DEFAULT_PROXY_SETTINGS, { support: "override", strictSSL: true });
  });

  test('"off" with no proxy in the environment: direct', () => {
    assert.deepEqual(proxyRoute(API, OFF), { via: "direct", reason: "no proxy in the environment" });
  });

  test('"off": HTTPS_PROXY, https_proxy, then ALL_PROXY name the proxy for an https URL', () => {
    process.env.ALL_PROXY = "http://all.example:1080";
    assert.deepEqual(proxyRoute(API, OFF), { via: "proxy", proxyUrl: "http://all.example:1080/" });
    process.env.HTTPS_PROXY = "http://upper.example:3128";
    assert.deepEqual(proxyRoute(API, OFF), { via: "proxy", proxyUrl: "http://upper.example:3128/" });
    process.env.https_proxy = "http://lower.example:3128";
    assert.deepEqual(proxyRoute(API, OFF), { via: "proxy", proxyUrl: "http://lower.example:3128/" }, "the lower-case variable wins, as for curl");
    process.env.HTTP_PROXY = "http://plain.example:3128";
    assert.deepEqual(proxyRoute(API, OFF), { via: "proxy", proxyUrl: "http://lower.example:3128/" }, "HTTP_PROXY is for http:// URLs only");
  });

  test('"off": this machine is never sent to a proxy', () => {
    process.env.HTTPS_PROXY = "http://proxy.example:3128";
    for (const url of ["https://127.0.0.1:8443/client/v4", "https://127.0.0.3/x", "https://localhost:1/x", "https://sandbox.localhost/x", "https://[::1]:8443/x", "http://127.0.0.1:4000/client/v4"]) {
      assert.deepEqual(proxyRoute(url, OFF), { via: "direct", reason: "loopback" }, url);
    }
  });

  test('"off": NO_PROXY by exact host, .suffix, *.suffix, host:port and *', () => {
    process.env.HTTPS_PROXY = "http://proxy.example:3128";
    const via = (url: string) => proxyRoute(url, OFF).via;
    process.env.NO_PROXY = "api.cloudflare.com";
    assert.equal(via(API), "direct");
    assert.equal(via("https://dash.cloudflare.com/"), "proxy");
    process.env.NO_PROXY = ".cloudflare.com";
    assert.equal(via(API), "direct");
    process.env.NO_PROXY = "*.cloudflare.com";
    assert.equal(via(API), "direct");
    assert.equal(via("https://cloudflare.example/"), "proxy");
    process.env.NO_PROXY = "api.cloudflare.com:8443";
    assert.equal(via(API), "proxy", "another port is not excluded");
    assert.equal(via("https://api.cloudflare.com:8443/"), "direct");
    process.env.NO_PROXY = "example.org, api.cloudflare.com";
    assert.equal(via(API), "direct", "a list, with spaces");
    process.env.no_proxy = "*";
    assert.equal(via(API), "direct", "no_proxy (lower case wins) * excludes everything");
  });

  test('"off": a SOCKS or unreadable proxy is refused with a clear error, not gone around, and its password stays out', () => {
    process.env.HTTPS_PROXY = "socks5://user:s3cret-pass@proxy.example:1080";
    const error = (() => {
      try {
        proxyRoute(API, OFF);
      } catch (thrown) {
        return thrown;
      }
      return undefined;
    })();
    assert.ok(error instanceof UnsupportedProxyError, String(error));
    assert.equal(error.code, "ERR_UNSUPPORTED_PROXY");
    assert.match(error.message, /socks5:\/\/…@proxy\.example:1080/);
    assert.match(error.message, /http\.proxySupport to "override"/);
    assert.doesNotMatch(error.message, /s3cret-pass|user/);
  });
});

suite("fetchThroughProxies", () => {
  cleanProxyEnvironment();

  function recordingFetch(): { fetch: AgentFetch; agents: (Agent | undefined)[] } {
    const agents: (Agent | undefined)[] = [];
    return {
      agents,
      fetch: (_url, init) => {
        agents.push(init.agent);
        return Promise.resolve({ status: 200, headers: { get: () => null }, text: () => Promise.resolve("{}") });
      },
    };
  }

  const init = () => ({ method: "GET", headers: {}, signal: new AbortController().signal, redirect: "manual" as const });

  test("passes no agent while VS Code routes, one kept agent per proxy under \"off\", and follows a change of setting at once", async () => {
    process.env.HTTPS_PROXY = "http://proxy.example:3128";
    const recording = recordingFetch();
    let settings: ProxySettings = DEFAULT_PROXY_SETTINGS;
    const agents = new ProxyAgents();
    const fetch = fetchThroughProxies(recording.fetch, () => settings, agents);
    await fetch(API, init());
    settings = OFF;
    await fetch(API, init());
    await fetch(API, init());
    settings = { support: "off", strictSSL: false };
    await fetch(API, init());
    assert.equal(recording.agents[0], undefined);
    assert.ok(recording.agents[1], "an agent under off");
    assert.equal(recording.agents[2], recording.agents[1], "the same agent again, so tunnels are reused");
    assert.ok(recording.agents[3] && recording.agents[3] !== recording.agents[1], "another agent for another proxyStrictSSL");
    agents.clear();
  });

  test("a proxy that cannot be used rejects the request instead of sending it direct", async () => {
    process.env.HTTPS_PROXY = "socks5://proxy.example:1080";
    const recording = recordingFetch();
    const error = await rejection(fetchThroughProxies(recording.fetch, () => OFF, new ProxyAgents())(API, init()));
    assert.ok(error instanceof UnsupportedProxyError);
    assert.deepEqual(recording.agents, [], "nothing was sent");
  });
});

suite("the \"off\" agent over a real CONNECT proxy and the sandbox over TLS", () => {
  cleanProxyEnvironment();
  let identity: TlsIdentity | undefined;
  let proxyIdentity: TlsIdentity | undefined;
  let sandbox: CloudflareSandbox | undefined;
  let front: TlsSandbox | undefined;
  const proxies: ConnectProxy[] = [];
  const agents = new ProxyAgents();

  suiteSetup(async () => {
    identity = await makeTlsIdentity([SANDBOX_HOST]);
    // The proxy's own certificate, from another CA that nothing here trusts.
    proxyIdentity = await makeTlsIdentity(["127.0.0.1"]);
    sandbox = await startSandbox();
    sandbox.addApiToken("proxy-unit-token");
    front = await serveOverTls(sandbox, { hostname: SANDBOX_HOST, identity });
  });

  teardown(async () => {
    agents.clear();
    await Promise.all(proxies.splice(0).map((proxy) => proxy.close()));
  });

  suiteTeardown(async () => {
    await front?.close();
    await sandbox?.close();
  });

  const ready = () => {
    if (!identity || !proxyIdentity || !sandbox || !front) {
      throw new Error("not set up");
    }
    return { identity, proxyIdentity, sandbox, front };
  };

  async function proxy(tls?: TlsIdentity): Promise<ConnectProxy> {
    const started = await startConnectProxy({ resolve: { [SANDBOX_HOST]: "127.0.0.1" }, tls });
    proxies.push(started);
    return started;
  }

  const verifyUrl = () => `${ready().front.baseUrl}/user/tokens/verify`;

  function assertTunnelled(connectProxy: ConnectProxy, connectionsBefore: number): void {
    const { front: tlsFront } = ready();
    const tunnelPorts = new Set(connectProxy.tunnels.map((tunnel) => tunnel.upstreamPort));
    const connections = tlsFront.connections.slice(connectionsBefore);
    assert.ok(connections.length > 0, "the sandbox saw a connection");
    assert.ok(
      connections.every((connection) => tunnelPorts.has(connection.remotePort)),
      "every connection to the sandbox came through a tunnel",
    );
    assert.deepEqual([...new Set(connectProxy.targets())], [`${SANDBOX_HOST}:${new URL(tlsFront.baseUrl).port}`]);
  }

  test("HTTPS_PROXY: the request is tunnelled, and TLS to the API is verified end to end inside the tunnel", async () => {
    const { identity: tls, front: tlsFront, sandbox: server } = ready();
    const connectProxy = await proxy();
    process.env.HTTPS_PROXY = connectProxy.url;
    const before = tlsFront.connections.length;
    const answer = await getThrough(verifyUrl(), agents.agentFor(verifyUrl(), OFF), tls.caPem);
    assert.equal(answer.status, 200, answer.body);
    assert.equal((JSON.parse(answer.body) as { success: boolean }).success, true);
    assert.equal(server.requests.at(-1)?.path, "/user/tokens/verify");
    assertTunnelled(connectProxy, before);
    assert.deepEqual(connectProxy.refused, []);
  });

  test("without a trusted CA for the API the tunnelled request fails: the proxy hop changes nothing about the API's certificate", async () => {
    const connectProxy = await proxy();
    process.env.HTTPS_PROXY = connectProxy.url;
    const error = await rejection(getThrough(verifyUrl(), agents.agentFor(verifyUrl(), { support: "off", strictSSL: false })));
    assert.match(String((error as NodeJS.ErrnoException).code), /UNABLE_TO_VERIFY_LEAF_SIGNATURE|SELF_SIGNED|UNABLE_TO_GET_ISSUER/);
    assert.equal(connectProxy.tunnels.length, 1, "it did go through the proxy");
  });

  test("the name resolves only at the proxy: without HTTPS_PROXY the request goes direct and fails", async () => {
    const { identity: tls } = ready();
    assert.equal(agents.agentFor(verifyUrl(), OFF), undefined);
    const error = await rejection(getThrough(verifyUrl(), undefined, tls.caPem));
    assert.match(String((error as NodeJS.ErrnoException).code), /ENOTFOUND|EAI_AGAIN/);
  });

  test("NO_PROXY covering the host: no agent, so the request goes direct (and fails here: the name resolves only at the proxy)", async () => {
    const { identity: tls } = ready();
    const connectProxy = await proxy();
    process.env.HTTPS_PROXY = connectProxy.url;
    process.env.NO_PROXY = ".test";
    const agent = agents.agentFor(verifyUrl(), OFF);
    assert.equal(agent, undefined);
    const error = await rejection(getThrough(verifyUrl(), agent, tls.caPem));
    assert.match(String((error as NodeJS.ErrnoException).code), /ENOTFOUND|EAI_AGAIN/);
    assert.equal(connectProxy.tunnels.length, 0);
  });

  test("an https:// proxy's own certificate is verified by default (http.proxyStrictSSL true)", async () => {
    const { identity: tls, proxyIdentity: proxyTls } = ready();
    const connectProxy = await proxy(proxyTls);
    process.env.HTTPS_PROXY = connectProxy.url;
    const error = await rejection(getThrough(verifyUrl(), agents.agentFor(verifyUrl(), OFF), tls.caPem));
    assert.match(String((error as NodeJS.ErrnoException).code), /UNABLE_TO_VERIFY_LEAF_SIGNATURE|SELF_SIGNED|UNABLE_TO_GET_ISSUER/);
    assert.equal(connectProxy.tunnels.length, 0, "no CONNECT was sent to an unverified proxy");
  });

  test("http.proxyStrictSSL false accepts the https:// proxy's certificate, and still verifies the API's", async () => {
    const { identity: tls, proxyIdentity: proxyTls, front: tlsFront } = ready();
    const connectProxy = await proxy(proxyTls);
    process.env.HTTPS_PROXY = connectProxy.url;
    const relaxed: ProxySettings = { support: "off", strictSSL: false };
    const before = tlsFront.connections.length;
    const answer = await getThrough(verifyUrl(), agents.agentFor(verifyUrl(), relaxed), tls.caPem);
    assert.equal(answer.status, 200, answer.body);
    assertTunnelled(connectProxy, before);
    const error = await rejection(getThrough(verifyUrl(), agents.agentFor(verifyUrl(), relaxed)));
    assert.match(String((error as NodeJS.ErrnoException).code), /UNABLE_TO_VERIFY_LEAF_SIGNATURE|SELF_SIGNED|UNABLE_TO_GET_ISSUER/, "the API's certificate is checked as ever");
  });
});
