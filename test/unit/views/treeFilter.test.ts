// The tree's filters: which certificate rows stay, and what the view says while a filter is on.
import assert from "node:assert/strict";
import { describeExpiry } from "../../../src/certificates/expiry";
import { describeFilter, isFiltering, matchesFilter, matchesText, NO_FILTER } from "../../../src/views/treeFilter";

const now = new Date("2026-12-02T12:00:00Z");
const inDays = (days: number) => describeExpiry({ notAfter: new Date(now.getTime() + days * 86_400_000) }, now, 30);

suite("tree filter", () => {
  test("text: case-insensitive, every word somewhere in the name, common name, issuer or hostnames", () => {
    const terms = ["Acme Clients CA", "CN=Acme Root, O=Acme Inc", "api.example.com"];
    assert.ok(matchesText("acme", terms));
    assert.ok(matchesText("API.EXAMPLE", terms));
    assert.ok(matchesText("root api", terms));
    assert.ok(!matchesText("root shop", terms));
    assert.ok(matchesText("   ", terms));
  });

  test("expiring only keeps expiring and expired certificates, not valid, not-yet-valid or unknown ones", () => {
    const filter = { expiringOnly: true, text: "" };
    assert.ok(matchesFilter(filter, [], inDays(5)));
    assert.ok(matchesFilter(filter, [], inDays(-1)));
    assert.ok(!matchesFilter(filter, [], inDays(90)));
    assert.ok(!matchesFilter(filter, [], undefined));
    assert.ok(!matchesFilter(filter, [], describeExpiry({ notAfter: new Date("2030-01-01Z"), notBefore: new Date("2029-01-01Z") }, now, 30)));
  });

  test("both filters at once; no filter keeps everything", () => {
    assert.ok(matchesFilter({ expiringOnly: true, text: "shop" }, ["shop.example.com"], inDays(3)));
    assert.ok(!matchesFilter({ expiringOnly: true, text: "shop" }, ["api.example.com"], inDays(3)));
    assert.ok(matchesFilter(NO_FILTER, [], undefined));
    assert.ok(!isFiltering(NO_FILTER));
  });

  test("the view's description names what is filtered", () => {
    assert.equal(describeFilter(NO_FILTER), undefined);
    assert.equal(describeFilter({ expiringOnly: true, text: "" }), "Filter: expiring and expired");
    assert.equal(describeFilter({ expiringOnly: true, text: "acme" }), "Filter: expiring and expired · “acme”");
    assert.equal(describeFilter({ expiringOnly: false, text: "acme" }), "Filter: “acme”");
  });
});
