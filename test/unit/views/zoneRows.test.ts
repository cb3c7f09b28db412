// The Zones group's own rows: what they say, what they run, and that text a user typed cannot
// format a tooltip.
import assert from "node:assert/strict";
import { CommandIds } from "../../../src/identifiers";
import { findZoneRow, noZonesMatchRow, showMoreZonesRow, zoneFilterRow } from "../../../src/views/zoneRows";

const GROUP = "accounts/a/zones";

suite("views: Zones group rows", () => {
  test("Show more says how many come next and how many are left", () => {
    assert.equal(showMoreZonesRow(GROUP, 50, 5000, 50, false).row.label, "Show 50 more of 4,950 zones…");
    assert.equal(showMoreZonesRow(GROUP, 4950, 5000, 50, false).row.label, "Show 50 more of 50 zones…");
    assert.equal(showMoreZonesRow(GROUP, 180, 200, 50, false).row.label, "Show 20 more of 20 zones…");
    assert.equal(showMoreZonesRow(GROUP, 179, 180, 50, false).row.label, "Show 1 more of 1 zone…");
    assert.equal(showMoreZonesRow(GROUP, 50, 625, 50, true).row.label, "Show 50 more of 575 matching zones…");
    // Without a total (or a total Cloudflare got wrong), no number is made up.
    assert.equal(showMoreZonesRow(GROUP, 50, undefined, 50, false).row.label, "Show more zones…");
    assert.equal(showMoreZonesRow(GROUP, 50, 40, 50, true).row.label, "Show more matching zones…");
    const row = showMoreZonesRow(GROUP, 50, 5000, 50, false);
    assert.deepEqual([row.row.id, row.row.icon.id, row.command?.id, row.command?.argument], [`${GROUP}/more`, "more", CommandIds.showMoreZones, "owner"]);
  });

  test("Find Zone… and the filter row run their commands on the group", () => {
    const find = findZoneRow(GROUP);
    assert.deepEqual([find.row.label, find.row.icon.id, find.command?.id, find.command?.argument], ["Find Zone…", "search", CommandIds.findZone, "owner"]);
    const filter = zoneFilterRow(GROUP, "shop", 50, 625, true);
    assert.deepEqual([filter.row.label, filter.command?.id], ["Zones containing “shop”: 625 zones", CommandIds.clearZoneFilter]);
    assert.equal(zoneFilterRow(GROUP, "shop", 50, undefined, true).row.label, "Zones containing “shop”: 50+ zones");
    assert.equal(zoneFilterRow(GROUP, "x", 1, 1, false).row.label, "Zones containing “x”: 1 zone");
  });

  test("what the user typed is escaped in a tooltip", () => {
    const row = noZonesMatchRow(GROUP, "[a](http://evil)");
    assert.equal(row.row.label, "No zone's name contains “[a](http://evil)”");
    assert.ok(!row.row.tooltip?.includes("[a](http"), row.row.tooltip);
  });
});
