import assert from "node:assert/strict";
import { validateAccountId, validateEmail, validateSecret } from "../../../src/commands/credentialInput";

suite("sign-in input validation", () => {
  test("a token must be pasted alone, without Bearer or spaces", () => {
    assert.match(validateSecret("", "API token") ?? "", /Paste your API token/);
    assert.match(validateSecret("Bearer abcdefghijklmnopqrstuvwxyz0123", "API token") ?? "", /without "Bearer"/);
    assert.equal(validateSecret("abcdefghij klmnopqrstuvwxyz", "API token"), "An API token has no spaces or line breaks: check what you pasted.");
    assert.equal(validateSecret("short", "Global API key"), "That is too short for a Global API key.");
    assert.equal(validateSecret("  abcdefghijklmnopqrstuvwxyz0123456789ABCD  ", "API token"), undefined);
  });

  test("email and account id", () => {
    assert.equal(validateEmail("dev@example.com"), undefined);
    assert.ok(validateEmail("dev@"));
    assert.equal(validateAccountId("023e105f4ecef8ad9ca31a8372d0c353"), undefined);
    assert.ok(validateAccountId("023e105f"));
  });
});
