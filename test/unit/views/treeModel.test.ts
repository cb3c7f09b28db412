import assert from "node:assert/strict";
import type { AccessCertificate, MtlsCertificate } from "../../../src/cloudflare/types";
import { accountScope as scopeOfAccount, rowIds, zoneScope as scopeOfZone } from "../../../src/views/certificateKind";
import { accessCertificateRow, accessGroupRow, hostnameRow } from "../../../src/views/kinds/accessCertificates";
import { kindContextValues } from "../../../src/views/kinds/index";
import { associationRow, mtlsCertificateRow, mtlsGroupRow } from "../../../src/views/kinds/mtlsCertificates";
import { accountRow, escapeMarkdown, infoRow, SHARED_CONTEXT_VALUES, zoneRow, zonesGroupRow, type RowView } from "../../../src/views/treeModel";

const ACME = { id: "acct", name: "Acme" };
const ACCT = scopeOfAccount(ACME);
const OTHER = scopeOfAccount({ id: "other", name: "Other" });
const ZONE_1 = scopeOfZone(ACME, { id: "zone-1", name: "acme.com", status: "active", account: ACME });
const CONTEXT_VALUES = [...SHARED_CONTEXT_VALUES, ...kindContextValues()];

const now = new Date("2026-11-22T12:00:00Z");
const settings = { now, warningDays: 30 };
const DAY = 86_400_000;

function mtls(overrides: Partial<MtlsCertificate> = {}): MtlsCertificate {
  return {
    id: "cert-1",
    name: "Corp Root",
    ca: true,
    certificates: "",
    issuer: "O=Example Inc.,C=US",
    serial_number: "1234",
    signature: "SHA256WithRSA",
    expires_on: new Date(now.getTime() + 400 * DAY).toISOString(),
    uploaded_on: "2026-01-01T00:00:00Z",
    type: "custom",
    ...overrides,
  };
}

function access(overrides: Partial<AccessCertificate> = {}): AccessCertificate {
  return {
    id: "acc-1",
    name: "Devices",
    associated_hostnames: ["app.acme.com"],
    fingerprint: "MD5 Fingerprint=1E:80:0F",
    expires_on: new Date(now.getTime() + 10 * DAY).toISOString(),
    ...overrides,
  };
}

suite("tree rows", () => {
  test("an mTLS CA row: kind, expiry, stable id, contextValue", () => {
    const row = mtlsCertificateRow(ACCT, mtls(), settings);
    assert.equal(row.id, "accounts/acct/mtlsCertificate/cert-1");
    assert.equal(row.id, rowIds.certificate("mtlsCertificate", ACCT, "cert-1"));
    assert.equal(row.label, "Corp Root");
    assert.equal(row.description, "CA · expires in 400 days");
    assert.equal(row.contextValue, "mtlsCertificate.ca certificate hasPem deletable rotatable");
    assert.equal(row.icon.color, undefined);
  });

  test("expired and expiring certificates are coloured", () => {
    const expired = mtlsCertificateRow(ACCT, mtls({ ca: false, expires_on: new Date(now.getTime() - 3 * DAY).toISOString() }), settings);
    assert.equal(expired.description, "Leaf · expired 3 days ago");
    assert.equal(expired.contextValue, "mtlsCertificate.leaf certificate hasPem deletable");
    assert.deepEqual(expired.icon, { id: "error", color: "list.errorForeground" });
    const expiring = accessCertificateRow(scopeOfZone(ACME, { id: "z1", name: "z1.example", account: ACME }), access(), settings);
    assert.equal(expiring.description, "1 hostname · expires in 10 days");
    assert.deepEqual(expiring.icon, { id: "warning", color: "list.warningForeground" });
    assert.equal(expiring.id, "accounts/acct/zones/z1/accessCertificate/acc-1");
  });

  test("managed certificates and nameless ones", () => {
    const row = mtlsCertificateRow(ACCT, mtls({ name: undefined, type: "gateway_managed" }), settings);
    assert.equal(row.label, "cert-1");
    assert.match(row.description ?? "", /^CA · gateway managed · /);
    assert.equal(row.contextValue, "mtlsCertificate.ca certificate hasPem deletable", "Cloudflare renews the CAs it manages: no Rotate Certificate… on them");
  });

  test("tooltips escape what the API returns", () => {
    const row = mtlsCertificateRow(ACCT, mtls({ name: "[x](command:evil) <img src=x>", issuer: "CN=*bold*" }), settings);
    assert.ok(row.tooltip?.includes("\\[x\\]\\(command:evil\\) \\<img src=x\\>"), row.tooltip);
    assert.ok(row.tooltip?.includes("CN=\\*bold\\*"));
    assert.equal(escapeMarkdown("a_b"), "a\\_b");
    assert.equal(escapeMarkdown("name\n===\r\nnext"), "name === next", "a line break in an API value cannot make a heading");
  });

  test("association rows show service and status", () => {
    const row = associationRow("accounts/a/mtlsCertificate/c", { service: "api_shield", status: "pending_deployment" }, 0);
    assert.equal(row.label, "api_shield");
    assert.equal(row.description, "pending deployment");
    assert.equal(row.contextValue, "association");
    const unknown = associationRow("p", {}, 1);
    assert.equal(unknown.label, "unknown service");
  });
});

/** `now` plus a number of days, at the same time of day. */
function inDays(count: number): string {
  return new Date(now.getTime() + count * DAY).toISOString();
}

/** Text in a Markdown tooltip that is not escaped: what a renderer would treat as syntax. */
function unescapedSyntax(markdown: string): string[] {
  const found: string[] = [];
  // Drop escaped characters, then look for what is left of link, HTML and code syntax.
  const bare = markdown.replace(/\\[\s\S]/g, "");
  for (const pattern of [/\]\(/, /</, />/, /`/, /\[/]) {
    const match = pattern.exec(bare);
    if (match) {
      found.push(match[0]);
    }
  }
  return found;
}

suite("tree rows: expiry", () => {
  const cases: readonly [number, string, "valid" | "expiring" | "expired"][] = [
    [400, "expires in 400 days", "valid"],
    [31, "expires in 31 days", "valid"],
    [30, "expires in 30 days", "expiring"],
    [12, "expires in 12 days", "expiring"],
    [1, "expires tomorrow", "expiring"],
    [-1, "expired yesterday", "expired"],
    [-3, "expired 3 days ago", "expired"],
    [-400, "expired 400 days ago", "expired"],
  ];
  const ICONS = {
    valid: undefined,
    expiring: { id: "warning", color: "list.warningForeground" },
    expired: { id: "error", color: "list.errorForeground" },
  };

  for (const [offset, label, state] of cases) {
    test(`${label}: described, coloured and read out (${state})`, () => {
      const ca = mtlsCertificateRow(ACCT, mtls({ expires_on: inDays(offset) }), settings);
      assert.equal(ca.description, `CA · ${label}`);
      assert.deepEqual(ca.icon, ICONS[state] ?? { id: "workspace-trusted" });
      assert.equal(ca.accessibilityLabel, `CA certificate Corp Root, ${label}`);
      assert.ok(ca.tooltip?.includes(` ${escapeMarkdown(`(${label})`)}  \n`), ca.tooltip);

      const leaf = mtlsCertificateRow(ACCT, mtls({ ca: false, expires_on: inDays(offset) }), settings);
      assert.deepEqual(leaf.icon, ICONS[state] ?? { id: "key" });

      const accessRow = accessCertificateRow(ACCT, access({ expires_on: inDays(offset), associated_hostnames: [] }), settings);
      assert.equal(accessRow.description, `0 hostnames · ${label}`);
      assert.deepEqual(accessRow.icon, ICONS[state] ?? { id: "verified" });
    });
  }

  test("later today and earlier today", () => {
    const later = mtlsCertificateRow(ACCT, mtls({ expires_on: "2026-11-22T23:00:00Z" }), settings);
    assert.equal(later.description, "CA · expires today");
    assert.equal(later.icon.id, "warning");
    const earlier = mtlsCertificateRow(ACCT, mtls({ expires_on: "2026-11-22T01:00:00Z" }), settings);
    assert.equal(earlier.description, "CA · expired today");
    assert.equal(earlier.icon.id, "error");
  });

  test("the warning window follows the setting", () => {
    const record = mtls({ expires_on: inDays(45) });
    assert.equal(mtlsCertificateRow(ACCT, record, settings).icon.id, "workspace-trusted");
    assert.deepEqual(mtlsCertificateRow(ACCT, record, { now, warningDays: 60 }).icon, { id: "warning", color: "list.warningForeground" });
  });

  test("an expiry date Cloudflare sent that cannot be read: no claim, the raw value in the tooltip", () => {
    for (const expires_on of ["", "not a date"]) {
      const row = mtlsCertificateRow(ACCT, mtls({ expires_on }), settings);
      assert.equal(row.description, "CA");
      assert.deepEqual(row.icon, { id: "workspace-trusted" });
      assert.equal(row.accessibilityLabel, "CA certificate Corp Root, expiry unknown");
    }
    assert.match(mtlsCertificateRow(ACCT, mtls({ expires_on: "not a date" }), settings).tooltip ?? "", /Expires: not a date/);
    const accessRow = accessCertificateRow(ACCT, access({ expires_on: "soon" }), settings);
    assert.equal(accessRow.description, "1 hostname");
    assert.deepEqual(accessRow.icon, { id: "verified" });
  });

  test("dates in tooltips are ISO without milliseconds", () => {
    const row = mtlsCertificateRow(ACCT, mtls({ expires_on: "2027-01-02T03:04:05.000Z", uploaded_on: "2026-01-01T00:00:00.000Z" }), settings);
    assert.ok(row.tooltip?.includes(`Expires: ${escapeMarkdown("2027-01-02T03:04:05Z (expires in 41 days)")}  \n`), row.tooltip);
    assert.ok(row.tooltip?.includes(`Uploaded: ${escapeMarkdown("2026-01-01T00:00:00Z")}  \n`), row.tooltip);
  });
});

suite("tree rows: ids, kinds and tooltips", () => {
  const accountScope = ACCT;
  const zoneScope = ZONE_1;

  function allRows(): RowView[] {
    const certificateRow = mtlsCertificateRow(ACCT, mtls(), settings);
    return [
      accountRow({ id: "acct", name: "Acme", type: "enterprise" }),
      mtlsGroupRow(accountScope),
      accessGroupRow(accountScope),
      accessGroupRow(zoneScope),
      zonesGroupRow("acct"),
      zoneRow("acct", { id: "zone-1", name: "acme.com", status: "active", account: ACME }),
      certificateRow,
      mtlsCertificateRow(ACCT, mtls({ id: "cert-2", ca: false }), settings),
      accessCertificateRow(accountScope, access(), settings),
      accessCertificateRow(zoneScope, access(), settings),
      associationRow(certificateRow.id, { service: "api_shield", status: "active" }, 0),
      hostnameRow(rowIds.certificate("accessCertificate", accountScope, "acc-1"), "app.acme.com"),
      infoRow(rowIds.group("mtlsCertificate", accountScope), "empty", "No mTLS certificates").row,
    ];
  }

  test("each kind of row has its contextValue, from the known list", () => {
    const values = allRows().map((row) => row.contextValue);
    assert.deepEqual(values, [
      "account",
      "group.mtlsCertificate uploadable",
      "group.accessCertificate uploadable",
      "group.accessCertificate uploadable",
      "group.zones",
      "zone",
      "mtlsCertificate.ca certificate hasPem deletable rotatable",
      "mtlsCertificate.leaf certificate hasPem deletable",
      "accessCertificate certificate deletable rotatable",
      "accessCertificate certificate deletable rotatable",
      "association",
      "hostname",
      "info",
    ]);
    for (const value of values) {
      assert.ok(CONTEXT_VALUES.includes(value), value);
    }
  });

  test("ids are unique across the tree and the same on every build", () => {
    const first = allRows().map((row) => row.id);
    assert.equal(new Set(first).size, first.length, first.join("\n"));
    assert.deepEqual(
      allRows().map((row) => row.id),
      first,
    );
    assert.deepEqual(first.slice(0, 6), [
      "accounts/acct",
      "accounts/acct/mtlsCertificate",
      "accounts/acct/accessCertificate",
      "accounts/acct/zones/zone-1/accessCertificate",
      "accounts/acct/zones",
      "accounts/acct/zones/zone-1",
    ]);
    assert.equal(first[10], "accounts/acct/mtlsCertificate/cert-1/associations/0/api_shield");
    assert.equal(first[11], "accounts/acct/accessCertificate/acc-1/hostnames/app.acme.com");
    assert.equal(first[12], "accounts/acct/mtlsCertificate/empty");
  });

  test("ids do not depend on names, expiry or the clock", () => {
    const before = mtlsCertificateRow(ACCT, mtls(), settings);
    const after = mtlsCertificateRow(ACCT, mtls({ name: "Renamed", expires_on: inDays(-5) }), { now: new Date(now.getTime() + 90 * DAY), warningDays: 7 });
    assert.equal(after.id, before.id);
    assert.notEqual(mtlsCertificateRow(OTHER, mtls(), settings).id, before.id, "the same certificate id in two accounts");
    assert.notEqual(accessCertificateRow(accountScope, access(), settings).id, accessCertificateRow(scopeOfZone(ACME, { id: "acct", name: "acct.example", account: ACME }), access(), settings).id);
  });

  test("two associations of the same service keep apart", () => {
    const a = associationRow("p", { service: "workers", status: "active" }, 0);
    const b = associationRow("p", { service: "workers", status: "pending_deletion" }, 1);
    assert.notEqual(a.id, b.id);
  });

  test("association statuses have their icons", () => {
    assert.deepEqual(associationRow("p", { service: "s", status: "active" }, 0).icon, { id: "pass", color: "testing.iconPassed" });
    assert.deepEqual(associationRow("p", { service: "s", status: "pending_deployment" }, 0).icon, { id: "sync", color: "list.warningForeground" });
    assert.deepEqual(associationRow("p", { service: "s", status: "pending_deletion" }, 0).icon, { id: "trash", color: "list.warningForeground" });
    assert.deepEqual(associationRow("p", { service: "s", status: "failed" }, 0).icon, { id: "error", color: "list.errorForeground" });
    assert.deepEqual(associationRow("p", { service: "s", status: "something_new" }, 0).icon, { id: "plug" });
    assert.equal(associationRow("p", { service: "s" }, 0).description, "unknown status");
  });

  test("groups say which scope they are; accounts and zones show what matters", () => {
    assert.equal(mtlsGroupRow(accountScope).description, undefined);
    assert.notEqual(accessGroupRow(accountScope).tooltip, accessGroupRow(zoneScope).tooltip);
    assert.equal(accountRow({ id: "acct", name: "Acme", type: "enterprise" }).description, "Enterprise");
    assert.equal(accountRow({ id: "acct", name: "Acme", type: "standard" }).description, undefined);
    assert.equal(accountRow({ id: "acct", name: "" }).label, "acct");
    assert.equal(zoneRow("acct", { id: "z", name: "acme.com", status: "pending", account: { id: "acct", name: "Acme" } }).description, "pending");
    assert.equal(zoneRow("acct", { id: "z", name: "acme.com", status: "active", account: { id: "acct", name: "Acme" } }).description, undefined);
    assert.equal(accessCertificateRow(accountScope, access({ associated_hostnames: ["a.acme.com", "b.acme.com"] }), settings).description, "2 hostnames · expires in 10 days");
  });

  test("Access tooltips say which scope and list the hostnames", () => {
    const tooltip = accessCertificateRow(zoneScope, access({ associated_hostnames: ["a.acme.com", "b.acme.com"] }), settings).tooltip ?? "";
    assert.ok(tooltip.includes(`Kind: ${escapeMarkdown("Access root CA (zone)")}  \n`), tooltip);
    assert.ok(tooltip.includes(`Hostnames: ${escapeMarkdown("a.acme.com, b.acme.com")}  \n`), tooltip);
    assert.match(tooltip, /MD5 fingerprint: 1E:80:0F {2}\n/);
    assert.match(accessCertificateRow(accountScope, access({ associated_hostnames: [] }), settings).tooltip ?? "", /Hostnames: none/);
  });

  test("no value from the API can inject Markdown syntax into any tooltip", () => {
    const evil = "[click](command:cloudflareMtls.signOut) <img src=x onerror=alert(1)> `code` ![i](https://e.x/i.png) **b** _i_ # h & | ~";
    const rows = [
      accountRow({ id: evil, name: evil, type: evil }),
      zoneRow("acct", { id: evil, name: evil, status: evil, account: { id: "acct", name: "Acme" } }),
      mtlsCertificateRow(ACCT, mtls({ id: evil, name: evil, issuer: evil, serial_number: evil, signature: evil, type: evil, uploaded_on: evil, expires_on: evil }), settings),
      accessCertificateRow(zoneScope, access({ id: evil, name: evil, fingerprint: evil, associated_hostnames: [evil], created_at: evil, updated_at: evil }), settings),
      associationRow("p", { service: evil, status: evil }, 0),
      hostnameRow("p", evil),
    ];
    for (const row of rows) {
      const tooltip = row.tooltip ?? "";
      assert.ok(tooltip.includes(escapeMarkdown(evil)), `${row.contextValue}: the value is shown, escaped`);
      assert.deepEqual(unescapedSyntax(tooltip), [], `${row.contextValue}: ${tooltip}`);
    }
  });

  test("escapeMarkdown escapes Markdown punctuation and leaves words alone", () => {
    assert.equal(escapeMarkdown("plain text 123"), "plain text 123");
    assert.equal(escapeMarkdown("\\`*_{}[]()#+-.!|<>~&"), "\\\\\\`\\*\\_\\{\\}\\[\\]\\(\\)\\#\\+\\-\\.\\!\\|\\<\\>\\~\\&");
  });
});
