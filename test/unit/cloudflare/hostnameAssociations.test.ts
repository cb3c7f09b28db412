// Hostname associations over HTTP against the sandbox: the managed CA's hostnames and a BYO CA's,
// what is sent for each, the refusals, and the answers the client will not take.
import assert from "node:assert/strict";
import { CloudflareApiError } from "../../../src/cloudflare/errors";
import { deleteMtlsCertificate, listMtlsCertificateAssociations } from "../../../src/cloudflare/mtlsCertificates";
import { getHostnameAssociations, hostnameProblem, MANAGED_CA, normalizeHostname, replaceHostnameAssociations } from "../../../src/cloudflare/hostnameAssociations";
import { ErrorCodes, type SandboxZone } from "../../support/cloudflareSandbox";
import { makeCa } from "../../support/makeCertificates";
import { useSandbox } from "./sandboxFixture";

suite("hostnameAssociations (sandbox)", () => {
  const fixture = useSandbox();
  let zone: SandboxZone;

  setup(() => {
    const { sandbox, account } = fixture();
    zone = sandbox.addZone(account.id, { name: "example.com" });
  });

  test("the managed CA: get and replace send no mtls_certificate_id; [] clears", async () => {
    const { client, sandbox } = fixture();
    assert.deepEqual(await getHostnameAssociations(client(), zone.id), { hostnames: [] });
    assert.deepEqual(sandbox.requests.at(-1)?.query, {});
    const replaced = await replaceHostnameAssociations(client(), zone.id, MANAGED_CA, ["api.example.com", "admin.example.com"]);
    assert.deepEqual(replaced, { hostnames: ["api.example.com", "admin.example.com"] });
    assert.deepEqual(sandbox.requests.at(-1)?.body, { hostnames: ["api.example.com", "admin.example.com"] });
    assert.deepEqual(await getHostnameAssociations(client(), zone.id, MANAGED_CA), replaced);
    assert.deepEqual(await replaceHostnameAssociations(client(), zone.id, MANAGED_CA, []), { hostnames: [] });
  });

  test("a BYO CA: its id goes in the query and the body; while associated, deleting it is refused", async () => {
    const { client, sandbox, account } = fixture();
    const ca = sandbox.addMtlsCertificate(account.id, { certificates: (await makeCa()).pem, ca: true });
    const byo = { kind: "mtlsCertificate", mtlsCertificateId: ca.id } as const;
    await replaceHostnameAssociations(client(), zone.id, byo, ["mtls.example.com"]);
    assert.deepEqual(sandbox.requests.at(-1)?.body, { hostnames: ["mtls.example.com"], mtls_certificate_id: ca.id });
    assert.deepEqual(await getHostnameAssociations(client(), zone.id, byo), { hostnames: ["mtls.example.com"] });
    assert.equal(sandbox.requests.at(-1)?.query.mtls_certificate_id, ca.id);
    assert.deepEqual(await getHostnameAssociations(client(), zone.id, MANAGED_CA), { hostnames: [] });

    assert.equal((await listMtlsCertificateAssociations(client(), account.id, ca.id)).length, 1);
    const refused = await deleteMtlsCertificate(client(), account.id, ca.id).catch((error: unknown) => error);
    assert.ok(refused instanceof CloudflareApiError);
    assert.ok(refused.hasCode(ErrorCodes.mtlsCertificateInUse.code));
    await replaceHostnameAssociations(client(), zone.id, byo, []);
    await deleteMtlsCertificate(client(), account.id, ca.id);
  });

  test("refusals come back with Cloudflare's message: a hostname outside the zone, a malformed id", async () => {
    const { client } = fixture();
    const outside = await replaceHostnameAssociations(client(), zone.id, MANAGED_CA, ["api.example.org"]).catch((error: unknown) => error);
    assert.ok(outside instanceof CloudflareApiError);
    assert.ok(outside.hasCode(ErrorCodes.hostnameAssociationOutsideZone.code));
    assert.match(outside.message, /api\.example\.org/);
    const malformed = await getHostnameAssociations(client(), zone.id, { kind: "mtlsCertificate", mtlsCertificateId: "0123456789abcdef0123456789abcdef" }).catch((error: unknown) => error);
    assert.ok(malformed instanceof CloudflareApiError);
    assert.ok(malformed.hasCode(ErrorCodes.hostnameAssociationInvalidCertificateId.code));
  });

  test("a result without hostnames reads as empty; one with something else is an invalid response", async () => {
    // The sandbox always answers well; these shapes come from a stand-in fetch.
    const answer = (result: unknown) =>
      fixture().client({
        fetch: () => Promise.resolve(new Response(JSON.stringify({ success: true, errors: [], messages: [], result }), { status: 200, headers: { "content-type": "application/json" } })),
      });
    assert.deepEqual(await getHostnameAssociations(answer({}), zone.id), { hostnames: [] });
    assert.deepEqual(await getHostnameAssociations(answer({ hostnames: null }), zone.id), { hostnames: [] });
    for (const result of [[], { hostnames: "api.example.com" }, { hostnames: [1] }]) {
      const error = await getHostnameAssociations(answer(result), zone.id).catch((caught: unknown) => caught);
      assert.ok(error instanceof CloudflareApiError, JSON.stringify(result));
      assert.equal(error.kind, "invalidResponse", JSON.stringify(result));
    }
  });

  test("hostnameProblem checks input as the sandbox does: what one accepts, the other accepts", async () => {
    const { client } = fixture();
    const candidates = ["api.example.com", "Example.com", "*.dev.example.com", " admin.example.com ", "bücher.example.com", "example.org", "badexample.com", "exa mple.example.com", "-a.example.com", "a..example.com", "api.example.com.", "com", `${"a".repeat(64)}.example.com`, ""];
    for (const candidate of candidates) {
      const problem = hostnameProblem(candidate, "example.com");
      const normalized = normalizeHostname(candidate);
      const accepted = await replaceHostnameAssociations(client(), zone.id, MANAGED_CA, [normalized ?? candidate]).then(
        () => true,
        () => false,
      );
      assert.equal(problem === undefined, accepted, `${JSON.stringify(candidate)}: ${problem ?? "no problem"}`);
    }
    assert.equal(normalizeHostname(" API.Example.com "), "api.example.com");
    assert.equal(normalizeHostname("bücher.example.com"), "xn--bcher-kva.example.com");
    assert.equal(normalizeHostname("*.Dev.example.com"), "*.dev.example.com");
    assert.match(hostnameProblem("example.org", "example.com") ?? "", /not in the zone example\.com/);
    assert.match(hostnameProblem("exa mple.example.com", "example.com") ?? "", /not a valid hostname/);
    assert.match(hostnameProblem(" ", "example.com") ?? "", /Enter a hostname/);
  });
});
