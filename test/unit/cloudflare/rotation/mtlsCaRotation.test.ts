// Rotating an account mTLS CA against the sandbox: each zone's hostnames move to the new CA, the
// services still using the old one stop the run (with the wrangler binding when Workers use it),
// the old CA is deleted after the question once nothing does, and a fault at any write stops the
// run with the state saved, after which a rerun finishes without a second upload.
import assert from "node:assert/strict";
import { mtlsCaRotation, startMtlsCaRotation, type MtlsCaRotationState } from "../../../../src/cloudflare/rotation/mtlsCaRotation";
import { planOf } from "../../../../src/cloudflare/rotation/rotationSteps";
import { makeCa } from "../../../support/makeCertificates";
import { useSandbox, type SandboxFixture } from "../sandboxFixture";
import { AnsweringPrompts, assertFinished, FAULTS, MemoryStore, numberedWrites, rerunAfterEachFault, runOnce, writesSince } from "./rotationHarness";

interface Seeded {
  readonly accountId: string;
  readonly oldId: string;
  readonly zones: readonly { readonly id: string; readonly hostnames: readonly string[] }[];
  readonly managedZoneId: string;
  readonly replacementPem: string;
}

let seeds = 0;

async function seed(fixture: SandboxFixture): Promise<Seeded> {
  const { sandbox } = fixture;
  const account = sandbox.addAccount({ name: `mTLS rotation ${++seeds}` });
  const one = sandbox.addZone(account.id, { name: "one.example" });
  const two = sandbox.addZone(account.id, { name: "two.example" });
  sandbox.addZone(account.id, { name: "unused.example" });
  const old = sandbox.addMtlsCertificate(account.id, { certificates: (await makeCa({ commonName: "API Root 2025" })).pem, ca: true, name: "API Root 2025" });
  sandbox.setHostnameAssociations(one.id, ["api.one.example", "mtls.one.example"], old.id);
  sandbox.setHostnameAssociations(two.id, ["api.two.example"], old.id);
  sandbox.setHostnameAssociations(one.id, ["managed.one.example"]);
  return {
    accountId: account.id,
    oldId: old.id,
    zones: [
      { id: one.id, hostnames: ["api.one.example", "mtls.one.example"] },
      { id: two.id, hostnames: ["api.two.example"] },
    ],
    managedZoneId: one.id,
    replacementPem: (await makeCa({ commonName: "API Root 2026" })).pem,
  };
}

function assertRotated(fixture: SandboxFixture, seeded: Seeded, what = "rotation"): void {
  const { sandbox } = fixture;
  const listed = sandbox.mtlsCertificates(seeded.accountId);
  assert.equal(listed.some((certificate) => certificate.id === seeded.oldId), false, `${what}: the old CA is gone`);
  const added = listed.filter((certificate) => certificate.name === "API Root 2026");
  assert.equal(added.length, 1, `${what}: exactly one new CA, nothing uploaded twice`);
  for (const zone of seeded.zones) {
    assert.deepEqual([...sandbox.hostnameAssociations(zone.id, added[0]?.id)].sort(), [...zone.hostnames].sort(), `${what}: zone ${zone.id}`);
  }
  assert.deepEqual(sandbox.hostnameAssociations(seeded.managedZoneId), ["managed.one.example"], `${what}: the managed CA's hostnames stay`);
}

suite("mTLS CA rotation (sandbox)", () => {
  const fixture = useSandbox();

  function started(seeded: Seeded): Promise<MtlsCaRotationState> {
    return startMtlsCaRotation(fixture().client(), { accountId: seeded.accountId, old: { id: seeded.oldId }, replacement: { name: "API Root 2026", certificates: seeded.replacementPem } }, new AbortController().signal);
  }

  test("the plan names each zone and its moment without a CA; the run moves them and deletes the old CA after asking", async () => {
    const seeded = await seed(fixture());
    const mark = fixture().sandbox.requests.length;
    const state = await started(seeded);
    assert.equal(writesSince(fixture().sandbox, mark).length, 0, "starting reads only");
    const rotation = mtlsCaRotation(fixture().client());
    const plan = planOf(rotation, state);
    assert.deepEqual(
      plan.map((line) => line.title),
      [
        "Upload the new CA “API Root 2026”",
        "Move 2 mTLS hostnames of zone one.example to the new CA",
        "Move 1 mTLS hostname of zone two.example to the new CA",
        "Check that no service uses the old CA any more",
        "Delete the old CA “API Root 2025” once nothing uses it",
      ],
    );
    assert.match(plan[1]?.note ?? "", /moment without a CA/);
    const prompts = new AnsweringPrompts();
    const store = new MemoryStore<MtlsCaRotationState>();
    assertFinished(await runOnce(rotation, state, store, prompts), "clean run");
    assertRotated(fixture(), seeded);
    assert.deepEqual(prompts.questions.map((question) => question.message), ["Delete the old CA “API Root 2025”?"]);
    assert.equal(store.cleared, true);
  });

  test("a Worker still using the old CA pauses the run with the wrangler binding to change; once it is gone the rerun deletes", async () => {
    const seeded = await seed(fixture());
    fixture().sandbox.setAssociations(seeded.accountId, seeded.oldId, [{ service: "workers", status: "active" }]);
    const rotation = mtlsCaRotation(fixture().client());
    const store = new MemoryStore<MtlsCaRotationState>();
    const first = await runOnce(rotation, await started(seeded), store);
    assert.equal(first.outcome?.outcome, "paused", String(first.error));
    if (first.outcome?.outcome !== "paused") {
      return;
    }
    assert.match(first.outcome.pause.reason, /1 service still uses the old CA “API Root 2025”/);
    const details = first.outcome.pause.details?.join("\n") ?? "";
    assert.match(details, /Still using “API Root 2025”: workers \(active\)/);
    assert.match(details, new RegExp(`\\[\\[mtls_certificates\\]\\]\\nbinding = "API_ROOT_2026"\\ncertificate_id = "${first.outcome.state.newId ?? "?"}"`));
    assert.ok(fixture().sandbox.mtlsCertificates(seeded.accountId).some((certificate) => certificate.id === seeded.oldId), "the old CA stays while used");

    fixture().sandbox.setAssociations(seeded.accountId, seeded.oldId, []);
    const saved = store.saved as MtlsCaRotationState;
    assert.deepEqual(planOf(rotation, saved).map((line) => line.done), [true, true, true, false, false]);
    assertFinished(await runOnce(rotation, saved, store), "rerun");
    assertRotated(fixture(), seeded);
  });

  test("a cancel between steps stops the run; the rerun goes on from the saved state", async () => {
    const rotation = mtlsCaRotation(fixture().client());
    const seededAgain = await seed(fixture());
    const cancelling = new AbortController();
    // Cancelled as soon as the upload is recorded, before the first zone moves.
    const cancelled = await (async () => {
      const state = await started(seededAgain);
      const saves = new MemoryStore<MtlsCaRotationState>();
      const originalSave = saves.save.bind(saves);
      saves.save = async (next) => {
        await originalSave(next);
        if (next.newId !== undefined) {
          cancelling.abort();
        }
      };
      return { result: await runOnce(rotation, state, saves, new AnsweringPrompts(), cancelling.signal), saves };
    })();
    assert.equal((cancelled.result.error as Error | undefined)?.name, "AbortError");
    const saved = cancelled.saves.saved as MtlsCaRotationState;
    assert.ok(saved.newId, "the upload is recorded");
    assertFinished(await runOnce(rotation, saved, new MemoryStore()), "rerun");
    assertRotated(fixture(), seededAgain);
  });

  test("a fault at each write, then a rerun, finishes with one new CA and every hostname moved", async function () {
    this.timeout(120_000);
    const probe = await seed(fixture());
    const mark = fixture().sandbox.requests.length;
    assertFinished(await runOnce(mtlsCaRotation(fixture().client()), await started(probe), new MemoryStore()), "probe run");
    const writes = numberedWrites(writesSince(fixture().sandbox, mark));
    assert.ok(writes.length >= 6, `a clean run writes at least 6 times, got ${writes.length}`);
    const stopped = await rerunAfterEachFault<MtlsCaRotationState>(fixture().sandbox, writes, async () => {
      const seeded = await seed(fixture());
      return { rotation: mtlsCaRotation(fixture().client()), state: await started(seeded), assertRotated: (what) => assertRotated(fixture(), seeded, what) };
    });
    assert.ok(stopped >= 2 * writes.length, `only ${stopped} of ${writes.length * FAULTS.length} runs stopped`);
  });
});
