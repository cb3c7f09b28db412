// GET /zones' search parameters as Cloudflare's schema has them, and nothing else: the `name`
// filter operators, status, match, order and direction, each refused outside what the schema allows.
import assert from "node:assert/strict";
import { startSandbox, type CloudflareSandbox, type SandboxAccount } from "../../support/cloudflareSandbox";
import { callSandbox, errorCodes, resultArray } from "./callSandbox";

suite("sandbox: GET /zones name filter", () => {
  let sandbox: CloudflareSandbox;
  let account: SandboxAccount;

  suiteSetup(async () => {
    sandbox = await startSandbox();
    sandbox.addApiToken("t");
    account = sandbox.addAccount({ name: "Filters" });
    const other = sandbox.addAccount({ name: "Other" });
    for (const name of ["example.com", "Shop.Example.org", "shop.example.net", "dev.example.arpa", "blog.test.io"]) {
      sandbox.addZone(account.id, { name, status: name.startsWith("dev") ? "pending" : "active" });
    }
    sandbox.addZone(other.id, { name: "shop.other.com" });
  });

  suiteTeardown(() => sandbox.close());

  async function names(query: string): Promise<string[]> {
    const answer = await callSandbox(sandbox, "GET", `/zones?account.id=${account.id}&${query}`, { token: "t" });
    assert.equal(answer.status, 200, `${query}: ${JSON.stringify(answer.envelope.errors)}`);
    return resultArray(answer).map((zone) => String(zone["name"]));
  }

  test("each operator of the schema, case-insensitive unless it says case_sensitive", async () => {
    assert.deepEqual(await names("name=example.com"), ["example.com"]);
    assert.deepEqual(await names("name=EXAMPLE.COM"), ["example.com"]);
    assert.deepEqual(await names("name=equal:shop.example.org"), ["Shop.Example.org"]);
    assert.deepEqual(await names("name=not_equal:example.com"), ["Shop.Example.org", "shop.example.net", "dev.example.arpa", "blog.test.io"]);
    assert.deepEqual(await names("name=contains:shop"), ["Shop.Example.org", "shop.example.net"]);
    assert.deepEqual(await names("name=contains:.org"), ["Shop.Example.org"]);
    assert.deepEqual(await names("name=starts_with:dev"), ["dev.example.arpa"]);
    assert.deepEqual(await names("name=ends_with:arpa"), ["dev.example.arpa"]);
    assert.deepEqual(await names("name=contains_case_sensitive:Shop"), ["Shop.Example.org"]);
    assert.deepEqual(await names("name=starts_with_case_sensitive:shop"), ["shop.example.net"]);
    assert.deepEqual(await names("name=ends_with_case_sensitive:Example.org"), ["Shop.Example.org"]);
  });

  test("result_info counts the matches, and account.id keeps other accounts' zones out", async () => {
    const answer = await callSandbox(sandbox, "GET", `/zones?account.id=${account.id}&name=contains:shop&per_page=5`, { token: "t" });
    assert.deepEqual(answer.envelope.result_info, { page: 1, per_page: 5, count: 2, total_count: 2, total_pages: 1 });
  });

  test("what the schema does not allow is refused with 400, never matched loosely", async () => {
    const long = `contains:${"a".repeat(245)}`;
    for (const query of ["name=", "name=contains:", "name=like:shop", "name=regex:.*", `name=${long}`, "status=deleted", "match=some", "order=id", "direction=up"]) {
      const answer = await callSandbox(sandbox, "GET", `/zones?account.id=${account.id}&${query}`, { token: "t" });
      assert.equal(answer.status, 400, query);
      assert.deepEqual(errorCodes(answer), [1005], query);
    }
    // 253 characters in all is still allowed.
    assert.deepEqual(await names(`name=contains:${"a".repeat(244)}`), []);
  });

  test("status, match=any, order and direction", async () => {
    assert.deepEqual(await names("status=pending"), ["dev.example.arpa"]);
    assert.deepEqual(await names("name=contains:shop&status=pending"), []);
    assert.deepEqual(await names("name=contains:shop&status=pending&match=any"), ["Shop.Example.org", "shop.example.net", "dev.example.arpa"]);
    assert.deepEqual(await names("order=name&direction=desc&name=contains:example"), ["Shop.Example.org", "shop.example.net", "example.com", "dev.example.arpa"]);
  });
});
