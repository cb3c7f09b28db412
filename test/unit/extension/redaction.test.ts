import assert from "node:assert/strict";
import { redactSecrets } from "../../../src/redaction";

suite("redactSecrets", () => {
  const token = "Zq9vXbN3kTq7YpLmW2sRfHd8JcGa5UeVt1oKiEyB";

  test("removes a known secret wherever it appears", () => {
    const text = `GET /accounts failed for ${token} (again: ${token})`;
    assert.equal(redactSecrets(text, [token]), "GET /accounts failed for [redacted] (again: [redacted])");
  });

  test("removes header-shaped credentials even when the secret is unknown", () => {
    const text = 'curl -H "Authorization: Bearer abc.def-123" -H "X-Auth-Key: 144c9defac04969c7bfad8efaa8ea194"';
    const redacted = redactSecrets(text);
    assert.ok(!redacted.includes("abc.def-123"), redacted);
    assert.ok(!redacted.includes("144c9defac04969c7bfad8efaa8ea194"), redacted);
    assert.match(redacted, /Bearer \[redacted\]/);
  });

  test("leaves ordinary text and short values alone", () => {
    assert.equal(redactSecrets("GET /accounts 200 41 ms", ["short"]), "GET /accounts 200 41 ms");
  });
});
