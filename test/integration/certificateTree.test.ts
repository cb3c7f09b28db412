// The certificate tree, read through the TreeDataProvider the way the workbench reads it:
// accounts → mTLS Certificates → certificate → associations, Access Certificates → certificate →
// hostnames, Zones → zone → Access Certificates → certificate. Labels, descriptions (expiry in
// words), contextValues, ids that survive a refresh, and a failing branch shown as an error row
// with Retry while the rest of the tree still loads.
import assert from "node:assert/strict";
import * as vscode from "vscode";
import type { CloudflareSandbox, SandboxAccount, SandboxZone } from "../support/cloudflareSandbox";
import { days, makeCa, makeLeaf } from "../support/makeCertificates";
import { pickManyLabels } from "../support/scriptedPrompts";
import { requestsSince, sandboxSuite } from "./support/sandboxSuite";
import { everyNode, nodeAt, shownChildren, type ShownNode } from "./support/treeWalk";

const DAY_MS = 24 * 60 * 60 * 1000;

/** Calendar days (UTC) from today to `date`, as the tree counts them. */
function daysUntil(date: Date): number {
  return Math.floor(date.getTime() / DAY_MS) - Math.floor(Date.now() / DAY_MS);
}

interface Seeded {
  account: SandboxAccount;
  zone: SandboxZone;
  other: SandboxAccount;
  caExpiry: Date;
  expiringExpiry: Date;
  expiredExpiry: Date;
  accessExpiry: Date;
}

function iconOf(shown: ShownNode): string | undefined {
  return shown.item.iconPath instanceof vscode.ThemeIcon ? shown.item.iconPath.id : undefined;
}

suite("certificate tree: accounts, certificates, associations, Access certificates and zones", () => {
  let seeded: Seeded | undefined;
  const seed = async (sandbox: CloudflareSandbox): Promise<void> => {
    const now = Date.now();
    const account = sandbox.addAccount({ name: "Tree Account" });
    const other = sandbox.addAccount({ name: "Tree Other Account" });
    const zone = sandbox.addZone(account.id, { name: "tree.example" });
    const caExpiry = new Date(now + days(400));
    const expiringExpiry = new Date(now + days(10) + 60_000);
    const accessExpiry = new Date(now + days(200));
    const root = await makeCa({ subject: "CN=Tree Root CA, O=Tree", notAfter: caExpiry });
    const expiring = await makeCa({ commonName: "Tree Expiring CA", notAfter: expiringExpiry });
    const expiredExpiry = new Date(now - days(3) - 60_000);
    const expiredLeaf = await makeLeaf(root, { commonName: "expired.tree.example", notBefore: new Date(now - days(100)), notAfter: expiredExpiry });
    const accessRoot = await makeCa({ commonName: "Tree Access CA", notAfter: accessExpiry });
    const zoneRoot = await makeCa({ commonName: "Tree Zone CA" });
    const used = sandbox.addMtlsCertificate(account.id, { certificates: root.pem, ca: true, name: "Tree Root CA" });
    sandbox.setAssociations(account.id, used.id, [
      { service: "gateway", status: "active" },
      { service: "api_shield", status: "pending_deployment" },
    ]);
    sandbox.addMtlsCertificate(account.id, { certificates: expiring.pem, ca: true, name: "Tree Expiring CA" });
    sandbox.addMtlsCertificate(account.id, { certificates: expiredLeaf.pem, ca: false, name: "Tree Expired Leaf" });
    sandbox.addAccessCertificate({ kind: "accounts", id: account.id }, { certificate: accessRoot.pem, name: "Tree Access CA", associated_hostnames: ["a.tree.example", "b.tree.example"] });
    sandbox.addAccessCertificate({ kind: "zones", id: zone.id }, { certificate: zoneRoot.pem, name: "Tree Zone CA", associated_hostnames: ["vpn.tree.example"] });
    sandbox.addMtlsCertificate(other.id, { certificates: zoneRoot.pem, ca: true, name: "Other CA" });
    seeded = { account, zone, other, caExpiry, expiringExpiry, expiredExpiry, accessExpiry };
  };
  const ctx = sandboxSuite({ seed });
  const data = (): Seeded => {
    assert.ok(seeded);
    return seeded;
  };

  setup(async () => {
    await vscode.commands.executeCommand("cloudflareMtls.refresh");
  });

  test("the roots are the accounts, each with mTLS Certificates, Access Certificates and Zones", async () => {
    const roots = await shownChildren(ctx.api);
    assert.deepEqual(
      roots.map((root) => [root.label, root.item.contextValue, root.item.id]),
      [
        ["Tree Account", "account", `accounts/${data().account.id}`],
        ["Tree Other Account", "account", `accounts/${data().other.id}`],
      ],
    );
    assert.equal(roots[0]?.item.collapsibleState, vscode.TreeItemCollapsibleState.Expanded);
    const groups = await shownChildren(ctx.api, roots[0]?.node);
    assert.deepEqual(
      groups.map((group) => [group.label, group.item.contextValue, group.item.id]),
      [
        ["mTLS Certificates", "group.mtlsCertificate uploadable", `accounts/${data().account.id}/mtlsCertificate`],
        ["Access Certificates", "group.accessCertificate uploadable", `accounts/${data().account.id}/accessCertificate`],
        ["Zones", "group.zones", `accounts/${data().account.id}/zones`],
      ],
    );
  });

  test("mTLS certificates show their kind and expiry in words, and their associations below them", async () => {
    const certificates = await shownChildren(ctx.api, (await nodeAt(ctx.api, "Tree Account", "mTLS Certificates")).node);
    const byLabel = new Map(certificates.map((certificate) => [certificate.label, certificate]));
    assert.deepEqual([...byLabel.keys()].sort(), ["Tree Expired Leaf", "Tree Expiring CA", "Tree Root CA"]);

    const root = byLabel.get("Tree Root CA");
    assert.equal(root?.description, `CA · expires in ${daysUntil(data().caExpiry)} days`);
    assert.equal(root?.item.contextValue, "mtlsCertificate.ca certificate hasPem deletable rotatable");
    assert.equal(root ? iconOf(root) : undefined, "workspace-trusted");
    assert.equal(root?.item.command?.command, "cloudflareMtls.showCertificateDetails");

    const expiring = byLabel.get("Tree Expiring CA");
    assert.equal(expiring?.description, `CA · expires in ${daysUntil(data().expiringExpiry)} days`);
    assert.ok(daysUntil(data().expiringExpiry) <= 11, "within the 30-day warning");
    assert.equal(expiring ? iconOf(expiring) : undefined, "warning");

    const expired = byLabel.get("Tree Expired Leaf");
    assert.equal(expired?.description, `Leaf · expired ${-daysUntil(data().expiredExpiry)} days ago`);
    assert.equal(expired?.item.contextValue, "mtlsCertificate.leaf certificate hasPem deletable");
    assert.equal(expired ? iconOf(expired) : undefined, "error");

    const associations = await shownChildren(ctx.api, root?.node);
    assert.deepEqual(
      associations.map((association) => [association.label, association.description, association.item.contextValue]),
      [
        ["gateway", "active", "association"],
        ["api_shield", "pending deployment", "association"],
      ],
    );
    const none = await shownChildren(ctx.api, expiring?.node);
    assert.deepEqual(
      none.map((row) => [row.label, row.item.contextValue]),
      [["No associations", "info"]],
    );
  });

  test("Access certificates of the account show their hostnames below them", async () => {
    const access = await nodeAt(ctx.api, "Tree Account", "Access Certificates", "Tree Access CA");
    assert.equal(access.description, `2 hostnames · expires in ${daysUntil(data().accessExpiry)} days`);
    assert.equal(access.item.contextValue, "accessCertificate certificate deletable rotatable");
    const hostnames = await shownChildren(ctx.api, access.node);
    assert.deepEqual(
      hostnames.map((row) => [row.label, row.item.contextValue]),
      [
        ["a.tree.example", "hostname"],
        ["b.tree.example", "hostname"],
      ],
    );
  });

  test("Zones → zone → Access Certificates → the zone's certificate and its hostname", async () => {
    const zone = await nodeAt(ctx.api, "Tree Account", "Zones", "tree.example");
    assert.equal(zone.item.contextValue, "zone");
    assert.equal(zone.item.id, `accounts/${data().account.id}/zones/${data().zone.id}`);
    const group = await childOf(zone, "Access Certificates");
    assert.equal(group.item.contextValue, "group.accessCertificate uploadable");
    assert.equal(group.item.id, `accounts/${data().account.id}/zones/${data().zone.id}/accessCertificate`);
    const certificate = await childOf(group, "Tree Zone CA");
    assert.match(certificate.description ?? "", /^1 hostname · expires in \d+ days$/);
    assert.deepEqual(
      (await shownChildren(ctx.api, certificate.node)).map((row) => row.label),
      ["vpn.tree.example"],
    );
  });

  test("ids are unique and stay the same across a refresh", async () => {
    const before = (await everyNode(ctx.api)).map((shown) => shown.item.id);
    assert.equal(new Set(before).size, before.length, "ids are unique");
    assert.ok(before.length >= 20, `the whole tree was walked (${before.length} rows)`);
    const mark = ctx.sandbox.requests.length;
    await vscode.commands.executeCommand("cloudflareMtls.refresh");
    const after = (await everyNode(ctx.api)).map((shown) => shown.item.id);
    assert.ok(requestsSince(ctx.sandbox, mark, { path: /mtls_certificates$/ }).length >= 2, "the refresh asked Cloudflare again");
    assert.deepEqual(after, before);
  });

  test("a branch that fails (HTTP 500) becomes one error row with Retry; the rest of the tree still loads", async () => {
    const group = await nodeAt(ctx.api, "Tree Account", "mTLS Certificates");
    // Three tries: the client retries a GET twice before giving up.
    ctx.sandbox.injectFault({ kind: "status", status: 500 }, { method: "GET", path: new RegExp(`^/accounts/${data().account.id}/mtls_certificates$`), times: 3 });
    const rows = await shownChildren(ctx.api, group.node);
    assert.equal(rows.length, 1, `one row, got ${rows.map((row) => row.label).join(" | ")}`);
    const error = rows[0];
    assert.equal(error?.item.contextValue, "error");
    assert.equal(error?.label, "Could not load: Cloudflare had a problem answering (HTTP 500): An unknown error has occurred (code 10002). Try again in a moment.");
    assert.equal(error?.item.command?.command, "cloudflareMtls.refresh");
    assert.equal((error?.item.command?.arguments?.[0] as { retryBranch?: unknown } | undefined)?.retryBranch, group.node, "Retry reloads this branch");

    const access = await nodeAt(ctx.api, "Tree Account", "Access Certificates");
    assert.deepEqual(
      (await shownChildren(ctx.api, access.node)).map((row) => row.label),
      ["Tree Access CA"],
    );
    const other = await nodeAt(ctx.api, "Tree Other Account", "mTLS Certificates");
    assert.deepEqual(
      (await shownChildren(ctx.api, other.node)).map((row) => row.label),
      ["Other CA"],
    );

    const command = error?.item.command;
    assert.ok(command);
    await vscode.commands.executeCommand(command.command, ...((command.arguments ?? []) as unknown[]));
    const retried = await shownChildren(ctx.api, group.node);
    assert.deepEqual(retried.map((row) => row.label).sort(), ["Tree Expired Leaf", "Tree Expiring CA", "Tree Root CA"]);
    assert.deepEqual(ctx.prompts.messages, [], "a failing branch shows no popup");
  });

  test("Choose Accounts hides an account from the tree and remembers the choice", async () => {
    ctx.prompts.script(pickManyLabels("Tree Account"));
    await vscode.commands.executeCommand("cloudflareMtls.chooseAccounts");
    try {
      ctx.prompts.assertDone();
      assert.deepEqual(
        (await shownChildren(ctx.api)).map((root) => root.label),
        ["Tree Account"],
      );
      assert.deepEqual(ctx.api.services.context.globalState.get("cloudflareMtls.hiddenAccountIds"), [data().other.id]);
    } finally {
      ctx.freshPrompts().script(pickManyLabels("Tree Account", "Tree Other Account"));
      await vscode.commands.executeCommand("cloudflareMtls.chooseAccounts");
    }
    assert.deepEqual(
      (await shownChildren(ctx.api)).map((root) => root.label),
      ["Tree Account", "Tree Other Account"],
    );
  });

  async function childOf(parent: ShownNode, label: string): Promise<ShownNode> {
    const found = (await shownChildren(ctx.api, parent.node)).find((child) => child.label === label);
    assert.ok(found, `${parent.label} has no child ${label}`);
    return found;
  }
});
