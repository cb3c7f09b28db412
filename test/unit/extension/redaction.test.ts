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

suite("redactSecrets: credentials nobody told it about", () => {
  // Shapes from Cloudflare's "Token formats" page: a prefix, 40 characters and a checksum.
  const userToken = "cfut_Zq9vXbN3kTq7YpLmW2sRfHd8JcGa5UeVt1oKiEyB7Qm2x1";
  const accountToken = "cfat_A1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6Q7r8S9t0Uv3w9";
  const globalKey = "cfk_0a1B2c3D4e5F6g7H8i9J0k1L2m3N4o5P6q7R8s9T0ppq7";
  const legacyToken = "Zq9vXbN3kTq7YpLmW2sRfHd8JcGa5UeVt1oKiEyB";
  const legacyKey = "144c9defac04969c7bfad8efaa8ea194abcde";

  const contexts: readonly [string, (secret: string) => string][] = [
    ["a bare value", (secret) => `token ${secret} rejected`],
    ["a JSON field", (secret) => JSON.stringify({ token: secret })],
    ["a query string", (secret) => `GET /x?cf_token=${secret}&page=1`],
    ["a URL-encoded Bearer header", (secret) => `Authorization%3A%20Bearer%20${secret}`],
    ["a form-encoded Bearer", (secret) => `auth=Bearer+${secret}`],
    ["an X-Auth-Key header", (secret) => `X-Auth-Key: ${secret}`],
    ["a URL-encoded X-Auth-Key", (secret) => `X-Auth-Key%3A%20${secret}`],
    ["a reason phrase", (secret) => `HTTP 401 Invalid token ${secret}`],
    ["quotes", (secret) => `'${secret}'`],
  ];
  for (const [kind, secret] of [
    ["a user token (cfut_)", userToken],
    ["an account token (cfat_)", accountToken],
    ["a Global API key (cfk_)", globalKey],
    ["a legacy 40-character token", legacyToken],
    ["a legacy 37-hex Global API key", legacyKey],
  ] as const) {
    test(`${kind} is removed in every context`, () => {
      for (const [where, make] of contexts) {
        const redacted = redactSecrets(make(secret));
        assert.ok(!redacted.includes(secret), `${where}: ${redacted}`);
        assert.match(redacted, /\[redacted\]/, where);
      }
    });
  }

  test("fingerprints, ids and serials are left alone", () => {
    const text = "sha1 3f786850e387550fdab836ed7e6dc881de23001b, id 0123456789abcdef0123456789abcdef, uuid 6b1f1c52-6a0e-4a40-9a36-c7a1c0f0e0a1, serial 235217144297995885180570755458463043449861756659";
    assert.equal(redactSecrets(text), text);
  });

  test("a remembered secret is removed URL-encoded too", () => {
    const secret = "pa ss/word+with=odd&chars";
    assert.equal(redactSecrets(`q=${encodeURIComponent(secret)}`, [secret]), "q=[redacted]");
  });
});
