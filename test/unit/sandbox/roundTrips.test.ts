import assert from "node:assert/strict";
import { sequentialRoundTrips, startSandbox, type RecordedRequest } from "../../support/cloudflareSandbox";

function request(startedAt: number, finishedAt?: number): RecordedRequest {
  return { method: "GET", path: "/accounts", query: {}, headers: {}, body: undefined, startedAt, finishedAt };
}

suite("sandbox: sequentialRoundTrips", () => {
  test("no requests, no round trips", () => {
    assert.equal(sequentialRoundTrips([]), 0);
  });

  test("requests one after another form one chain", () => {
    assert.equal(sequentialRoundTrips([request(0, 10), request(10, 20), request(21, 30)]), 3);
  });

  test("overlapping requests count once", () => {
    assert.equal(sequentialRoundTrips([request(0, 10), request(1, 11), request(2, 12), request(3, 13)]), 1);
  });

  test("first page, then the rest concurrently: two round trips, in any recorded order", () => {
    const pages = [request(11, 20), request(0, 10), request(12, 22), request(11, 21)];
    assert.equal(sequentialRoundTrips(pages), 2);
  });

  test("the longest chain wins, and an unfinished request ends a chain but never continues one", () => {
    // 0-5 → 6-8 → 9-10 → then either 10-(unfinished) or 12-13: four in a row. 0-9 → 10-… is only two.
    assert.equal(sequentialRoundTrips([request(0, 5), request(0, 9), request(6, 8), request(9, 10), request(10), request(12, 13)]), 4);
    assert.equal(sequentialRoundTrips([request(0), request(5, 6)]), 1);
  });

  test("over HTTP, awaited one by one, n requests are n round trips", async () => {
    const sandbox = await startSandbox();
    try {
      for (let i = 0; i < 4; i++) {
        await fetch(`${sandbox.baseUrl}/accounts`);
      }
      assert.equal(sequentialRoundTrips(sandbox.requests), 4);
    } finally {
      await sandbox.close();
    }
  });
});
