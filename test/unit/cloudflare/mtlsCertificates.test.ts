// Account mTLS certificates over HTTP against the sandbox: upload, list (with the type filter),
// get, associations and delete, the refusals users will meet, and ids encoded in paths.
import assert from "node:assert/strict";
import { CloudflareApiError } from "../../../src/cloudflare/errors";
import {
  deleteMtlsCertificate,
  getMtlsCertificate,
  listMtlsCertificateAssociations,
  listMtlsCertificates,
  uploadMtlsCertificate,
} from "../../../src/cloudflare/mtlsCertificates";
import { makeCa, makeChain } from "../../support/makeCertificates";
import { useSandbox } from "./sandboxFixture";

suite("mtlsCertificates (sandbox)", () => {
  const fixture = useSandbox();

  test("upload a CA: the answer describes the certificate, never a key", async () => {
    const { client, account, sandbox } = fixture();
    const ca = await makeCa({ subject: "CN=Upload Root CA, O=Example Inc., C=US" });
    const uploaded = await uploadMtlsCertificate(client(), account.id, { ca: true, certificates: ca.pem, name: "root" });
    assert.equal(uploaded.ca, true);
    assert.equal(uploaded.name, "root");
    assert.equal(uploaded.certificates, ca.pem);
    assert.match(uploaded.issuer, /Upload Root CA/);
    assert.match(uploaded.serial_number, /^\d+$/);
    assert.equal(typeof uploaded.signature, "string");
    assert.ok(!Number.isNaN(Date.parse(uploaded.expires_on)));
    assert.ok(!Number.isNaN(Date.parse(uploaded.uploaded_on)));
    assert.ok(!("private_key" in uploaded));
    assert.deepEqual(
      sandbox.mtlsCertificates(account.id).map((record) => record.id),
      [uploaded.id],
    );
  });

  test("upload a leaf with its chain and private key", async () => {
    const { client, account, sandbox } = fixture();
    const { leaf, intermediate } = await makeChain();
    const uploaded = await uploadMtlsCertificate(client(), account.id, { ca: false, certificates: `${leaf.pem}\n${intermediate.pem}`, private_key: leaf.privateKeyPem });
    assert.equal(uploaded.ca, false);
    assert.equal(sandbox.mtlsCertificates(account.id)[0]?.hasPrivateKey, true);
    const sent = sandbox.requests[0]?.body as Record<string, unknown>;
    assert.equal(sent.private_key, leaf.privateKeyPem);
  });

  test("an unparsable certificate is refused with Cloudflare's wording", async () => {
    const { client, account } = fixture();
    const error = await uploadMtlsCertificate(client(), account.id, { ca: true, certificates: "not a certificate" }).catch((caught: unknown) => caught);
    assert.ok(error instanceof CloudflareApiError);
    assert.equal(error.status, 400);
    assert.match(error.message, /unable to parse certificate/);
  });

  test("list every certificate; filter by type with a comma-separated query", async () => {
    const { client, account, sandbox } = fixture();
    const custom = sandbox.addMtlsCertificate(account.id, { certificates: (await makeCa({ commonName: "custom" })).pem, ca: true, name: "custom" });
    const gateway = sandbox.addMtlsCertificate(account.id, { certificates: (await makeCa({ commonName: "gateway" })).pem, ca: true, type: "gateway_managed" });
    sandbox.addMtlsCertificate(account.id, { certificates: (await makeCa({ commonName: "access" })).pem, ca: true, type: "access_managed" });

    const all = await listMtlsCertificates(client(), account.id);
    assert.equal(all.length, 3);
    assert.deepEqual(Object.keys(sandbox.requests[0]?.query ?? {}), [], "documented as one page: asked for bare");

    const some = await listMtlsCertificates(client(), account.id, { type: ["custom", "gateway_managed"] });
    assert.deepEqual(some.map((certificate) => certificate.id).sort(), [custom.id, gateway.id].sort());
    assert.equal(sandbox.requests[1]?.query.type, "custom,gateway_managed");
  });

  test("an empty account lists nothing", async () => {
    const { client, account } = fixture();
    assert.deepEqual(await listMtlsCertificates(client(), account.id), []);
  });

  test("get one certificate", async () => {
    const { client, account, sandbox } = fixture();
    const record = sandbox.addMtlsCertificate(account.id, { certificates: (await makeCa()).pem, ca: true, name: "one" });
    const certificate = await getMtlsCertificate(client(), account.id, record.id);
    assert.equal(certificate.id, record.id);
    assert.equal(certificate.name, "one");
    assert.equal(certificate.serial_number, record.serial_number);
  });

  test("associations come back as Cloudflare sends them", async () => {
    const { client, account, sandbox } = fixture();
    const record = sandbox.addMtlsCertificate(account.id, {
      certificates: (await makeCa()).pem,
      ca: true,
      associations: [
        { service: "gateway", status: "active" },
        { service: "some_future_service", status: "pending_deployment" },
      ],
    });
    assert.deepEqual(await listMtlsCertificateAssociations(client(), account.id, record.id), [
      { service: "gateway", status: "active" },
      { service: "some_future_service", status: "pending_deployment" },
    ]);
    sandbox.setAssociations(account.id, record.id, []);
    assert.deepEqual(await listMtlsCertificateAssociations(client(), account.id, record.id), []);
  });

  test("delete returns the deleted certificate", async () => {
    const { client, account, sandbox } = fixture();
    const record = sandbox.addMtlsCertificate(account.id, { certificates: (await makeCa()).pem, ca: true, name: "doomed" });
    const deleted = await deleteMtlsCertificate(client(), account.id, record.id);
    assert.equal(deleted.id, record.id);
    assert.equal(deleted.name, "doomed");
    assert.deepEqual(sandbox.mtlsCertificates(account.id), []);
  });

  test("delete of a certificate in use is refused with a 400 that names no credential", async () => {
    const { client, account, sandbox } = fixture();
    const record = sandbox.addMtlsCertificate(account.id, { certificates: (await makeCa()).pem, ca: true, associations: [{ service: "gateway", status: "active" }] });
    const error = await deleteMtlsCertificate(client(), account.id, record.id).catch((caught: unknown) => caught);
    assert.ok(error instanceof CloudflareApiError);
    assert.equal(error.status, 400);
    assert.equal(error.kind, "http");
    assert.equal(error.isAuthError, false);
    assert.equal(error.method, "DELETE");
    assert.equal(error.path, `/accounts/${account.id}/mtls_certificates/${record.id}`);
    assert.match(error.message, /in use/);
    assert.equal(sandbox.mtlsCertificates(account.id).length, 1);
  });

  test("a read-only token cannot upload or delete", async () => {
    const { client, account, sandbox } = fixture();
    sandbox.addApiToken("sbx-readonly-token-55aa", { permissions: "read" });
    const readOnly = client({ credentials: { kind: "apiToken", token: "sbx-readonly-token-55aa" } });
    assert.deepEqual(await listMtlsCertificates(readOnly, account.id), []);
    const error = await uploadMtlsCertificate(readOnly, account.id, { ca: true, certificates: (await makeCa()).pem }).catch((caught: unknown) => caught);
    assert.ok(error instanceof CloudflareApiError);
    assert.ok(error.isAuthError);
  });

  test("ids are encoded into the path, so they cannot change the route or add a query", async () => {
    const { client, account, sandbox } = fixture();
    const error = await getMtlsCertificate(client(), account.id, "../x?ca=true#frag").catch((caught: unknown) => caught);
    assert.ok(error instanceof CloudflareApiError);
    assert.equal(error.status, 404);
    const [request] = sandbox.requests;
    assert.equal(request?.path, `/accounts/${account.id}/mtls_certificates/..%2Fx%3Fca%3Dtrue%23frag`);
    assert.deepEqual(request?.query, {});
    assert.equal(error.path, request?.path);
  });

  test("an unknown account: 404 code 7003", async () => {
    const error = await listMtlsCertificates(fixture().client(), "0123456789abcdef0123456789abcdef").catch((caught: unknown) => caught);
    assert.ok(error instanceof CloudflareApiError);
    assert.equal(error.status, 404);
    assert.ok(error.hasCode(7003));
  });
});
