// What abandoning a stopped rotation says stays on Cloudflare, per kind, from the saved state and
// what Cloudflare was just read to hold; and the rotations that cannot go on because a
// certificate they work on was deleted elsewhere. The summaries are pure (states are plain JSON,
// as globalState keeps them); the last suite reads a sandbox over HTTP.
import assert from "node:assert/strict";
import type { AccessCaRotationState } from "../../../../src/cloudflare/rotation/accessCaRotation";
import type { ClientCertificateRotationState } from "../../../../src/cloudflare/rotation/clientCertificateRotation";
import type { MtlsCaRotationState } from "../../../../src/cloudflare/rotation/mtlsCaRotation";
import { abandonmentSummary, missingObjects, readStanding, type RotationStanding } from "../../../../src/cloudflare/rotation/rotationAbandonment";
import { makeCa } from "../../../support/makeCertificates";
import { useSandbox } from "../sandboxFixture";

const accessState = (overrides: Partial<AccessCaRotationState> = {}): AccessCaRotationState => ({
  kind: "accessCertificate",
  scope: { kind: "accounts", id: "acct" },
  old: { id: "old-1", name: "Corp Root 2025" },
  replacement: { name: "Corp Root 2026", certificate: "(public PEM)" },
  hostnames: ["a.example.com", "b.example.com"],
  settings: [],
  knownIds: ["old-1"],
  ...overrides,
});

const mtlsState = (overrides: Partial<MtlsCaRotationState> = {}): MtlsCaRotationState => ({
  kind: "mtlsCertificate",
  accountId: "acct",
  old: { id: "old-m", name: "API Root Old" },
  replacement: { name: "API Root New", certificates: "(public PEM)" },
  zones: [
    { zoneId: "z1", zoneName: "one.example", hostnames: ["api.one.example"] },
    { zoneId: "z2", zoneName: "two.example", hostnames: ["api.two.example", "mtls.two.example"] },
  ],
  knownIds: ["old-m"],
  ...overrides,
});

const clientState = (overrides: Partial<ClientCertificateRotationState> = {}): ClientCertificateRotationState => ({
  kind: "clientCertificate",
  zoneId: "z1",
  zoneName: "one.example",
  old: { id: "old-c", name: "agent" },
  subject: { commonName: "agent" },
  keyAlgorithm: "ECDSA-P256",
  validityDays: 365,
  keyTarget: "file:///home/me/agent-new.key",
  certificateTarget: "file:///home/me/agent-new.pem",
  keyLabel: "agent-new.key",
  certificateLabel: "agent-new.pem",
  knownIds: ["old-c"],
  ...overrides,
});

const both: RotationStanding = { oldExists: true, newExists: true, hostnames: [] };

suite("rotation abandonment: what stays, per kind", () => {
  test("Access CA, hostnames on both CAs (overlap allowed, the removal from the old one not done)", () => {
    const state = accessState({ uploadSent: true, newId: "new-1", overlap: "allowed", addedToNew: true });
    const standing: RotationStanding = {
      ...both,
      hostnames: [
        { hostname: "a.example.com", onOld: true, onNew: true },
        { hostname: "b.example.com", onOld: true, onNew: true },
      ],
    };
    assert.deepEqual(abandonmentSummary(state, standing), [
      "The new CA “Corp Root 2026” stays added to the account (new-1).",
      "'a.example.com', 'b.example.com' are on both “Corp Root 2025” and “Corp Root 2026”.",
      "The old CA “Corp Root 2025” stays.",
      "Nothing is deleted or moved back: only the rotation's saved progress is forgotten.",
    ]);
    assert.equal(missingObjects(state, standing), undefined);
  });

  test("Access CA moved one hostname at a time, stopped part-way: each hostname's CA is named", () => {
    const state = accessState({ scope: { kind: "zones", id: "z1" }, uploadSent: true, newId: "new-1", overlap: "refused", moved: ["a.example.com"] });
    const standing: RotationStanding = {
      ...both,
      hostnames: [
        { hostname: "a.example.com", onOld: false, onNew: true },
        { hostname: "b.example.com", onOld: true, onNew: false },
      ],
    };
    assert.deepEqual(abandonmentSummary(state, standing).slice(0, 3), [
      "The new CA “Corp Root 2026” stays added to the zone (new-1).",
      "'a.example.com' now uses the new CA “Corp Root 2026”.",
      "'b.example.com' still uses the old CA “Corp Root 2025”.",
    ]);
  });

  test("Access CA whose upload's answer was lost: it may be there, and it says to look", () => {
    const summary = abandonmentSummary(accessState({ uploadSent: true }), { oldExists: true, hostnames: [{ hostname: "a.example.com", onOld: true, onNew: false }, { hostname: "b.example.com", onOld: true, onNew: false }] });
    assert.match(summary[0] ?? "", /^The new CA “Corp Root 2026” may have been added \(the answer was lost\): look for it in the account/);
    assert.equal(summary.at(-1), "Nothing is deleted or moved back: only the rotation's saved progress is forgotten.");
  });

  test("a rotation that changed nothing yet says so", () => {
    const summary = abandonmentSummary(accessState(), { oldExists: true, hostnames: [{ hostname: "a.example.com", onOld: true, onNew: false }, { hostname: "b.example.com", onOld: true, onNew: false }] });
    assert.deepEqual(summary, [
      "'a.example.com', 'b.example.com' still use the old CA “Corp Root 2025”.",
      "The old CA “Corp Root 2025” stays.",
      "The rotation had changed nothing yet; only its saved progress is forgotten.",
    ]);
  });

  test("account mTLS CA stopped between a zone's two requests: the hostnames on neither CA are named, per zone", () => {
    const state = mtlsState({ uploadSent: true, newId: "new-m", movedZoneIds: ["z1"] });
    const standing: RotationStanding = {
      ...both,
      hostnames: [
        { hostname: "api.one.example", zoneName: "one.example", onOld: false, onNew: true },
        { hostname: "api.two.example", zoneName: "two.example", onOld: false, onNew: false },
        { hostname: "mtls.two.example", zoneName: "two.example", onOld: false, onNew: false },
      ],
    };
    assert.deepEqual(abandonmentSummary(state, standing), [
      "The new CA “API Root New” stays uploaded to the account (new-m).",
      "'api.one.example' (zone one.example) now uses the new CA “API Root New”.",
      "'api.two.example', 'mtls.two.example' (zone two.example) are on neither CA: they ask for no client certificate from either until you add them to one.",
      "The old CA “API Root Old” stays, with the services still using it.",
      "Nothing is deleted or moved back: only the rotation's saved progress is forgotten.",
    ]);
  });

  test("client certificate issued and saved, the old one not revoked", () => {
    const state = clientState({ csr: "(public CSR)", createSent: true, newId: "new-c", saved: true });
    assert.deepEqual(abandonmentSummary(state, { oldExists: true, oldStatus: "active", newExists: true, hostnames: [] }), [
      "The new certificate new-c (CN=agent) stays issued in zone one.example, saved in agent-new.pem.",
      "The new private key stays in agent-new.key.",
      "The old certificate “agent” stays active.",
      "Nothing is deleted or moved back: only the rotation's saved progress is forgotten.",
    ]);
  });

  test("client certificate whose key was saved but whose request never went out", () => {
    const summary = abandonmentSummary(clientState({ csr: "(public CSR)" }), { oldExists: true, oldStatus: "active", hostnames: [] });
    assert.deepEqual(summary, ["The new private key stays in agent-new.key.", "The old certificate “agent” stays active.", "Nothing is deleted or moved back: only the rotation's saved progress is forgotten."]);
  });
});

suite("rotation abandonment: a certificate deleted elsewhere", () => {
  test("the old CA gone: the rotation cannot go on, and the summary says it is gone", () => {
    const state = mtlsState({ uploadSent: true, newId: "new-m" });
    const standing: RotationStanding = { oldExists: false, newExists: true, hostnames: [] };
    assert.equal(missingObjects(state, standing), "The old CA “API Root Old” no longer exists on Cloudflare (deleted elsewhere since the rotation stopped), so the rotation cannot go on.");
    assert.ok(abandonmentSummary(state, standing).includes("The old CA “API Root Old” no longer exists."));
  });

  test("the new one gone", () => {
    const state = accessState({ uploadSent: true, newId: "new-1" });
    const standing: RotationStanding = { oldExists: true, newExists: false, hostnames: [] };
    assert.equal(missingObjects(state, standing), "The new CA “Corp Root 2026” no longer exists on Cloudflare (deleted elsewhere since the rotation stopped), so the rotation cannot go on.");
    assert.equal(abandonmentSummary(state, standing)[0], "The new CA “Corp Root 2026” was deleted elsewhere.");
  });

  test("both gone, a client certificate's named by its id", () => {
    const state = clientState({ csr: "(public CSR)", createSent: true, newId: "new-c" });
    assert.equal(
      missingObjects(state, { oldExists: false, newExists: false, hostnames: [] }),
      "The old certificate “agent” no longer exists and the new certificate “new-c” no longer exists on Cloudflare (deleted elsewhere since the rotation stopped), so the rotation cannot go on.",
    );
  });

  test("no new id yet: only the old one can be missing", () => {
    assert.equal(missingObjects(accessState(), { oldExists: true, hostnames: [] }), undefined);
  });
});

suite("rotation abandonment: reading what Cloudflare holds (over HTTP, reads only)", () => {
  const fixture = useSandbox();

  test("Access CA: where each hostname is, a deleted new CA found missing, and nothing but GETs sent", async () => {
    const { sandbox, account } = fixture();
    sandbox.setAccessHostnameOverlap("allowed");
    const scope = { kind: "accounts" as const, id: account.id };
    const old = sandbox.addAccessCertificate(scope, { name: "Corp Root 2025", certificate: (await makeCa({ commonName: "Corp Root 2025" })).pem, associated_hostnames: ["a.example.com", "b.example.com"] });
    const replacement = sandbox.addAccessCertificate(scope, { name: "Corp Root 2026", certificate: (await makeCa({ commonName: "Corp Root 2026" })).pem, associated_hostnames: ["A.example.com"] });
    const state = accessState({ scope, old: { id: old.id, name: "Corp Root 2025" }, uploadSent: true, newId: replacement.id });
    const mark = sandbox.requests.length;
    const standing = await readStanding(fixture().client(), state, new AbortController().signal);
    assert.deepEqual(standing, {
      oldExists: true,
      newExists: true,
      hostnames: [
        { hostname: "a.example.com", onOld: true, onNew: true },
        { hostname: "b.example.com", onOld: true, onNew: false },
      ],
    });
    const gone = await readStanding(fixture().client(), { ...state, newId: "0123456789abcdef0123456789abcdef" }, new AbortController().signal);
    assert.equal(gone.newExists, false);
    assert.match(missingObjects(state, gone) ?? "", /The new CA “Corp Root 2026” no longer exists/);
    assert.deepEqual(
      sandbox.requests.slice(mark).filter((request) => request.method !== "GET"),
      [],
    );
  });
});
