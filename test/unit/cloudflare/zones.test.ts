// An account's zones a page at a time, and by name, over HTTP against the sandbox.
import assert from "node:assert/strict";
import { listZonePage, zoneNameProblem, ZONE_PAGE_SIZE } from "../../../src/cloudflare/zones";
import { useSandbox } from "./sandboxFixture";

suite("zones a page at a time (sandbox)", () => {
  const fixture = useSandbox();

  function addZones(count: number, name: (index: number) => string = (index) => `zone-${String(index).padStart(3, "0")}.example.com`): void {
    const { sandbox, account } = fixture();
    for (let index = 0; index < count; index++) {
      sandbox.addZone(account.id, { name: name(index) });
    }
  }

  test("one request a page, 50 zones each, with the total and whether more follow", async () => {
    const { client, sandbox, account } = fixture();
    addZones(120);
    const first = await listZonePage(client(), account.id, { page: 1 });
    assert.equal(first.zones.length, ZONE_PAGE_SIZE);
    assert.equal(first.zones[0]?.name, "zone-000.example.com");
    assert.deepEqual({ page: first.page, totalCount: first.totalCount, hasMore: first.hasMore }, { page: 1, totalCount: 120, hasMore: true });
    const last = await listZonePage(client(), account.id, { page: 3 });
    assert.deepEqual([last.zones.length, last.hasMore, last.zones[0]?.name], [20, false, "zone-100.example.com"]);
    assert.deepEqual(
      sandbox.requests.map((request) => request.query),
      [
        { "account.id": account.id, page: "1", per_page: "50" },
        { "account.id": account.id, page: "3", per_page: "50" },
      ],
    );
  });

  test("exactly a page of zones has no more after it", async () => {
    const { client, account } = fixture();
    addZones(50);
    assert.equal((await listZonePage(client(), account.id, { page: 1 })).hasMore, false);
  });

  test("nameContains sends Cloudflare's contains: filter, trimmed, and pages the matches", async () => {
    const { client, sandbox, account } = fixture();
    addZones(60, (index) => (index % 2 === 0 ? `shop-${index}.example.com` : `api-${index}.example.com`));
    const page = await listZonePage(client(), account.id, { page: 1, nameContains: "  SHOP " });
    assert.equal(page.zones.length, 30);
    assert.ok(page.zones.every((zone) => zone.name.startsWith("shop-")));
    assert.deepEqual([page.totalCount, page.hasMore], [30, false]);
    assert.equal(sandbox.requests.at(-1)?.query["name"], "contains:SHOP");
  });

  test("an empty page ends the listing whatever total_count says", async () => {
    const { client, account } = fixture();
    addZones(10);
    const past = await listZonePage(client(), account.id, { page: 5 });
    assert.deepEqual([past.zones.length, past.hasMore], [0, false]);
  });

  test("text that cannot be part of a zone name is refused before anything is sent", async () => {
    const { client, sandbox, account } = fixture();
    assert.match(zoneNameProblem("") ?? "", /Type part of a zone name/);
    assert.match(zoneNameProblem("two words") ?? "", /no spaces/);
    assert.match(zoneNameProblem("a".repeat(245)) ?? "", /at most 244 characters/);
    assert.equal(zoneNameProblem("a".repeat(244)), undefined);
    assert.equal(zoneNameProblem(" .org "), undefined);
    await assert.rejects(listZonePage(client(), account.id, { page: 1, nameContains: " " }), RangeError);
    assert.equal(sandbox.requests.length, 0);
  });
});
