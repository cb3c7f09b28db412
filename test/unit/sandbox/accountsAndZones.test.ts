import assert from "node:assert/strict";
import { startSandbox, type CloudflareSandbox, type SandboxAccount } from "../../support/cloudflareSandbox";
import { callSandbox, errorCodes, resultArray, resultObject } from "./callSandbox";

suite("sandbox: accounts and zones", () => {
  let sandbox: CloudflareSandbox;
  let accounts: SandboxAccount[];

  suiteSetup(async () => {
    sandbox = await startSandbox();
    sandbox.addApiToken("t");
    accounts = Array.from({ length: 12 }, (_, i) => sandbox.addAccount({ name: `Account ${String(i + 1).padStart(2, "0")}` }));
    const [a, b] = accounts;
    if (!a || !b) {
      throw new Error("accounts missing");
    }
    for (let i = 0; i < 7; i++) {
      sandbox.addZone(a.id, { name: `zone${i}.example.com` });
    }
    sandbox.addZone(b.id, { name: "other.example.net", status: "pending" });
  });

  suiteTeardown(() => sandbox.close());

  test("accounts get 32-hex ids and keep a given id", () => {
    assert.match(accounts[0]?.id ?? "", /^[0-9a-f]{32}$/);
    const fixed = sandbox.addAccount({ id: "feedfacefeedfacefeedfacefeedface", name: "Fixed" });
    assert.equal(fixed.id, "feedfacefeedfacefeedfacefeedface");
  });

  test("GET /accounts pages with page/per_page and reports result_info", async () => {
    const total = sandbox.accounts().length;
    const answer = await callSandbox(sandbox, "GET", "/accounts?page=2&per_page=5", { token: "t" });
    assert.equal(answer.status, 200);
    assert.equal(answer.envelope.success, true);
    assert.deepEqual(answer.envelope.errors, []);
    assert.deepEqual(answer.envelope.result_info, { page: 2, per_page: 5, count: 5, total_count: total, total_pages: Math.ceil(total / 5) });
    const names = resultArray(answer).map((a) => a["name"]);
    assert.deepEqual(names, ["Account 06", "Account 07", "Account 08", "Account 09", "Account 10"]);
    const account = resultArray(answer)[0] ?? {};
    assert.deepEqual(Object.keys(account).sort(), ["created_on", "id", "name", "settings", "type"]);
  });

  test("a page past the end is empty, not an error", async () => {
    const answer = await callSandbox(sandbox, "GET", "/accounts?page=99&per_page=50", { token: "t" });
    assert.equal(answer.status, 200);
    assert.deepEqual(answer.envelope.result, []);
    assert.equal(answer.envelope.result_info?.count, 0);
  });

  test("without per_page the default page size (20) applies", async () => {
    const answer = await callSandbox(sandbox, "GET", "/accounts", { token: "t" });
    assert.equal(answer.envelope.result_info?.per_page, 20);
    assert.equal(answer.envelope.result_info?.page, 1);
  });

  test("defaultPerPage changes the default page size", async () => {
    const small = await startSandbox({ defaultPerPage: 2 });
    try {
      small.addApiToken("t");
      for (const name of ["a", "b", "c"]) {
        small.addAccount({ name });
      }
      const answer = await callSandbox(small, "GET", "/accounts", { token: "t" });
      assert.equal(resultArray(answer).length, 2);
      assert.equal(answer.envelope.result_info?.total_pages, 2);
    } finally {
      await small.close();
    }
  });

  test("per_page outside 5..50 and bad page values answer 400", async () => {
    for (const query of ["per_page=4", "per_page=51", "per_page=abc", "page=0", "page=-1", "page=1.5", "per_page="]) {
      for (const path of ["/accounts", "/zones"]) {
        const answer = await callSandbox(sandbox, "GET", `${path}?${query}`, { token: "t" });
        assert.equal(answer.status, 400, `${path}?${query}`);
        assert.equal(answer.envelope.success, false);
        assert.equal(answer.envelope.result, null);
        assert.deepEqual(errorCodes(answer), [1004], `${path}?${query}`);
      }
    }
  });

  test("GET /zones?account.id= lists that account's zones with their account, paginated", async () => {
    const account = accounts[0];
    assert.ok(account);
    const answer = await callSandbox(sandbox, "GET", `/zones?account.id=${account.id}&per_page=5&page=2`, { token: "t" });
    assert.equal(answer.status, 200);
    assert.deepEqual(answer.envelope.result_info, { page: 2, per_page: 5, count: 2, total_count: 7, total_pages: 2 });
    const zone = resultArray(answer)[0] ?? {};
    assert.equal(zone["name"], "zone5.example.com");
    assert.equal(zone["status"], "active");
    assert.deepEqual(zone["account"], { id: account.id, name: account.name });
  });

  test("GET /zones without a filter lists only zones the token reaches", async () => {
    const [a, b] = accounts;
    assert.ok(a && b);
    sandbox.addApiToken("only-b", { accountIds: [b.id] });
    const answer = await callSandbox(sandbox, "GET", "/zones", { token: "only-b" });
    assert.deepEqual(
      resultArray(answer).map((z) => [z["name"], z["status"]]),
      [["other.example.net", "pending"]],
    );
  });

  test("GET /accounts/{id} and /zones/{id} answer the single object; unknown ids answer 404 code 7003", async () => {
    const account = accounts[1];
    assert.ok(account);
    assert.equal(resultObject(await callSandbox(sandbox, "GET", `/accounts/${account.id}`, { token: "t" }))["name"], account.name);
    const zone = sandbox.zones(account.id)[0];
    assert.ok(zone);
    assert.equal(resultObject(await callSandbox(sandbox, "GET", `/zones/${zone.id}`, { token: "t" }))["name"], "other.example.net");
    const unknown = await callSandbox(sandbox, "GET", "/zones/0123456789abcdef0123456789abcdef", { token: "t" });
    assert.equal(unknown.status, 404);
    assert.deepEqual(unknown.envelope.errors, [
      { code: 7003, message: "Could not route to /zones/0123456789abcdef0123456789abcdef, perhaps your object identifier is invalid?" },
    ]);
  });
});
