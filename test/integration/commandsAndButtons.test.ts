// What only the running editor can say about the commands and buttons: the exact set of commands
// the extension registers matches what package.json contributes (nothing hidden, nothing missing),
// every command id the code executes exists in this VS Code, and every icon on a button or a tree
// row is a codicon this VS Code ships (a misspelt one renders as an empty square).
import assert from "node:assert/strict";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import * as vscode from "vscode";
import { CommandIds, focusViewCommand, ViewIds } from "../../src/identifiers";
import type { CertificateNode } from "../../src/views/treeNodes";
import { extensionUnderTest } from "../harness/extensionUnderTest";
import { seedDemo } from "../support/cloudflareSandbox";
import { sandboxSuite } from "./support/sandboxSuite";
import { everyNode } from "./support/treeWalk";

interface ContributedCommand {
  readonly command: string;
  readonly title: string;
  readonly category?: string;
  readonly icon?: string;
}

interface Contributions {
  readonly commands: readonly ContributedCommand[];
  readonly views: Record<string, readonly { id: string }[]>;
  readonly menus: Record<string, readonly { command: string; group?: string }[]>;
}

function contributions(): Contributions {
  return (extensionUnderTest().packageJSON as { contributes: Contributions }).contributes;
}

/** Codicon names of the running VS Code, read from its workbench bundle (name → code point). */
function hostCodicons(): Set<string> {
  const candidates = ["out/vs/code/browser/workbench/workbench.js", "out/vs/workbench/workbench.desktop.main.js", "out/vs/workbench/workbench.web.main.js"];
  const bundle = candidates.map((path) => join(vscode.env.appRoot, path)).find((path) => existsSync(path));
  assert.ok(bundle, `no workbench bundle under ${vscode.env.appRoot} (looked for ${candidates.join(", ")})`);
  const names = new Set<string>();
  for (const match of readFileSync(bundle, "utf8").matchAll(/\("([a-z0-9]+(?:-[a-z0-9]+)*)",(\d{5})\)/g)) {
    const codePoint = Number(match[2]);
    if (match[1] && codePoint >= 0xe000 && codePoint <= 0xf8ff) {
      names.add(match[1]);
    }
  }
  assert.ok(names.size > 300, `read only ${names.size} codicons from ${bundle}: the bundle's format changed`);
  return names;
}


suite("commands and buttons: as the running VS Code sees them", () => {
  const ctx = sandboxSuite({ seed: async (sandbox) => void (await seedDemo(sandbox)) });

  test("the extension registers exactly the commands package.json contributes, each with the Cloudflare mTLS category", async () => {
    const viewIds = Object.values(contributions().views)
      .flat()
      .map((view) => view.id);
    const ownCommands = (await vscode.commands.getCommands(true)).filter(
      (id) => id.startsWith("cloudflareMtls.") && !viewIds.some((view) => id.startsWith(`${view}.`)),
    );
    const contributed = contributions().commands.map((command) => command.command);
    assert.deepEqual([...ownCommands].sort(), [...contributed].sort());
    for (const command of contributions().commands) {
      assert.equal(command.category, "Cloudflare mTLS", command.command);
    }
  });

  test("every command and view id the extension uses is registered in this VS Code", async () => {
    const registered = new Set(await vscode.commands.getCommands(false));
    const used = [...Object.values(CommandIds), focusViewCommand(ViewIds.certificates)];
    const missing = used.filter((id) => !registered.has(id));
    assert.deepEqual(missing, [], `used but not registered: ${missing.join(", ")}`);
  });

  test("every command shown as a button has an icon that is a codicon of this VS Code", () => {
    const codicons = hostCodicons();
    const buttons = new Set(
      Object.values(contributions().menus)
        .flat()
        .filter((entry) => /^(navigation|inline)/.test(entry.group ?? ""))
        .map((entry) => entry.command),
    );
    assert.ok(buttons.size >= 5, `only ${buttons.size} buttons found in the menus`);
    const problems = contributions()
      .commands.filter((command) => buttons.has(command.command))
      .flatMap((command) => {
        const name = /^\$\(([a-z0-9-]+)\)$/.exec(command.icon ?? "")?.[1];
        return name && codicons.has(name) ? [] : [`${command.command}: ${command.icon ?? "no icon"}`];
      });
    assert.deepEqual(problems, []);
  });

  test("every tree row's icon (all kinds of rows, every expiry state) is a codicon of this VS Code", async () => {
    const codicons = hostCodicons();
    const nodes = await everyNode(ctx.api);
    const icons = new Map<string, string>();
    for (const { item, node } of nodes) {
      assert.ok(item.iconPath instanceof vscode.ThemeIcon, `${node.id} has no theme icon`);
      icons.set(item.iconPath.id, node.id);
    }
    const kinds = new Set(nodes.map(({ node, item }) => (node.kind === "row" ? (item.contextValue ?? "") : node.kind)));
    for (const kind of ["account", "certificateGroup", "zonesGroup", "zone", "certificate", "association", "hostname", "info"]) {
      assert.ok(kinds.has(kind), `the demo tree has no ${kind} row`);
    }
    const certificateKinds = new Set(nodes.flatMap(({ node }) => (node.kind === "certificate" ? [(node as CertificateNode).certificateKind] : [])));
    assert.deepEqual([...certificateKinds].sort(), ["accessCertificate", "clientCertificate", "hostnameAssociation", "mtlsCertificate"], "the demo tree shows every kind of certificate");
    assert.ok(icons.has("error") && icons.has("warning"), "expired and expiring rows were seen");
    const unknown = [...icons].filter(([icon]) => !codicons.has(icon)).map(([icon, id]) => `${icon} (${id})`);
    assert.deepEqual(unknown, []);
  });
});
