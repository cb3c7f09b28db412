// Proxies, in the real extension host: the sandbox served over https (a certificate from the test
// CA the runner made this host trust), a CONNECT proxy on 127.0.0.1 that records its tunnels, and
// the extension signing in and listing through the real commands and tree. A request went through
// the proxy when the TLS connection it came on was opened by one of the proxy's tunnels, so
// "every request went through the proxy" is checked on every connection the sandbox's TLS front
// accepted. The proxied sandbox's name resolves only at the proxy: going around it fails.
//
// With http.proxySupport "override" (the default), "fallback" or "on", VS Code's own proxy
// resolver routes the requests (the extension passes no agent); with "off", the extension routes
// them by HTTPS_PROXY / NO_PROXY alone (src/cloudflare/proxy.ts).
import assert from "node:assert/strict";
import * as vscode from "vscode";
import type { TestApi } from "../../src/extension";
import { activateExtensionUnderTest } from "../harness/extensionUnderTest";
import { TLS_SANDBOX_HOSTS, tlsServerIdentity } from "../harness/integrationEnvironment";
import { startSandbox, type CloudflareSandbox, type SandboxAccount } from "../support/cloudflareSandbox";
import { serveOverTls, type TlsSandbox } from "../support/cloudflareSandbox/tlsServer";
import { startConnectProxy, type ConnectProxy } from "../support/connectProxy";
import { makeCa } from "../support/makeCertificates";
import { newApiToken, pointExtensionAt, requestsSince, signInWithToken, signOut, waitFor } from "./support/sandboxSuite";
import { nodeAt, shownChildren } from "./support/treeWalk";

type ProxySupport = "override" | "fallback" | "on" | "off";

/** Sets a user setting and waits until this extension host reads it back. */
async function setHttpSetting(key: "proxy" | "proxySupport", value: string | undefined): Promise<void> {
  await vscode.workspace.getConfiguration("http").update(key, value, vscode.ConfigurationTarget.Global);
  const expected = value ?? vscode.workspace.getConfiguration("http").inspect<string>(key)?.defaultValue;
  await waitFor(`http.${key} to read ${String(expected)}`, () => (vscode.workspace.getConfiguration("http").get<string>(key) === expected ? true : undefined));
}

/** Where each TLS connection to the sandbox came from: a proxy tunnel, or straight from the client. */
function connectionOrigins(front: TlsSandbox, proxy: ConnectProxy): { tunnelled: number; direct: number } {
  const tunnelPorts = new Set(proxy.tunnels.map((tunnel) => tunnel.upstreamPort));
  const tunnelled = front.connections.filter((connection) => tunnelPorts.has(connection.remotePort)).length;
  return { tunnelled, direct: front.connections.length - tunnelled };
}

suite("proxies: requests honour http.proxy, http.proxySupport and NO_PROXY", () => {
  let api: TestApi | undefined;
  let sandbox: CloudflareSandbox | undefined;
  let account: SandboxAccount | undefined;
  let proxy: ConnectProxy | undefined;
  const fronts: TlsSandbox[] = [];
  const token = newApiToken("proxy");
  let previous: { apiBaseUrl?: string; proxy?: string; proxySupport?: string } = {};
  const environment = { HTTPS_PROXY: process.env.HTTPS_PROXY, https_proxy: process.env.https_proxy };

  suiteSetup(async () => {
    api = await activateExtensionUnderTest();
    const http = vscode.workspace.getConfiguration("http");
    previous = {
      apiBaseUrl: vscode.workspace.getConfiguration("cloudflareMtls").inspect<string>("apiBaseUrl")?.globalValue,
      proxy: http.inspect<string>("proxy")?.globalValue,
      proxySupport: http.inspect<string>("proxySupport")?.globalValue,
    };
    sandbox = await startSandbox();
    sandbox.addApiToken(token, { owner: "user", permissions: "edit" });
    account = sandbox.addAccount({ name: "Proxy Account" });
    const ca = await makeCa({ commonName: "Proxy Test CA" });
    sandbox.addMtlsCertificate(account.id, { certificates: ca.pem, ca: true, name: "Proxy Test CA" });
    proxy = await startConnectProxy({ resolve: { [TLS_SANDBOX_HOSTS.proxied]: "127.0.0.1" } });
    await signOut(api);
  });

  teardown(async () => {
    if (api) {
      await signOut(api);
    }
    await setHttpSetting("proxy", previous.proxy);
    await setHttpSetting("proxySupport", previous.proxySupport);
    for (const [name, value] of Object.entries(environment)) {
      if (value === undefined) {
        delete process.env[name];
      } else {
        process.env[name] = value;
      }
    }
  });

  suiteTeardown(async () => {
    await pointExtensionAt(previous.apiBaseUrl);
    await Promise.all(fronts.map((front) => front.close()));
    await proxy?.close();
    await sandbox?.close();
  });

  const ready = () => {
    if (!api || !sandbox || !proxy || !account) {
      throw new Error("the proxy suite is not set up");
    }
    return { api, sandbox, proxy, account };
  };

  /** A fresh TLS front (a fresh port, so no connection is reused from an earlier test). */
  async function frontFor(hostname: string): Promise<TlsSandbox> {
    const listen = hostname === TLS_SANDBOX_HOSTS.proxied ? "127.0.0.1" : hostname;
    const front = await serveOverTls(ready().sandbox, { listen, hostname, identity: tlsServerIdentity() });
    fronts.push(front);
    return front;
  }

  /** Signs in through the command and lists the account's mTLS certificates in the tree. */
  async function signInAndList(front: TlsSandbox): Promise<void> {
    const { api: testApi, sandbox: server, account: seeded } = ready();
    const mark = server.requests.length;
    await pointExtensionAt(front.baseUrl);
    await signInWithToken(testApi, token);
    const certificates = await shownChildren(testApi, (await nodeAt(testApi, seeded.name, /^mTLS Certificates/)).node);
    assert.deepEqual(
      certificates.map((certificate) => certificate.label),
      ["Proxy Test CA"],
    );
    const paths = requestsSince(server, mark).map((request) => request.path);
    assert.ok(paths.includes("/user/tokens/verify"), `the sign-in reached the sandbox: ${paths.join(", ")}`);
    assert.ok(paths.includes(`/accounts/${seeded.id}/mtls_certificates`), `the list reached the sandbox: ${paths.join(", ")}`);
    assert.ok(front.connections.length > 0, "the sandbox's TLS front saw no connection");
  }

  function assertAllTunnelled(front: TlsSandbox, tunnelsBefore: number): void {
    const { proxy: tunnels } = ready();
    assert.deepEqual(connectionOrigins(front, tunnels), { tunnelled: front.connections.length, direct: 0 }, "every connection to the sandbox came through a proxy tunnel");
    assert.deepEqual([...new Set(tunnels.targets().slice(tunnelsBefore))], [`${TLS_SANDBOX_HOSTS.proxied}:${new URL(front.baseUrl).port}`], "the proxy was asked for the sandbox and nothing else");
    assert.deepEqual(tunnels.refused, [], "nothing asked the proxy for a plain request");
  }

  for (const support of ["override", "fallback", "on"] satisfies ProxySupport[]) {
    test(`http.proxy with http.proxySupport "${support}": sign-in and listing all go through the proxy`, async () => {
      const { proxy: tunnels } = ready();
      const front = await frontFor(TLS_SANDBOX_HOSTS.proxied);
      const tunnelsBefore = tunnels.tunnels.length;
      await setHttpSetting("proxySupport", support);
      await setHttpSetting("proxy", tunnels.url);
      await signInAndList(front);
      assertAllTunnelled(front, tunnelsBefore);
    });
  }

  test('http.proxySupport "off": HTTPS_PROXY from the environment carries sign-in and listing', async () => {
    const { proxy: tunnels } = ready();
    const front = await frontFor(TLS_SANDBOX_HOSTS.proxied);
    const tunnelsBefore = tunnels.tunnels.length;
    await setHttpSetting("proxySupport", "off");
    // VS Code reads its environment once, at start; with "off" it stands aside and the
    // extension reads HTTPS_PROXY itself, on each request.
    delete process.env.https_proxy;
    process.env.HTTPS_PROXY = tunnels.url;
    await signInAndList(front);
    assertAllTunnelled(front, tunnelsBefore);
  });

  test("a host in NO_PROXY is reached directly, though http.proxy is set", async () => {
    const { proxy: tunnels } = ready();
    const front = await frontFor(TLS_SANDBOX_HOSTS.noProxy);
    const tunnelsBefore = tunnels.tunnels.length;
    await setHttpSetting("proxy", tunnels.url);
    await signInAndList(front);
    assert.deepEqual(connectionOrigins(front, tunnels), { tunnelled: 0, direct: front.connections.length });
    assert.deepEqual(tunnels.targets().slice(tunnelsBefore), [], "the proxy was asked for nothing");
  });
});
