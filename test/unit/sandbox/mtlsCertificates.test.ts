import assert from "node:assert/strict";
import { webcrypto, X509Certificate } from "node:crypto";
import { days, makeCa, makeChain, makeKeys, makeLeaf, type MadeCertificate } from "../../support/makeCertificates";
import * as x509 from "@peculiar/x509";
import { startSandbox, type CloudflareSandbox, type SandboxAccount } from "../../support/cloudflareSandbox";
import { callSandbox, errorCodes, resultArray, resultObject } from "./callSandbox";

const TOKEN = "mtls-token";

suite("sandbox: account mTLS certificates", () => {
  let sandbox: CloudflareSandbox;
  let account: SandboxAccount;
  let ca: MadeCertificate;
  let leaf: MadeCertificate;

  suiteSetup(async () => {
    sandbox = await startSandbox();
    sandbox.addApiToken(TOKEN);
    ca = await makeCa({ subject: "C=US, ST=San Francisco, L=California, O=Example Inc., CN=Sandbox Test CA", notAfter: new Date("2122-10-29T16:59:47.250Z") });
    leaf = await makeLeaf(ca, { subject: "CN=client.example.com" });
  });

  setup(() => {
    account = sandbox.addAccount({ name: `Account ${Math.random()}` });
  });

  suiteTeardown(() => sandbox.close());

  const base = (): string => `/accounts/${account.id}/mtls_certificates`;
  const upload = (body: unknown) => callSandbox(sandbox, "POST", base(), { token: TOKEN, body });

  test("upload returns the certificate with the fields Cloudflare derives, checked against Node's X509Certificate", async () => {
    const answer = await upload({ ca: true, certificates: ca.pem, name: "example_ca_cert" });
    assert.equal(answer.status, 200);
    assert.equal(answer.envelope.success, true);
    const result = resultObject(answer);
    const node = new X509Certificate(ca.pem);
    assert.match(String(result["id"]), /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/, "a UUID, as Cloudflare's mTLS certificate ids are");
    assert.equal(result["ca"], true);
    assert.equal(result["name"], "example_ca_cert");
    assert.equal(result["certificates"], ca.pem);
    assert.equal(result["type"], "custom");
    assert.equal(result["serial_number"], BigInt(`0x${node.serialNumber}`).toString(10));
    assert.equal(result["expires_on"], "2122-10-29T16:59:47Z");
    assert.equal(new Date(String(result["expires_on"])).getTime(), Math.floor(new Date(node.validTo).getTime() / 1000) * 1000);
    // Node lists the issuer RDNs in encoded order, one per line; Cloudflare shows them reversed, joined by ",".
    assert.equal(result["issuer"], node.issuer.split("\n").reverse().join(","));
    assert.equal(result["issuer"], "CN=Sandbox Test CA,O=Example Inc.,L=California,ST=San Francisco,C=US");
    assert.equal(result["signature"], "ECDSAWithSHA256");
    assert.match(String(result["uploaded_on"]), /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/);
    assert.equal(result["updated_at"], result["uploaded_on"]);
    assert.equal("private_key" in result, false);
    assert.equal(sandbox.mtlsCertificates(account.id).length, 1);
  });

  test("a leaf uploaded with its matching private key is accepted, and the key is never returned", async () => {
    const answer = await upload({ ca: false, certificates: leaf.pem, private_key: leaf.privateKeyPem });
    assert.equal(answer.status, 200);
    const result = resultObject(answer);
    assert.equal(result["ca"], false);
    assert.equal(result["name"], "");
    assert.equal(JSON.stringify(answer.envelope).includes("PRIVATE KEY"), false);
    const [record] = sandbox.mtlsCertificates(account.id);
    assert.equal(record?.hasPrivateKey, true);
    const listed = await callSandbox(sandbox, "GET", base(), { token: TOKEN });
    assert.equal(JSON.stringify(listed.envelope).includes("PRIVATE KEY"), false);
  });

  test("a private key that does not match the leaf, or is not a key, answers 400", async () => {
    const otherKeys = await makeKeys("P-256", "SHA-256", "sandbox-mismatch");
    const otherPem = x509.PemConverter.encode(await webcrypto.subtle.exportKey("pkcs8", otherKeys.privateKey), "PRIVATE KEY");
    const mismatch = await upload({ ca: false, certificates: leaf.pem, private_key: otherPem });
    assert.equal(mismatch.status, 400);
    assert.deepEqual(errorCodes(mismatch), [1408]);
    const garbage = await upload({ ca: false, certificates: leaf.pem, private_key: "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----" });
    assert.equal(garbage.status, 400);
    assert.deepEqual(errorCodes(garbage), [1407]);
  });

  test("a private key with ca=true answers 400", async () => {
    const answer = await upload({ ca: true, certificates: ca.pem, private_key: ca.privateKeyPem });
    assert.equal(answer.status, 400);
    assert.deepEqual(errorCodes(answer), [1409]);
  });

  test("ca=true needs basicConstraints CA:TRUE", async () => {
    const answer = await upload({ ca: true, certificates: leaf.pem });
    assert.equal(answer.status, 400);
    assert.deepEqual(errorCodes(answer), [1410]);
    const noConstraints = await makeCa({ omitBasicConstraints: true });
    assert.deepEqual(errorCodes(await upload({ ca: true, certificates: noConstraints.pem })), [1410]);
  });

  test("a CA signed with Ed25519 is refused; a leaf signed with Ed25519 is named Ed25519", async () => {
    const edCa = await makeCa({ keyAlgorithm: "Ed25519" });
    const refused = await upload({ ca: true, certificates: edCa.pem });
    assert.equal(refused.status, 400);
    assert.deepEqual(errorCodes(refused), [1411]);
    const edLeaf = await makeLeaf(edCa, { keyAlgorithm: "Ed25519" });
    const accepted = await upload({ ca: false, certificates: edLeaf.pem });
    assert.equal(resultObject(accepted)["signature"], "Ed25519");
  });

  test("signature names follow Cloudflare's spelling", async () => {
    const cases = [
      { keyAlgorithm: "RSA-1024", hash: "SHA-256", expected: "SHA256WithRSA" },
      { keyAlgorithm: "RSA-1024", hash: "SHA-1", expected: "SHA1WithRSA" },
      { keyAlgorithm: "RSA-1024", hash: "SHA-384", expected: "SHA384WithRSA" },
      { keyAlgorithm: "RSA-1024", hash: "SHA-512", expected: "SHA512WithRSA" },
      { keyAlgorithm: "P-384", hash: "SHA-384", expected: "ECDSAWithSHA384" },
      { keyAlgorithm: "P-256", hash: "SHA-512", expected: "ECDSAWithSHA512" },
    ] as const;
    for (const { keyAlgorithm, hash, expected } of cases) {
      const certificate = await makeCa({ keyAlgorithm, hash });
      const record = sandbox.addMtlsCertificate(account.id, { certificates: certificate.pem, ca: true });
      assert.equal(record.signature, expected, `${keyAlgorithm} ${hash}`);
    }
  });

  test("a chain upload keeps the whole bundle and derives the fields from its first certificate", async () => {
    const { root, intermediate } = await makeChain();
    const bundle = `${intermediate.pem}\n${root.pem}`;
    const result = resultObject(await upload({ ca: true, certificates: bundle }));
    assert.equal(result["certificates"], bundle);
    assert.equal(result["serial_number"], BigInt(`0x${new X509Certificate(intermediate.pem).serialNumber}`).toString(10));
    assert.equal(result["issuer"], "CN=Chain Root CA,O=Example Inc.,C=US");
  });

  test("unparsable certificates answer 400 code 1406 'unable to parse certificate'", async () => {
    const broken = ca.pem.replace(/[A-Za-z]{10}\n/, "!!!!!!!!!!\n");
    const truncatedDer = Buffer.from(ca.der).subarray(0, 100).toString("base64");
    const bodies = [
      "not a certificate",
      broken,
      `-----BEGIN CERTIFICATE-----\n${truncatedDer}\n-----END CERTIFICATE-----`,
      ca.privateKeyPem,
      `${ca.pem}\n${ca.privateKeyPem}`,
      ca.pem.replace("-----END CERTIFICATE-----", "-----END PUBLIC KEY-----"),
    ];
    for (const certificates of bodies) {
      const answer = await upload({ ca: true, certificates });
      assert.equal(answer.status, 400, certificates.slice(0, 40));
      assert.deepEqual(errorCodes(answer), [1406]);
      assert.match(answer.envelope.errors[0]?.message ?? "", /^unable to parse certificate/);
    }
  });

  test("body fields are checked: required, typed, and no unknown fields", async () => {
    const cases: { body: unknown; code: number; pointer: string }[] = [
      { body: { certificates: ca.pem }, code: 1401, pointer: "/ca" },
      { body: { ca: "true", certificates: ca.pem }, code: 1401, pointer: "/ca" },
      { body: { ca: true }, code: 1401, pointer: "/certificates" },
      { body: { ca: true, certificates: 42 }, code: 1401, pointer: "/certificates" },
      { body: { ca: true, certificates: ca.pem, name: 7 }, code: 1401, pointer: "/name" },
      { body: { ca: true, certificates: ca.pem, type: "custom" }, code: 1402, pointer: "/type" },
      { body: [], code: 1401, pointer: "/" },
      { body: "text", code: 1401, pointer: "/" },
    ];
    for (const { body, code, pointer } of cases) {
      const answer = await upload(body);
      assert.equal(answer.status, 400, JSON.stringify(body).slice(0, 60));
      assert.deepEqual(errorCodes(answer), [code], JSON.stringify(body).slice(0, 60));
      assert.equal(answer.envelope.errors[0]?.source?.pointer, pointer);
    }
    assert.equal(sandbox.mtlsCertificates(account.id).length, 0);
  });

  test("a sixth custom CA answers 400 code 1489 'Hit maximum CA cert allocation'; leaves and managed CAs do not count", async () => {
    sandbox.addMtlsCertificate(account.id, { certificates: ca.pem, ca: true, type: "gateway_managed" });
    for (let i = 0; i < 5; i++) {
      const answer = await upload({ ca: true, certificates: ca.pem, name: `ca-${i}` });
      assert.equal(answer.status, 200, `CA ${i + 1}`);
    }
    assert.equal((await upload({ ca: false, certificates: leaf.pem })).status, 200);
    const sixth = await upload({ ca: true, certificates: ca.pem });
    assert.equal(sixth.status, 400);
    assert.deepEqual(sixth.envelope.errors, [{ code: 1489, message: "Hit maximum CA cert allocation" }]);
  });

  test("list is one page, filters by type (comma separated) and rejects unknown types", async () => {
    sandbox.addMtlsCertificate(account.id, { certificates: ca.pem, ca: true, name: "mine" });
    sandbox.addMtlsCertificate(account.id, { certificates: ca.pem, ca: true, name: "gateway", type: "gateway_managed" });
    sandbox.addMtlsCertificate(account.id, { certificates: ca.pem, ca: true, name: "access", type: "access_managed" });
    const all = await callSandbox(sandbox, "GET", base(), { token: TOKEN });
    assert.deepEqual(all.envelope.result_info, { page: 1, per_page: 3, count: 3, total_count: 3, total_pages: 1 });
    const names = async (query: string): Promise<unknown[]> => resultArray(await callSandbox(sandbox, "GET", `${base()}?${query}`, { token: TOKEN })).map((c) => c["name"]);
    assert.deepEqual(await names("type=custom"), ["mine"]);
    assert.deepEqual(await names("type=gateway_managed,access_managed"), ["gateway", "access"]);
    assert.deepEqual(await names("name=gateway"), ["gateway"]);
    assert.deepEqual(await names("ca=false"), []);
    const bad = await callSandbox(sandbox, "GET", `${base()}?type=everything`, { token: TOKEN });
    assert.equal(bad.status, 400);
    assert.deepEqual(errorCodes(bad), [1005]);
  });

  test("get, associations and delete", async () => {
    const record = sandbox.addMtlsCertificate(account.id, { certificates: ca.pem, ca: true, name: "to-delete" });
    const got = resultObject(await callSandbox(sandbox, "GET", `${base()}/${record.id}`, { token: TOKEN }));
    assert.equal(got["name"], "to-delete");
    const associations = await callSandbox(sandbox, "GET", `${base()}/${record.id}/associations`, { token: TOKEN });
    assert.deepEqual(associations.envelope.result, []);
    assert.deepEqual(associations.envelope.result_info, { page: 1, per_page: 0, count: 0, total_count: 0 });
    const deleted = await callSandbox(sandbox, "DELETE", `${base()}/${record.id}`, { token: TOKEN });
    assert.equal(deleted.status, 200);
    assert.equal(resultObject(deleted)["id"], record.id);
    assert.equal(resultObject(deleted)["certificates"], ca.pem);
    assert.equal(sandbox.mtlsCertificates(account.id).length, 0);
    const gone = await callSandbox(sandbox, "GET", `${base()}/${record.id}`, { token: TOKEN });
    assert.equal(gone.status, 404);
    assert.deepEqual(errorCodes(gone), [1404]);
  });

  test("delete is refused while any service uses the certificate, and allowed once associations are gone", async () => {
    const record = sandbox.addMtlsCertificate(account.id, {
      certificates: ca.pem,
      ca: true,
      associations: [
        { service: "api_shield", status: "active" },
        { service: "workers", status: "pending_deployment" },
      ],
    });
    const associations = await callSandbox(sandbox, "GET", `${base()}/${record.id}/associations`, { token: TOKEN });
    assert.deepEqual(associations.envelope.result, [
      { service: "api_shield", status: "active" },
      { service: "workers", status: "pending_deployment" },
    ]);
    assert.equal(associations.envelope.result_info?.total_count, 2);
    const refused = await callSandbox(sandbox, "DELETE", `${base()}/${record.id}`, { token: TOKEN });
    assert.equal(refused.status, 400);
    assert.deepEqual(errorCodes(refused), [1490]);
    assert.match(refused.envelope.errors[0]?.message ?? "", /in use.*api_shield, workers/);
    assert.equal(sandbox.mtlsCertificates(account.id).length, 1);
    sandbox.setAssociations(account.id, record.id, []);
    assert.equal((await callSandbox(sandbox, "DELETE", `${base()}/${record.id}`, { token: TOKEN })).status, 200);
  });

  test("an unknown account answers 404 code 7003 naming the path", async () => {
    const path = "/accounts/0123456789abcdef0123456789abcdef/mtls_certificates";
    const answer = await callSandbox(sandbox, "GET", path, { token: TOKEN });
    assert.equal(answer.status, 404);
    assert.deepEqual(answer.envelope.errors, [{ code: 7003, message: `Could not route to ${path}, perhaps your object identifier is invalid?` }]);
  });

  test("addMtlsCertificate derives the fields and keeps the given type, date and associations", () => {
    const uploadedOn = new Date(Date.now() - days(3));
    const record = sandbox.addMtlsCertificate(account.id, {
      certificates: leaf.pem,
      ca: false,
      type: "gateway_managed",
      uploadedOn,
      associations: [{ service: "gateway", status: "active" }],
    });
    assert.equal(record.uploaded_on, uploadedOn.toISOString());
    assert.equal(record.type, "gateway_managed");
    assert.equal(record.issuer, "CN=Sandbox Test CA,O=Example Inc.,L=California,ST=San Francisco,C=US");
    assert.deepEqual(record.associations, [{ service: "gateway", status: "active" }]);
    assert.throws(() => sandbox.addMtlsCertificate(account.id, { certificates: "junk", ca: true }), /cannot add this certificate/);
  });
});
