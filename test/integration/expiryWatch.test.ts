// The expiry watch in the extension host, against the sandbox: the scan at sign-in over every kind
// (account mTLS, Access on the account and its zones, client certificates), the status bar item's
// text and colour, the scan paced by the sandbox's rate budget (a quarter per window, no 429),
// notifications once per threshold across a reload of their state, the QuickPick revealing a row,
// cancelling, a failure shown as a mark (never a popup), zone pins, and the tree's filters.
import assert from "node:assert/strict";
import * as vscode from "vscode";
import { ExpiryNotifier } from "../../src/expiry/expiryNotifier";
import { LAST_SCAN_KEY } from "../../src/expiry/lastScan";
import type { CloudflareSandbox, SandboxAccount, SandboxZone } from "../support/cloudflareSandbox";
import { days, makeCa } from "../support/makeCertificates";
import { makeCsr } from "../support/makeCsrs";
import { pickLabel, typeText, type RecordedMessage } from "../support/scriptedPrompts";
import { waitFor } from "../support/asyncAssertions";
import { NO_FILTER } from "../../src/views/treeFilter";
import { sandboxSuite, signInWithToken, signOut } from "./support/sandboxSuite";
import { nodeAt, shownChildren } from "./support/treeWalk";

const SECTION = "cloudflareMtls";

interface Seeded {
  account: SandboxAccount;
  zones: SandboxZone[];
}

async function setting(key: string, value: unknown): Promise<void> {
  await vscode.workspace.getConfiguration(SECTION).update(key, value, vscode.ConfigurationTarget.Global);
}

suite("Expiry watch", () => {
  let seeded: Seeded | undefined;
  const seed = async (sandbox: CloudflareSandbox): Promise<void> => {
    // The harness keeps the background scan and its notifications off for every other suite.
    await setting("expiryScan.intervalHours", 6);
    await setting("expiryNotifications", false);
    await setting("expiryScan.zoneLimit", 50);
    const now = Date.now();
    const account = sandbox.addAccount({ name: "Expiry Account" });
    const zones = [sandbox.addZone(account.id, { name: "expiry.example" }), sandbox.addZone(account.id, { name: "quiet.example" })];
    const [zone] = zones;
    assert.ok(zone);
    const ca = (commonName: string, inDays: number) => makeCa({ commonName, notBefore: new Date(now - days(400)), notAfter: new Date(now + days(inDays) + 60_000) });
    sandbox.addMtlsCertificate(account.id, { certificates: (await ca("Expiry Soon CA", 5)).pem, ca: true, name: "Expiry Soon CA" });
    sandbox.addMtlsCertificate(account.id, { certificates: (await ca("Expiry Gone CA", -2)).pem, ca: true, name: "Expiry Gone CA" });
    sandbox.addMtlsCertificate(account.id, { certificates: (await ca("Expiry Fine CA", 300)).pem, ca: true, name: "Expiry Fine CA" });
    sandbox.addAccessCertificate({ kind: "accounts", id: account.id }, { certificate: (await ca("Expiry Access CA", 20)).pem, name: "Expiry Access CA", associated_hostnames: ["login.expiry.example"] });
    sandbox.addAccessCertificate({ kind: "zones", id: zone.id }, { certificate: (await ca("Expiry Zone CA", 1)).pem, name: "Expiry Zone CA", associated_hostnames: ["vpn.expiry.example"] });
    sandbox.addAccessCertificate({ kind: "zones", id: zones[1]?.id ?? "" }, { certificate: (await ca("Quiet Zone CA", 15)).pem, name: "Quiet Zone CA", associated_hostnames: ["vpn.quiet.example"] });
    sandbox.addClientCertificate(zone.id, { csr: (await makeCsr({ subject: "CN=device-7.expiry.example" })).pem, validityDays: 3 });
    sandbox.addClientCertificate(zone.id, { csr: (await makeCsr({ subject: "CN=device-8.expiry.example" })).pem, validityDays: 365 });
    seeded = { account, zones };
  };
  const ctx = sandboxSuite({ seed });
  const data = (): Seeded => {
    assert.ok(seeded);
    return seeded;
  };
  const watch = () => ctx.api.services.expiry;

  /** A scan that reads everything from Cloudflare again (the cache is shared with the tree). */
  async function freshScan(): Promise<void> {
    ctx.api.services.repository.invalidateAll();
    await watch().scan();
  }

  suiteTeardown(async () => {
    await setting("expiryScan.intervalHours", undefined);
    await setting("expiryNotifications", undefined);
    await setting("expiryScan.zoneLimit", undefined);
    await setting("expiryWarningDays", undefined);
  });

  test("the scan at sign-in finds every kind: the item says how many are expired and expiring, in the error colour, soonest first", async () => {
    await waitFor("the scan at sign-in to finish", () => !watch().scanning && watch().entries() !== undefined, 15_000).catch((error: unknown) => {
      const state = watch().state();
      throw new Error(`${String(error)}: scanning ${state.scanning}, entries ${String(state.entries?.length)}, failures ${state.failures.join("; ")}, interval ${String(vscode.workspace.getConfiguration(SECTION).get("expiryScan.intervalHours"))}`);
    });
    const names = (watch().entries() ?? []).map((entry) => entry.certificate.name);
    assert.deepEqual(names, ["Expiry Gone CA", "Expiry Zone CA", "device-7.expiry.example", "Expiry Soon CA", "Quiet Zone CA", "Expiry Access CA"]);
    const view = watch().view();
    assert.equal(view.visible, true);
    assert.equal(view.text, "$(error) 1 expired, 5 expiring");
    assert.equal(view.backgroundColor, "statusBarItem.errorBackground");
    assert.match(view.tooltip, /Expiry Gone CA \\\(account Expiry Account\\\): expired/);
    assert.match(view.tooltip, /Expiry Zone CA \\\(zone expiry\\\.example\\\)/);
  });

  test("with only expiring certificates the item takes the warning colour; a shorter warning hides the far ones", async () => {
    await setting("expiryWarningDays", 10);
    try {
      await waitFor("the item to follow the warning setting", () => watch().view().text === "$(error) 1 expired, 3 expiring");
    } finally {
      await setting("expiryWarningDays", undefined);
    }
    const onlyExpiring = { ...watch().state(), entries: (watch().entries() ?? []).filter((entry) => entry.expiry.state === "expiring") };
    const { statusBarView } = await import("../../src/expiry/expiryReport");
    assert.equal(statusBarView(onlyExpiring).backgroundColor, "statusBarItem.warningBackground");
  });

  test("a new window (or a restart) shows the last scan of this sign-in and scans only when it is due", async () => {
    await freshScan();
    const names = (watch().entries() ?? []).map((entry) => entry.certificate.name);
    const globalState = ctx.api.services.context.globalState;
    const kept = globalState.get<Record<string, unknown>>(LAST_SCAN_KEY);
    assert.ok(kept, "the scan was kept in globalState");
    // The cache the scan shares with the tree is emptied, so a scan would have to ask Cloudflare
    // again and would keep a new scan.
    ctx.api.services.repository.invalidateAll();
    await watch().start();
    await new Promise((resolve) => setTimeout(resolve, 500));
    assert.equal(watch().scanning, false, "no scan: the kept one is young enough");
    assert.deepEqual((watch().entries() ?? []).map((entry) => entry.certificate.name), names);
    assert.deepEqual(globalState.get<Record<string, unknown>>(LAST_SCAN_KEY), kept, "the kept scan is the one shown");
    // A kept scan of another sign-in is not shown: start() scans, and keeps its own.
    const elsewhere = "API token (id 00000000…) at https://elsewhere.example";
    await globalState.update(LAST_SCAN_KEY, { ...kept, signedInAs: elsewhere });
    await watch().start();
    await waitFor("the scan that start() began to be kept", () => !watch().scanning && globalState.get<Record<string, unknown>>(LAST_SCAN_KEY)?.signedInAs !== elsewhere, 15_000);
    assert.equal(globalState.get<Record<string, unknown>>(LAST_SCAN_KEY)?.signedInAs, kept.signedInAs);
    assert.deepEqual((watch().entries() ?? []).map((entry) => entry.certificate.name), names);
  });

  test("the scan is paced by the sandbox's budget: at most a quarter of what is left per window, two at a time, no 429", async () => {
    // 40 per 4 s: a quarter is 10, and the scan needs 1 + 2 + 1 + 2 × 2 = 8 reads per pass; two passes, so a reset is waited for.
    // The tree stays hidden, so every request in the windows is the scan's.
    await vscode.commands.executeCommand("workbench.action.closeSidebar");
    ctx.sandbox.setRateLimit({ limit: 40, windowSeconds: 4 });
    const windowStartedAt = performance.now();
    try {
      const before = ctx.sandbox.requests.length;
      await freshScan();
      await freshScan();
      const requests = ctx.sandbox.requests.slice(before);
      assert.deepEqual(
        requests.filter((request) => request.answer?.status === 429),
        [],
      );
      assert.ok(requests.length >= 16, `${requests.length} requests`);
      // The sandbox's windows as its RateLimiter counts them: from setRateLimit, a new one at the first request 4 s or more after.
      let windowStart = windowStartedAt;
      const perWindow: number[] = [0];
      for (const request of requests) {
        if (request.startedAt - windowStart >= 4000) {
          windowStart = request.startedAt;
          perWindow.push(0);
        }
        perWindow[perWindow.length - 1] = (perWindow.at(-1) ?? 0) + 1;
      }
      assert.ok(perWindow.length >= 2, `one window: ${perWindow.join()}`);
      for (const count of perWindow) {
        assert.ok(count <= 10, `requests per window: ${perWindow.join()}`);
      }
      let inFlight = 0;
      let maxInFlight = 0;
      for (const event of requests.flatMap((request) => [{ at: request.startedAt, delta: 1 }, { at: request.finishedAt ?? request.startedAt, delta: -1 }]).sort((a, b) => a.at - b.at || a.delta - b.delta)) {
        inFlight += event.delta;
        maxInFlight = Math.max(maxInFlight, inFlight);
      }
      assert.ok(maxInFlight <= 2, `${maxInFlight} requests at once`);
      const budget = ctx.api.services.expiry.view();
      assert.equal(budget.text, "$(error) 1 expired, 5 expiring");
    } finally {
      ctx.sandbox.setRateLimit({ limit: 1200, windowSeconds: 300 });
    }
  });

  test("notifications: once per certificate per threshold, with Show and Rotate…, not again after a reload of their state", async () => {
    await setting("expiryNotifications", true);
    try {
      ctx.prompts.pressOn(/Expiry Zone CA/, "Show");
      await freshScan();
      const shown = [...ctx.prompts.messagesOf("error"), ...ctx.prompts.messagesOf("warning")];
      assert.equal(shown.filter((message) => message.buttons.join() === "Show,Rotate…").length, 3, shown.map((message) => message.message).join("\n"));
      assert.ok(shown.some((message) => /3 more certificates are expiring or expired/.test(message.message) && message.buttons.includes("Show All")));
      assert.match(ctx.prompts.messagesOf("error")[0]?.message ?? "", /the mTLS certificate “Expiry Gone CA” in account Expiry Account has expired\. Expired 2 days ago/);
      // Show revealed the row.
      const zoneCa = ctx.sandbox.accessCertificates({ kind: "zones", id: data().zones[0]?.id ?? "" })[0];
      await waitFor("Show to select the row", () => ctx.api.services.treeView.selection[0]?.id.endsWith(`/accessCertificate/${zoneCa?.id ?? ""}`) === true).catch((error: unknown) => {
        const selected = ctx.api.services.treeView.selection.map((node) => node.id).join(", ");
        const messages = ctx.prompts.messages.map((message) => `${message.severity}: ${message.message}`).join("\n");
        throw new Error(`${String(error)}; selected: [${selected}]; view visible: ${String(ctx.api.services.treeView.visible)}; messages:\n${messages}`);
      });

      const again = ctx.freshPrompts();
      await freshScan();
      assert.deepEqual(again.messages, [], "a second scan announced again");

      // A restarted window: a new notifier on the same globalState announces nothing either.
      const notifierAt = (now: Date) =>
        new ExpiryNotifier({
          globalState: ctx.api.services.context.globalState,
          prompts: () => again,
          log: ctx.api.services.log,
          enabled: () => true,
          warningDays: () => 30,
          now: () => now,
          show: () => Promise.resolve(),
          rotate: () => Promise.resolve(),
          showAll: () => Promise.resolve(),
          runReportingErrors: (_label, work) => work(),
        });
      await notifierAt(new Date()).announce(watch().entries() ?? []);
      assert.deepEqual(again.messages, []);
      // A day later the zone CA (a day and a minute left now) has expired: that threshold is new.
      const tomorrow = new Date(Date.now() + days(1) + 120_000);
      const later = notifierAt(tomorrow);
      const { needingAttention } = await import("../../src/expiry/expiryReport");
      const certificates = (watch().entries() ?? []).map((entry) => entry.certificate);
      await later.announce(needingAttention(certificates, tomorrow, 30));
      const announcedLater: readonly RecordedMessage[] = again.messages;
      assert.ok(
        announcedLater.some((message) => /Expiry Zone CA.*has expired/.test(message.message)),
        announcedLater.map((message) => message.message).join("\n"),
      );
    } finally {
      await setting("expiryNotifications", false);
    }
  });

  test("the QuickPick lists them soonest first and reveals the chosen row", async () => {
    ctx.prompts.script({
      kind: "pick",
      answer: (items) => {
        assert.deepEqual(
          items.map((item) => item.label),
          ["$(refresh) Check Again Now", "$(error) Expiry Gone CA", "$(warning) Expiry Zone CA", "$(warning) device-7.expiry.example", "$(warning) Expiry Soon CA", "$(warning) Quiet Zone CA", "$(warning) Expiry Access CA"],
        );
        return items.find((item) => item.label.includes("Expiry Soon CA"));
      },
    });
    await vscode.commands.executeCommand("cloudflareMtls.showExpiringCertificates");
    ctx.prompts.assertDone();
    const soon = ctx.sandbox.mtlsCertificates(data().account.id).find((certificate) => certificate.name === "Expiry Soon CA");
    await waitFor("the row to be selected", () => ctx.api.services.treeView.selection[0]?.id === `accounts/${data().account.id}/mtlsCertificate/${soon?.id ?? ""}`);
  });

  test("a click while the scan runs offers Cancel, and cancelling stops it", async () => {
    ctx.sandbox.setLatency(400);
    try {
      ctx.api.services.repository.invalidateAll();
      const scanning = watch().scan();
      assert.equal(watch().scanning, true);
      assert.match(watch().view().text, /^\$\(sync~spin\) /);
      ctx.prompts.script(pickLabel("Cancel the Expiry Check"));
      await vscode.commands.executeCommand("cloudflareMtls.showExpiringCertificates");
      await scanning;
      assert.equal(watch().scanning, false);
      assert.doesNotMatch(watch().view().text, /sync~spin/);
    } finally {
      ctx.sandbox.setLatency(0);
    }
  });

  test("a failure is a mark on the item and a log line, never a popup", async () => {
    // quiet.example is never expanded in the tree, so only the scan lists its client certificates.
    ctx.sandbox.injectFault({ kind: "errorEnvelope", httpStatus: 400, code: 1000, message: "broken list" }, { path: new RegExp(`^/zones/${data().zones[1]?.id ?? ""}/client_certificates$`), times: 1 });
    await freshScan();
    assert.match(watch().view().text, /\$\(alert\)$/);
    assert.match(watch().view().tooltip, /could not read 1 list/);
    assert.deepEqual(ctx.prompts.messages, []);
    ctx.sandbox.clearFaults();
    await freshScan();
    assert.doesNotMatch(watch().view().text, /\$\(alert\)/);
  });

  test("beyond the zone limit only pinned (or expanded) zones are checked; Pin and Unpin on a zone row", async () => {
    await setting("expiryScan.zoneLimit", 1);
    try {
      // expiry.example is expanded in the tree (VS Code reports the expansion asynchronously);
      // quiet.example never is.
      const expiryZone = await nodeAt(ctx.api, "Expiry Account", "Zones", "expiry.example");
      await ctx.api.services.treeView.reveal(expiryZone.node, { expand: true });
      await waitFor("the expanded zone to be watched", () => watch().watchedZones().some((zone) => zone.name === "expiry.example"));
      await freshScan();
      const zonesChecked = () => new Set((watch().entries() ?? []).map((entry) => entry.certificate.where));
      assert.ok(zonesChecked().has("zone expiry.example"));
      assert.ok(!zonesChecked().has("zone quiet.example"));
      assert.match(watch().view().tooltip, /1 zone not checked/);
      const zoneRow = await nodeAt(ctx.api, "Expiry Account", "Zones", "quiet.example");
      assert.equal(zoneRow.item.contextValue, "zone");
      await vscode.commands.executeCommand("cloudflareMtls.pinZoneToExpiryWatch", zoneRow.node);
      assert.equal((await nodeAt(ctx.api, "Expiry Account", "Zones", "quiet.example")).item.contextValue, "zone expiryPinned");
      await freshScan();
      assert.ok(zonesChecked().has("zone quiet.example"));
      assert.doesNotMatch(watch().view().tooltip, /not checked/);
      await vscode.commands.executeCommand("cloudflareMtls.unpinZoneFromExpiryWatch", (await nodeAt(ctx.api, "Expiry Account", "Zones", "quiet.example")).node);
      assert.equal((await nodeAt(ctx.api, "Expiry Account", "Zones", "quiet.example")).item.contextValue, "zone");
    } finally {
      await setting("expiryScan.zoneLimit", 50);
    }
  });

  test("tree filters: only expiring and expired, a text filter by name or hostname, and Clear", async () => {
    const labels = async (...path: string[]) => (await shownChildren(ctx.api, (await nodeAt(ctx.api, ...path)).node)).map((child) => child.label);
    await vscode.commands.executeCommand("cloudflareMtls.showOnlyExpiringCertificates");
    assert.equal(ctx.api.services.treeView.description, "Filter: expiring and expired");
    assert.deepEqual((await labels("Expiry Account", "mTLS Certificates")).sort(), ["Expiry Gone CA", "Expiry Soon CA"]);
    assert.deepEqual(await labels("Expiry Account", "Zones", "expiry.example", "Client Certificates"), ["device-7.expiry.example"]);

    ctx.prompts.script(typeText("vpn.expiry"));
    await vscode.commands.executeCommand("cloudflareMtls.filterCertificates");
    assert.equal(ctx.api.services.treeView.description, "Filter: expiring and expired · “vpn.expiry”");
    assert.deepEqual(await labels("Expiry Account", "Zones", "expiry.example", "Access Certificates"), ["Expiry Zone CA"]);
    assert.deepEqual(await labels("Expiry Account", "mTLS Certificates"), ["No certificates match the filter"]);

    await vscode.commands.executeCommand("cloudflareMtls.showAllCertificates");
    ctx.prompts.script(typeText("fine"));
    await vscode.commands.executeCommand("cloudflareMtls.filterCertificates");
    assert.deepEqual(await labels("Expiry Account", "mTLS Certificates"), ["Expiry Fine CA"]);

    await vscode.commands.executeCommand("cloudflareMtls.clearCertificateFilter");
    assert.equal(ctx.api.services.treeView.description, undefined);
    assert.equal((await labels("Expiry Account", "mTLS Certificates")).length, 3);

    // Signing out drops the filter: its message would hide the view's Sign In welcome.
    await vscode.commands.executeCommand("cloudflareMtls.showOnlyExpiringCertificates");
    await signOut(ctx.api);
    await waitFor("the filter to be cleared", () => ctx.api.services.treeView.message === undefined && ctx.api.services.treeView.description === undefined);
    assert.deepEqual(ctx.api.services.tree.filter, NO_FILTER);
    await signInWithToken(ctx.api, ctx.token);
    assert.equal(ctx.api.services.treeView.message, undefined);
  });
});
