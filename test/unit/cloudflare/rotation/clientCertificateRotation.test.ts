// Rotating a client certificate against the sandbox: a fresh key made here and saved first, a new
// certificate with the same subject from the zone's managed CA, saved, and the old one revoked
// only once the user says the clients have it; a fault at any write stops the run with the state
// saved, after which a rerun finishes without issuing a second certificate.
import assert from "node:assert/strict";
import { createPrivateKey, X509Certificate } from "node:crypto";
import { clientCertificateRotation, type ClientCertificateRotationState, type ClientRotationEffects } from "../../../../src/cloudflare/rotation/clientCertificateRotation";
import { planOf } from "../../../../src/cloudflare/rotation/rotationSteps";
import { createCsr } from "../../../../src/certificates/csr";
import { exportPrivateKeyPem, generateClientKeyPair } from "../../../../src/certificates/keyGeneration";
import { useSandbox, type SandboxFixture } from "../sandboxFixture";
import { AnsweringPrompts, assertFinished, FAULTS, MemoryStore, numberedWrites, rerunAfterEachFault, runOnce, writesSince } from "./rotationHarness";

const SUBJECT = { commonName: "build-agent-7", organization: "Example Inc.", country: "PT" } as const;

interface Seeded {
  readonly zoneId: string;
  readonly oldId: string;
  readonly state: ClientCertificateRotationState;
}

class MemoryFiles implements ClientRotationEffects {
  readonly files = new Map<string, { readonly content: string; readonly secret: boolean }>();
  keysMade = 0;
  async makeKeyAndCsr(subject: typeof SUBJECT): Promise<{ privateKeyPem: string; csrPem: string }> {
    this.keysMade++;
    const keyPair = await generateClientKeyPair("ECDSA-P256");
    return { privateKeyPem: await exportPrivateKeyPem(keyPair.keys.privateKey), csrPem: (await createCsr(subject, keyPair)).pem };
  }
  writeFile(target: string, content: string, options: { readonly secret: boolean }): Promise<void> {
    this.files.set(target, { content, secret: options.secret });
    return Promise.resolve();
  }
}

let seeds = 0;

async function seed(fixture: SandboxFixture): Promise<Seeded> {
  const { sandbox } = fixture;
  const account = sandbox.addAccount({ name: `Client rotation ${++seeds}` });
  const zone = sandbox.addZone(account.id, { name: "agents.example" });
  const csr = await createCsr(SUBJECT, await generateClientKeyPair("ECDSA-P256"));
  const old = sandbox.addClientCertificate(zone.id, { csr: csr.pem, validityDays: 30 });
  return {
    zoneId: zone.id,
    oldId: old.id,
    state: {
      kind: "clientCertificate",
      zoneId: zone.id,
      zoneName: zone.name,
      old: { id: old.id, name: SUBJECT.commonName },
      subject: SUBJECT,
      keyAlgorithm: "ECDSA-P256",
      validityDays: 90,
      keyTarget: "file:///work/build-agent-7.key",
      certificateTarget: "file:///work/build-agent-7.pem",
      keyLabel: "build-agent-7.key",
      certificateLabel: "build-agent-7.pem",
      knownIds: [old.id],
    },
  };
}

function assertRotated(fixture: SandboxFixture, seeded: Seeded, files: MemoryFiles, what = "rotation"): void {
  const listed = fixture.sandbox.clientCertificates(seeded.zoneId);
  const old = listed.find((certificate) => certificate.id === seeded.oldId);
  assert.ok(old && (old.status === "revoked" || old.status === "pending_revocation"), `${what}: the old certificate is revoked (${old?.status})`);
  const fresh = listed.filter((certificate) => certificate.id !== seeded.oldId);
  assert.equal(fresh.length, 1, `${what}: exactly one new certificate, nothing issued twice`);
  const key = files.files.get(seeded.state.keyTarget);
  const saved = files.files.get(seeded.state.certificateTarget);
  assert.ok(key?.secret && /BEGIN PRIVATE KEY/.test(key.content), `${what}: the key was saved as a secret file`);
  assert.ok(saved && !saved.secret, `${what}: the certificate was saved`);
  const certificate = new X509Certificate(saved.content);
  assert.match(certificate.subject, /CN=build-agent-7/);
  assert.match(certificate.subject, /O=Example Inc\./);
  assert.ok(certificate.checkPrivateKey(createPrivateKey(key.content)), `${what}: the saved certificate is the saved key's`);
}

suite("client certificate rotation (sandbox)", () => {
  const fixture = useSandbox({ clientCertificateTransitionMs: 0 });

  test("the plan says what is made where; the old certificate is revoked only after the user says the clients have the new one", async () => {
    const seeded = await seed(fixture());
    const files = new MemoryFiles();
    const rotation = clientCertificateRotation(fixture().client(), files);
    assert.deepEqual(
      planOf(rotation, seeded.state).map((line) => [line.title, line.done]),
      [
        ["Make a fresh key pair and save the private key to build-agent-7.key", false],
        ["Ask the zone's managed CA for a certificate with the same subject (CN=build-agent-7, 90 days)", false],
        ["Save the new certificate to build-agent-7.pem", false],
        ["Revoke the old certificate “build-agent-7” once the clients have the new one", false],
      ],
    );
    const store = new MemoryStore<ClientCertificateRotationState>();
    const notYet = await runOnce(rotation, seeded.state, store, new AnsweringPrompts(() => false));
    assert.equal(notYet.outcome?.outcome, "paused");
    assert.equal(fixture().sandbox.clientCertificates(seeded.zoneId).find((certificate) => certificate.id === seeded.oldId)?.status, "active", "not revoked before the user says so");
    const saved = store.saved as ClientCertificateRotationState;
    assert.equal(JSON.stringify(saved).includes("PRIVATE KEY"), false, "the private key never enters the saved state");
    assert.deepEqual(planOf(rotation, saved).map((line) => line.done), [true, true, true, false]);

    const prompts = new AnsweringPrompts();
    assertFinished(await runOnce(rotation, saved, store, prompts), "rerun");
    assert.match(prompts.questions[0]?.message ?? "", /Do the clients have the new certificate\?/);
    assertRotated(fixture(), seeded, files);
    assert.equal(files.keysMade, 1, "one key for one certificate");
  });

  test("a fault at each write, then a rerun, finishes with one new certificate whose key is saved", async function () {
    this.timeout(120_000);
    const probe = await seed(fixture());
    const mark = fixture().sandbox.requests.length;
    assertFinished(await runOnce(clientCertificateRotation(fixture().client(), new MemoryFiles()), probe.state, new MemoryStore()), "probe run");
    const writes = numberedWrites(writesSince(fixture().sandbox, mark));
    assert.deepEqual(writes.map((write) => write.method), ["POST", "DELETE"]);
    const stopped = await rerunAfterEachFault<ClientCertificateRotationState>(fixture().sandbox, writes, async () => {
      const seeded = await seed(fixture());
      const files = new MemoryFiles();
      return { rotation: clientCertificateRotation(fixture().client(), files), state: seeded.state, assertRotated: (what) => assertRotated(fixture(), seeded, files, what) };
    });
    assert.ok(stopped >= 2 * writes.length, `only ${stopped} of ${writes.length * FAULTS.length} runs stopped`);
  });
});
