// Zones at scale, in the extension host: an account with 5,000 zones (the sandbox's scale seed)
// shows its first 50 after one request, Show more adds a page for one request, Find Zone… finds a
// zone with Cloudflare's name filter and its row clears it, and a zone picker over the account
// searches instead of listing all 5,000.
import assert from "node:assert/strict";
import * as vscode from "vscode";
import { CommandIds } from "../../src/identifiers";
import { scaleZoneName, seedScale, type ScaleSeed } from "../support/cloudflareSandbox";
import { pickLabel, typeText } from "../support/scriptedPrompts";
import { requestsSince, sandboxSuite } from "./support/sandboxSuite";
import { nodeAt, shownChildren, type ShownNode } from "./support/treeWalk";

const LARGE = "Globex Enterprise";

async function runRowCommand(row: ShownNode | undefined): Promise<void> {
  const command = row?.item.command;
  assert.ok(command, `${row?.label ?? "the row"} runs no command`);
  const args: readonly unknown[] = command.arguments ?? [];
  await vscode.commands.executeCommand(command.command, ...args);
}

suite("Zones at scale", () => {
  let seeded: ScaleSeed | undefined;
  const ctx = sandboxSuite({
    seed: async (sandbox) => {
      seeded = await seedScale(sandbox);
    },
  });
  const large = (): ScaleSeed["large"] => {
    assert.ok(seeded);
    return seeded.large;
  };

  setup(async () => {
    await vscode.commands.executeCommand(CommandIds.refresh);
  });

  test("the Zones group of 5,000 zones shows its first 50 after one request, with Find Zone… above and Show more below", async () => {
    const group = await nodeAt(ctx.api, LARGE, "Zones");
    const mark = ctx.sandbox.requests.length;
    const rows = await shownChildren(ctx.api, group.node);
    const zoneRequests = requestsSince(ctx.sandbox, mark, { path: /^\/zones$/ });
    assert.deepEqual(
      zoneRequests.map((request) => request.query),
      [{ "account.id": large().id, page: "1", per_page: "50" }],
    );
    assert.equal(rows.filter((row) => row.node.kind === "zone").length, 50);
    assert.equal(rows[0]?.label, "Find Zone…");
    assert.equal(rows[1]?.label, scaleZoneName("globex", 0));
    assert.equal(rows.at(-1)?.label, "Show 50 more of 4,950 zones…");
  });

  test("Show more adds the next 50 zones for one request", async () => {
    const group = await nodeAt(ctx.api, LARGE, "Zones");
    const rows = await shownChildren(ctx.api, group.node);
    const mark = ctx.sandbox.requests.length;
    await runRowCommand(rows.at(-1));
    const after = await shownChildren(ctx.api, group.node);
    assert.equal(after.filter((row) => row.node.kind === "zone").length, 100);
    assert.equal(after.at(-1)?.label, "Show 50 more of 4,900 zones…");
    assert.deepEqual(
      requestsSince(ctx.sandbox, mark, { path: /^\/zones$/ }).map((request) => request.query["page"]),
      ["2"],
    );
  });

  test("Find Zone… shows the zones whose name contains what was typed, and its row shows all zones again", async () => {
    const group = await nodeAt(ctx.api, LARGE, "Zones");
    const rows = await shownChildren(ctx.api, group.node);
    ctx.prompts.script(typeText("0042"));
    const mark = ctx.sandbox.requests.length;
    await runRowCommand(rows[0]);
    ctx.prompts.assertDone();
    const found = await shownChildren(ctx.api, group.node);
    assert.deepEqual(
      found.map((row) => row.label),
      ["Zones containing “0042”: 1 zone", scaleZoneName("globex", 42)],
    );
    assert.deepEqual(
      requestsSince(ctx.sandbox, mark, { path: /^\/zones$/ }).map((request) => request.query["name"]),
      ["contains:0042"],
    );
    await runRowCommand(found[0]);
    const all = await shownChildren(ctx.api, group.node);
    assert.equal(all[0]?.label, "Find Zone…");
    assert.equal(all.filter((row) => row.node.kind === "zone").length, 50);
  });

  test("Find Zone… from the Command Palette asks which account, and refuses text that is no part of a zone name", async () => {
    ctx.prompts.script(pickLabel(LARGE), {
      kind: "input",
      answer: (prompt) => {
        assert.match(prompt.validate?.("two words") ?? "", /no spaces/);
        assert.match(prompt.validate?.("  ") ?? "", /Type part of a zone name/);
        return "portal-01";
      },
    });
    await vscode.commands.executeCommand(CommandIds.findZone);
    ctx.prompts.assertDone();
    const group = await nodeAt(ctx.api, LARGE, "Zones");
    const rows = await shownChildren(ctx.api, group.node);
    assert.match(rows[0]?.label ?? "", /^Zones containing “portal-01”: \d+ zones$/);
    assert.ok(rows.filter((row) => row.node.kind === "zone").every((row) => row.label.includes("portal-01")));
    await runRowCommand(rows[0]);
  });

  test("a zone picker over 5,000 zones searches by name: Find mTLS Hostnames in a Zone of the account's CA", async () => {
    const ca = await nodeAt(ctx.api, LARGE, "mTLS Certificates", "globex-device-root");
    const zone = scaleZoneName("globex", 42);
    ctx.prompts.script(typeText("0042"), pickLabel(zone));
    const mark = ctx.sandbox.requests.length;
    await vscode.commands.executeCommand(CommandIds.findCaHostnamesInZone, ca.node);
    ctx.prompts.assertDone();
    assert.deepEqual(
      ctx.prompts.messagesOf("info").map((message) => message.message),
      [`No hostname of ${zone} checks client certificates against “globex-device-root”.`],
    );
    const zoneLists = requestsSince(ctx.sandbox, mark, { path: /^\/zones$/ });
    assert.ok(zoneLists.length <= 2, `${zoneLists.length} zone list requests`);
    assert.ok(zoneLists.every((request) => request.query["page"] === "1"), "never more than the first page of a listing");
  });
});
