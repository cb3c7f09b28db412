// The last expiry scan as kept in globalState: read back whole, only for the same sign-in and
// only while it is younger than the interval; anything else in the key is ignored.
import assert from "node:assert/strict";
import { readLastScan, signedInAs, storedLastScan, type LastScan } from "../../../src/expiry/lastScan";

const NOW = new Date("2026-12-02T12:00:00Z");
const HOUR = 3_600_000;
const WHO = signedInAs("API token (id 1a2b3c4d…)", "https://api.cloudflare.com/client/v4");
const SCAN: LastScan = {
  at: new Date(NOW.getTime() - HOUR),
  signedInAs: WHO,
  certificates: [
    { kind: "accessCertificate", location: { kind: "accessCertificate", accountId: "a1", scope: { kind: "zones", id: "z1" }, certificateId: "c1" }, name: "Root", where: "zone example.com", notAfter: new Date("2026-12-20T00:00:00Z") },
    { kind: "clientCertificate", location: { kind: "clientCertificate", accountId: "a1", scope: { kind: "zones", id: "z1" }, certificateId: "c2" }, name: "laptop", where: "zone example.com", notAfter: new Date("2026-11-30T00:00:00Z") },
  ],
  failures: ["client certificates of zone b.example: 403"],
  zonesSkipped: 4950,
};

function roundTrip(value: unknown): unknown {
  return JSON.parse(JSON.stringify(value)) as unknown;
}

suite("expiry: the last scan kept across windows", () => {
  test("a scan of this sign-in, younger than the interval, reads back whole", () => {
    assert.deepEqual(readLastScan(roundTrip(storedLastScan(SCAN)), { signedInAs: WHO, now: NOW, maxAgeMs: 6 * HOUR }), SCAN);
  });

  test("too old, from the future, or of another sign-in: not shown", () => {
    const stored = roundTrip(storedLastScan(SCAN));
    assert.equal(readLastScan(stored, { signedInAs: WHO, now: NOW, maxAgeMs: HOUR }), undefined);
    assert.equal(readLastScan(stored, { signedInAs: WHO, now: new Date(NOW.getTime() - 2 * HOUR), maxAgeMs: 6 * HOUR }), undefined);
    assert.equal(readLastScan(stored, { signedInAs: signedInAs("API token (id 9f9f…)", "https://api.cloudflare.com/client/v4"), now: NOW, maxAgeMs: 6 * HOUR }), undefined);
  });

  test("anything that is not a whole scan is ignored, never half-trusted", () => {
    const expected = { signedInAs: WHO, now: NOW, maxAgeMs: 6 * HOUR };
    const good = storedLastScan(SCAN);
    for (const bad of [
      undefined,
      "scan",
      [],
      { ...good, at: "yesterday" },
      { ...good, zonesSkipped: -1 },
      { ...good, failures: [42] },
      { ...good, certificates: [{ ...good.certificates[0], notAfter: "never" }] },
      { ...good, certificates: [{ ...good.certificates[0], kind: "sshKey" }] },
      { ...good, certificates: [{ ...good.certificates[0], location: { ...good.certificates[0]?.location, scope: { kind: "planets", id: "z1" } } }] },
    ]) {
      assert.equal(readLastScan(roundTrip(bad ?? null), expected), undefined, JSON.stringify(bad));
    }
  });
});
