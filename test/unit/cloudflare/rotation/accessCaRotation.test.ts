// Rotating an Access CA against the sandbox, with a hostname allowed on two CAs at once and not:
// the hostnames and their settings end on the new CA, the old one is deleted after the question,
// no client is refused where Cloudflare allows the overlap, and a fault at any write stops the
// run with the state saved, after which a rerun finishes without a duplicate.
import assert from "node:assert/strict";
import { accessCaRotation, startAccessCaRotation, type AccessCaRotationState } from "../../../../src/cloudflare/rotation/accessCaRotation";
import { planOf } from "../../../../src/cloudflare/rotation/rotationSteps";
import type { AccessScope } from "../../../../src/cloudflare/types";
import type { AccessHostnameOverlap } from "../../../support/cloudflareSandbox/types";
import { makeCa } from "../../../support/makeCertificates";
import { useSandbox, type SandboxFixture } from "../sandboxFixture";
import { AnsweringPrompts, assertFinished, FAULTS, MemoryStore, numberedWrites, rerunAfterEachFault, runOnce, writesSince } from "./rotationHarness";

const HOSTNAMES = ["app.rotate.example", "admin.rotate.example"];
const SETTINGS = [
  { hostname: "app.rotate.example", china_network: false, client_certificate_forwarding: true },
  { hostname: "admin.rotate.example", china_network: true, client_certificate_forwarding: false },
  { hostname: "other.rotate.example", china_network: false, client_certificate_forwarding: true },
];

interface Seeded {
  readonly scope: AccessScope;
  readonly oldId: string;
  readonly replacementPem: string;
}

let seeds = 0;

/** A fresh account (so every case of one sandbox starts alike) with the old CA, another CA and settings. */
async function seed(fixture: SandboxFixture, overlap: AccessHostnameOverlap): Promise<Seeded> {
  const { sandbox } = fixture;
  sandbox.setAccessHostnameOverlap(overlap);
  const account = sandbox.addAccount({ name: `Rotation ${++seeds}` });
  sandbox.addZone(account.id, { name: "rotate.example" });
  const scope: AccessScope = { kind: "accounts", id: account.id };
  const old = sandbox.addAccessCertificate(scope, { name: "Corp Root 2025", certificate: (await makeCa({ commonName: "Corp Root 2025" })).pem, associated_hostnames: HOSTNAMES });
  sandbox.addAccessCertificate(scope, { name: "Other Root", certificate: (await makeCa({ commonName: "Other Root" })).pem, associated_hostnames: ["other.rotate.example"] });
  sandbox.setHostnameSettings(scope, SETTINGS);
  return { scope, oldId: old.id, replacementPem: (await makeCa({ commonName: "Corp Root 2026" })).pem };
}

function bySortedHostname<T extends { readonly hostname: string }>(settings: readonly T[]): T[] {
  return [...settings].sort((a, b) => a.hostname.localeCompare(b.hostname));
}

function assertRotated(fixture: SandboxFixture, seeded: Seeded, what = "rotation"): void {
  const listed = fixture.sandbox.accessCertificates(seeded.scope);
  assert.equal(listed.some((certificate) => certificate.id === seeded.oldId), false, `${what}: the old CA is gone`);
  const added = listed.filter((certificate) => certificate.name === "Corp Root 2026");
  assert.equal(added.length, 1, `${what}: exactly one new CA, nothing was added twice`);
  assert.deepEqual([...(added[0]?.associated_hostnames ?? [])].sort(), [...HOSTNAMES].sort(), what);
  assert.deepEqual(listed.find((certificate) => certificate.name === "Other Root")?.associated_hostnames, ["other.rotate.example"], `${what}: another CA's hostnames are untouched`);
  assert.deepEqual(bySortedHostname(fixture.sandbox.hostnameSettings(seeded.scope)), bySortedHostname(SETTINGS), `${what}: settings`);
}

for (const overlap of ["allowed", "refused"] as const) {
  suite(`Access CA rotation (sandbox, a hostname on two CAs ${overlap})`, () => {
    const fixture = useSandbox();

    async function started(seeded: Seeded): Promise<AccessCaRotationState> {
      return startAccessCaRotation(fixture().client(), { scope: seeded.scope, old: { id: seeded.oldId, name: "Corp Root 2025" }, replacement: { name: "Corp Root 2026", certificate: seeded.replacementPem } }, new AbortController().signal);
    }

    test("the plan is shown with nothing done, then the rotation moves hostnames and settings and deletes the old CA after asking", async () => {
      const seeded = await seed(fixture(), overlap);
      const mark = fixture().sandbox.requests.length;
      const state = await started(seeded);
      assert.equal(writesSince(fixture().sandbox, mark).length, 0, "starting reads only");
      const rotation = accessCaRotation(fixture().client());
      const plan = planOf(rotation, state);
      assert.ok(plan.every((line) => !line.done));
      assert.match(plan.map((line) => line.title).join("\n"), /Add the 2 hostnames to “Corp Root 2026” while “Corp Root 2025” keeps them/);
      assert.match(plan[1]?.note ?? "", /one at a time instead, with a moment without a CA/);

      const prompts = new AnsweringPrompts();
      const store = new MemoryStore<AccessCaRotationState>();
      const finished = assertFinished(await runOnce(rotation, state, store, prompts), "clean run");
      assertRotated(fixture(), seeded);
      assert.equal(store.cleared, true, "a finished rotation keeps no state");
      assert.equal(finished.overlap, overlap);
      assert.deepEqual(prompts.questions.map((question) => question.message), ["Delete the old CA “Corp Root 2025”?"]);

      const writes = writesSince(fixture().sandbox, mark);
      const newId = finished.newId ?? "";
      const putsToNew = writes.flatMap((write, index) => (write.method === "PUT" && write.path.endsWith(newId) ? [index] : []));
      const putsToOld = writes.flatMap((write, index) => (write.method === "PUT" && write.path.endsWith(seeded.oldId) ? [index] : []));
      if (overlap === "allowed") {
        assert.equal(prompts.plans.length, 0, "the plan did not change");
        assert.ok((putsToNew[0] ?? Infinity) < (putsToOld[0] ?? -1), "every hostname was on the new CA before it left the old one: no client refused");
      } else {
        assert.equal(prompts.plans.length, 1, "the changed plan was shown again");
        assert.match(prompts.plans[0]?.why ?? "", /12135.*one at a time.*moment without a CA/s);
        assert.deepEqual(
          prompts.plans[0]?.plan.filter((line) => line.title.startsWith("Move")).map((line) => [line.title, line.note]),
          HOSTNAMES.map((hostname) => [`Move ${hostname} to the new CA`, "a moment without a CA: Cloudflare keeps a hostname on one Access CA only"]),
        );
        assert.equal(putsToOld.length, HOSTNAMES.length, "one hostname at a time left the old CA");
      }
    });

    test("declining the deletion pauses with the old CA kept; the rerun asks again and finishes", async () => {
      const seeded = await seed(fixture(), overlap);
      const rotation = accessCaRotation(fixture().client());
      const store = new MemoryStore<AccessCaRotationState>();
      const first = await runOnce(rotation, await started(seeded), store, new AnsweringPrompts(() => false));
      assert.equal(first.outcome?.outcome, "paused");
      assert.ok(fixture().sandbox.accessCertificates(seeded.scope).some((certificate) => certificate.id === seeded.oldId));
      const saved = store.saved as AccessCaRotationState;
      assert.deepEqual(planOf(rotation, saved).map((line) => line.done), [...planOf(rotation, saved).map(() => true).slice(1), false], "every step but the deletion shows as done");
      assertFinished(await runOnce(rotation, saved, store), "rerun");
      assertRotated(fixture(), seeded);
    });

    test("settings that changed while the hostnames moved are put back", async () => {
      const seeded = await seed(fixture(), overlap);
      const rotation = accessCaRotation(fixture().client());
      const store = new MemoryStore<AccessCaRotationState>();
      const state = await started(seeded);
      // As if Cloudflare dropped the settings of hostnames that were briefly on no CA.
      fixture().sandbox.setHostnameSettings(seeded.scope, [SETTINGS[2] as (typeof SETTINGS)[number]]);
      assertFinished(await runOnce(rotation, state, store), "run");
      assertRotated(fixture(), seeded);
    });

    // Every write of a clean run, with each fault: the first run stops (or finishes, when the
    // lost answer is found done), the rerun from the saved state finishes.
    test("a fault at each write, then a rerun, finishes with one new CA and nothing lost", async function () {
      this.timeout(120_000);
      const probe = await seed(fixture(), overlap);
      // Probe: the writes of a clean run, in order.
      const mark = fixture().sandbox.requests.length;
      assertFinished(await runOnce(accessCaRotation(fixture().client()), await started(probe), new MemoryStore()), "probe run");
      const writes = numberedWrites(writesSince(fixture().sandbox, mark));
      assert.ok(writes.length >= 4, `a clean run writes at least 4 times, got ${writes.length}`);
      const stopped = await rerunAfterEachFault<AccessCaRotationState>(fixture().sandbox, writes, async () => {
        const seeded = await seed(fixture(), overlap);
        return { rotation: accessCaRotation(fixture().client()), state: await started(seeded), assertRotated: (what) => assertRotated(fixture(), seeded, what) };
      });
      // A 503 before processing and a refusal stop every write's run; a lost answer found done need not.
      assert.ok(stopped >= 2 * writes.length, `only ${stopped} of ${writes.length * FAULTS.length} runs stopped`);
    });
  });
}
