import assert from "node:assert/strict";
import { createServer } from "node:net";
import { startSandbox } from "../../support/cloudflareSandbox";
import { waitFor } from "../../support/asyncAssertions";

async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, "127.0.0.1", resolve));
  const address = probe.address();
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  if (address === null || typeof address === "string") {
    throw new Error("no port");
  }
  return address.port;
}

suite("sandbox: lifecycle and recording", () => {
  test("binds 127.0.0.1 on a free port and serves under /client/v4", async () => {
    const sandbox = await startSandbox();
    try {
      assert.match(sandbox.baseUrl, /^http:\/\/127\.0\.0\.1:\d+\/client\/v4$/);
      const port = Number(new URL(sandbox.baseUrl).port);
      assert.ok(port > 0);
    } finally {
      await sandbox.close();
    }
  });

  test("listens on the port it is given", async () => {
    const port = await freePort();
    const sandbox = await startSandbox({ port });
    try {
      assert.equal(sandbox.baseUrl, `http://127.0.0.1:${port}/client/v4`);
    } finally {
      await sandbox.close();
    }
  });

  test("close() returns promptly with a hanging request and a slow one outstanding, and the clients see the connection end", async () => {
    const sandbox = await startSandbox();
    sandbox.addApiToken("t");
    sandbox.injectFault({ kind: "hang" }, { path: /^\/accounts$/ });
    sandbox.injectFault({ kind: "latency", ms: 600_000 }, { path: /^\/zones$/ });
    const headers = { authorization: "Bearer t" };
    // Settle each fetch into its outcome at once, so no rejection waits unhandled while close() runs.
    const outcome = (response: Promise<Response>): Promise<unknown> => response.then(() => "answered", (error: unknown) => error);
    const hanging = outcome(fetch(`${sandbox.baseUrl}/accounts`, { headers }));
    const slow = outcome(fetch(`${sandbox.baseUrl}/zones`, { headers }));
    await waitFor("both requests to arrive", () => sandbox.requests.length === 2);
    await sandbox.close();
    assert.ok((await hanging) instanceof TypeError);
    assert.ok((await slow) instanceof TypeError);
    await assert.rejects(fetch(`${sandbox.baseUrl}/accounts`, { headers }), TypeError);
    await sandbox.close(); // a second close is harmless
  });

  test("records every request in arrival order: method, path without prefix and query, query, headers, body, times", async () => {
    const lines: string[] = [];
    const sandbox = await startSandbox({ log: (line) => lines.push(line) });
    try {
      sandbox.addApiToken("t");
      const account = sandbox.addAccount({ name: "Recorded" });
      await fetch(`${sandbox.baseUrl}/zones?account.id=${account.id}&page=1`, { headers: { authorization: "Bearer t", "X-Custom": "yes" } });
      await fetch(`${sandbox.baseUrl}/accounts/${account.id}/access/certificates`, {
        method: "POST",
        headers: { authorization: "Bearer t", "content-type": "application/json" },
        body: JSON.stringify({ name: "n" }),
      });
      await fetch(`${sandbox.baseUrl}/accounts/${account.id}/access/certificates`, {
        method: "POST",
        headers: { authorization: "Bearer t", "content-type": "text/plain" },
        body: "plain text",
      });
      const [zones, post, plain] = sandbox.requests;
      assert.equal(sandbox.requests.length, 3);
      assert.equal(zones?.method, "GET");
      assert.equal(zones?.path, "/zones");
      assert.deepEqual(zones?.query, { "account.id": account.id, page: "1" });
      assert.equal(zones?.headers["x-custom"], "yes");
      assert.equal(zones?.headers["authorization"], "Bearer t");
      assert.equal(zones?.body, undefined);
      assert.ok(zones && zones.finishedAt !== undefined && zones.finishedAt >= zones.startedAt);
      assert.equal(post?.method, "POST");
      assert.equal(post?.path, `/accounts/${account.id}/access/certificates`);
      assert.deepEqual(post?.body, { name: "n" });
      assert.equal(plain?.body, "plain text");
      assert.ok(post && zones && post.startedAt >= (zones.finishedAt ?? Infinity));
      await waitFor("three log lines", () => lines.length === 3);
      assert.match(lines[0] ?? "", /^GET \/zones\?account\.id=[0-9a-f]{32}&page=1 → 200 \(\d+ ms\)$/);
      assert.match(lines[1] ?? "", /^POST \/accounts\/[0-9a-f]{32}\/access\/certificates → 400/);
    } finally {
      await sandbox.close();
    }
  });

  test("latencyMs and setLatency delay every answer by at least that long", async () => {
    const sandbox = await startSandbox({ latencyMs: 40 });
    try {
      await fetch(`${sandbox.baseUrl}/accounts`);
      sandbox.setLatency(0);
      await fetch(`${sandbox.baseUrl}/accounts`);
      sandbox.setLatency(30);
      await fetch(`${sandbox.baseUrl}/accounts`);
      const [first, , third] = sandbox.requests;
      assert.ok(first?.finishedAt !== undefined && first.finishedAt - first.startedAt >= 39);
      assert.ok(third?.finishedAt !== undefined && third.finishedAt - third.startedAt >= 29);
      assert.throws(() => sandbox.setLatency(-5), /latency/);
    } finally {
      await sandbox.close();
    }
  });

  test("setup helpers refuse what cannot exist", async () => {
    const sandbox = await startSandbox();
    try {
      assert.throws(() => sandbox.addZone("0123456789abcdef0123456789abcdef", { name: "x.com" }), /no account/);
      const account = sandbox.addAccount({ name: "A" });
      assert.throws(() => sandbox.addAccount({ id: account.id, name: "B" }), /already exists/);
      assert.throws(() => sandbox.setAssociations(account.id, "missing", []), /no mTLS certificate/);
      assert.throws(() => sandbox.hostnameSettings({ kind: "zones", id: "missing" }), /no zone/);
    } finally {
      await sandbox.close();
    }
  });

  test("records are copies: changing one does not change the sandbox", async () => {
    const sandbox = await startSandbox({ seed: "demo" });
    try {
      const [account] = sandbox.accounts();
      assert.ok(account);
      const [record] = sandbox.mtlsCertificates(account.id);
      assert.ok(record);
      (record.associations as { service: string; status: string }[]).push({ service: "x", status: "y" });
      assert.notEqual(sandbox.mtlsCertificates(account.id)[0]?.associations.length, record.associations.length);
    } finally {
      await sandbox.close();
    }
  });
});
