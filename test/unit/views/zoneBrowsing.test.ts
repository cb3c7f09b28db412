// An account's Zones group at enterprise scale, driven as VS Code drives the tree (getChildren,
// then getTreeItem for each row) over the sandbox's scale seed: 5,000 zones in one account,
// 200 in each of three. Zones come a page at a time, found zones replace the list until cleared,
// and each step costs the requests it says.
import "../../support/vscodeModule";
import assert from "node:assert/strict";
import type * as vscode from "vscode";
import { CommandIds } from "../../../src/identifiers";
import type { TreeNode, ZonesGroupNode } from "../../../src/views/treeNodes";
import { isZonesGroupNode } from "../../../src/views/treeNodes";
import { SCALE_API_TOKEN, SCALE_LARGE_ZONES, SCALE_REGIONAL_ZONES, scaleZoneName, startSandbox, type CloudflareSandbox } from "../../support/cloudflareSandbox";
import { rowLabel as label, treeInNode, type TreeInNode, type TreeRow as Row } from "../../support/treeInNode";


suite("views: an account's zones a page at a time (scale seed)", () => {
  let sandbox: CloudflareSandbox;
  let view: TreeInNode;

  suiteSetup(async () => {
    sandbox = await startSandbox({ seed: "scale" });
  });
  suiteTeardown(() => sandbox.close());
  setup(async () => {
    view = await treeInNode(sandbox.baseUrl, SCALE_API_TOKEN);
  });
  teardown(() => view.dispose());

  async function zonesGroup(accountName: string): Promise<ZonesGroupNode> {
    const account = (await view.expand()).find((row) => label(row) === accountName);
    assert.ok(account, `account ${accountName} is shown`);
    const group = (await view.expand(account.node)).map((row) => row.node).find(isZonesGroupNode);
    assert.ok(group, "the account has a Zones group");
    return group;
  }

  /** Expands `node` and returns its rows and the requests the sandbox received meanwhile. */
  async function expandCounting(node: TreeNode): Promise<{ rows: Row[]; requests: { path: string; query: Record<string, string> }[] }> {
    const mark = sandbox.requests.length;
    const rows = await view.expand(node);
    return { rows, requests: sandbox.requests.slice(mark).map(({ path, query }) => ({ path, query })) };
  }

  const zoneRows = (rows: readonly Row[]) => rows.filter((row) => row.node.kind === "zone");
  const commandOf = (row: Row | undefined) => row?.item.command;

  test("5,000 zones: the first 50 show after one request, with Find Zone… above and “Show 50 more of 4,950 zones…” below", async () => {
    const group = await zonesGroup("Globex Enterprise");
    const { rows, requests } = await expandCounting(group);
    assert.deepEqual(requests, [{ path: "/zones", query: { "account.id": group.account.id, page: "1", per_page: "50" } }]);
    assert.equal(zoneRows(rows).length, 50);
    assert.deepEqual(zoneRows(rows).slice(0, 2).map(label), [scaleZoneName("globex", 0), scaleZoneName("globex", 1)]);
    const first = rows[0];
    const last = rows.at(-1);
    assert.equal(first && label(first), "Find Zone…");
    assert.equal(commandOf(first)?.command, CommandIds.findZone);
    assert.deepEqual(commandOf(first)?.arguments, [group]);
    assert.equal(last && label(last), "Show 50 more of 4,950 zones…");
    assert.equal(commandOf(last)?.command, CommandIds.showMoreZones);
    assert.deepEqual(commandOf(last)?.arguments, [group]);
    assert.equal((last?.item.iconPath as vscode.ThemeIcon | undefined)?.id, "more");
  });

  test("Show more costs one request a page, keeps the rows shown, and ends with the last zone and no Show more row", async () => {
    const group = await zonesGroup("Globex Enterprise");
    await view.expand(group);
    view.repository.showMoreZones(group.account.id);
    const second = await expandCounting(group);
    assert.deepEqual(
      second.requests.map((request) => request.query["page"]),
      ["2"],
    );
    assert.equal(zoneRows(second.rows).length, 100);
    assert.equal(label(second.rows.at(-1) as Row), "Show 50 more of 4,900 zones…");
    const mark = sandbox.requests.length;
    // Clicked 98 times before the tree asked again: the new pages are asked for together.
    for (let page = 3; page <= SCALE_LARGE_ZONES / 50; page++) {
      view.repository.showMoreZones(group.account.id);
    }
    const rows = await view.expand(group);
    assert.equal(sandbox.requests.length - mark, SCALE_LARGE_ZONES / 50 - 2, "one request for each page after the second");
    const zones = zoneRows(rows);
    assert.equal(zones.length, SCALE_LARGE_ZONES);
    assert.equal(new Set(zones.map((row) => row.node.id)).size, SCALE_LARGE_ZONES, "no zone twice");
    assert.equal(label(zones.at(-1) as Row), scaleZoneName("globex", SCALE_LARGE_ZONES - 1));
    assert.equal(rows.at(-1)?.node.kind, "zone", "no Show more row after the last page");
  });

  test("a page that fails loses none of the zones before it; its row asks for that page again", async () => {
    const group = await zonesGroup("Globex Enterprise");
    await view.expand(group);
    sandbox.injectFault({ kind: "errorEnvelope", httpStatus: 400, code: 9999, message: "sandbox: page refused" }, { path: /^\/zones$/ });
    view.repository.showMoreZones(group.account.id);
    const failed = await view.expand(group);
    assert.equal(zoneRows(failed).length, 50);
    const last = failed.at(-1);
    assert.match(last ? label(last) : "", /^Could not load more zones: .*page refused/);
    assert.equal(last?.item.contextValue, "error");
    assert.equal(commandOf(last)?.command, CommandIds.showMoreZones);
    assert.deepEqual(commandOf(last)?.arguments, [group]);
    view.repository.showMoreZones(group.account.id);
    const again = await expandCounting(group);
    assert.deepEqual(
      again.requests.map((request) => request.query["page"]),
      ["2"],
    );
    assert.equal(zoneRows(again.rows).length, 100);
    assert.equal(label(again.rows.at(-1) as Row), "Show 50 more of 4,900 zones…");
  });

  test("Find Zone… shows the zones whose name contains the text (Cloudflare's name filter, one request); clearing shows the first page again from the cache", async () => {
    const group = await zonesGroup("Globex Enterprise");
    await view.expand(group);
    view.repository.findZones(group.account.id, " 0042 ");
    const found = await expandCounting(group);
    assert.deepEqual(found.requests, [{ path: "/zones", query: { "account.id": group.account.id, name: "contains:0042", page: "1", per_page: "50" } }]);
    assert.deepEqual(found.rows.map(label), ["Zones containing “0042”: 1 zone", scaleZoneName("globex", 42)]);
    assert.equal(commandOf(found.rows[0])?.command, CommandIds.clearZoneFilter);
    assert.deepEqual(commandOf(found.rows[0])?.arguments, [group]);

    view.repository.clearZoneFilter(group.account.id);
    const cleared = await expandCounting(group);
    assert.deepEqual(cleared.requests, [], "the first page is still cached");
    assert.equal(zoneRows(cleared.rows).length, 50);
  });

  test("a search matching more than a page pages the same way, and one matching nothing says so", async () => {
    const group = await zonesGroup("Globex Enterprise");
    view.repository.findZones(group.account.id, "shop");
    const rows = await view.expand(group);
    const matching = SCALE_LARGE_ZONES / 8;
    assert.equal(label(rows[0] as Row), `Zones containing “shop”: ${matching} zones`);
    assert.equal(zoneRows(rows).length, 50);
    assert.ok(zoneRows(rows).every((row) => label(row).includes("shop")));
    assert.equal(label(rows.at(-1) as Row), `Show 50 more of ${matching - 50} matching zones…`);

    view.repository.findZones(group.account.id, "no-such-zone");
    assert.deepEqual((await view.expand(group)).map(label), ["Zones containing “no-such-zone”: 0 zones", "No zone's name contains “no-such-zone”"]);
  });

  test("a search no longer shown is forgotten: going back to it asks Cloudflare again", async () => {
    const group = await zonesGroup("Globex Enterprise");
    view.repository.findZones(group.account.id, "portal");
    await view.expand(group);
    view.repository.findZones(group.account.id, "status");
    await view.expand(group);
    view.repository.findZones(group.account.id, "portal");
    const again = await expandCounting(group);
    assert.deepEqual(
      again.requests.map((request) => request.query["name"]),
      ["contains:portal"],
    );
  });

  test("Refresh of the group starts again from its first page", async () => {
    const group = await zonesGroup("Globex Enterprise");
    view.repository.showMoreZones(group.account.id);
    view.repository.showMoreZones(group.account.id);
    assert.equal(zoneRows(await view.expand(group)).length, 150);
    const key = group.childrenCacheKey();
    view.repository.invalidate(key);
    const reloaded = await expandCounting(group);
    assert.deepEqual(
      reloaded.requests.map((request) => request.query["page"]),
      ["1"],
    );
    assert.equal(zoneRows(reloaded.rows).length, 50);
  });

  test("200 zones: four pages, the last of them ends the list", async () => {
    const group = await zonesGroup("Initech EMEA");
    for (let page = 1; page < SCALE_REGIONAL_ZONES / 50; page++) {
      view.repository.showMoreZones(group.account.id);
    }
    const { rows, requests } = await expandCounting(group);
    assert.equal(requests.length, SCALE_REGIONAL_ZONES / 50, "the four pages, asked together");
    assert.equal(zoneRows(rows).length, SCALE_REGIONAL_ZONES);
    assert.equal(label(rows[0] as Row), "Find Zone…");
    assert.equal(rows.at(-1)?.node.kind, "zone");
  });

  test("expanding a zone costs no request; its Access and Client Certificates groups one each, mTLS Hostnames one (the account's CA list), however many CAs it holds", async () => {
    const group = await zonesGroup("Globex Enterprise");
    const zone = zoneRows(await view.expand(group))[3];
    assert.ok(zone);
    const groups = await expandCounting(zone.node);
    assert.deepEqual(groups.requests, [], "a zone's groups are known without asking");
    assert.deepEqual(
      groups.rows.map(label),
      ["Access Certificates", "Client Certificates", "mTLS Hostnames"],
    );
    const costs: number[] = [];
    for (const row of groups.rows) {
      costs.push((await expandCounting(row.node)).requests.length);
    }
    assert.ok(sandbox.mtlsCertificates(group.account.id).filter((certificate) => certificate.ca).length > 1, "the account has several uploaded CAs");
    // mTLS Hostnames: the account's CA list alone (shared with its mTLS Certificates group); each CA's row asks when expanded.
    assert.deepEqual(costs, [1, 1, 1]);
  });

  test("an uploaded CA of a 5,000-zone account is not looked for zone by zone: one request, the group's first page", async () => {
    const group = await zonesGroup("Globex Enterprise");
    const ca = sandbox.mtlsCertificates(group.account.id).find((certificate) => certificate.ca);
    assert.ok(ca);
    const mark = sandbox.requests.length;
    assert.deepEqual(await view.repository.zonesUsingCa(group.account.id, ca.id), { complete: false, zones: [] });
    assert.deepEqual(
      sandbox.requests.slice(mark).map((request) => `${request.path} ${request.query["page"] ?? ""}`),
      ["/zones 1"],
    );
  });
});
