// The manifest is code: every contributed command is in the command table and vice versa, every
// command has the category, menus name real commands, and every viewItem clause matches a
// contextValue the tree really produces.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { CONTEXT_VALUES } from "../src/views/treeModel";

interface Manifest {
  activationEvents?: string[];
  main: string;
  contributes: {
    commands: { command: string; title: string; category?: string; icon?: string }[];
    menus: Record<string, { command: string; when?: string; group?: string }[]>;
    configuration: { properties: Record<string, { scope?: string; markdownDescription?: string }> };
    viewsWelcome: { view: string; when: string; contents: string }[];
  };
  capabilities: { untrustedWorkspaces: { supported: string; restrictedConfigurations?: string[] } };
}

const root = join(__dirname, "..");
const manifest = JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as Manifest;
const tableSource = readFileSync(join(root, "src", "commands", "index.ts"), "utf8");
const tableIds = [...tableSource.matchAll(/\{ id: "(cloudflareMtls\.[A-Za-z]+)", run: /g)].map((match) => match[1]);
const contributed = manifest.contributes.commands.map((command) => command.command);

suite("package.json manifest", () => {
  test("the command table and contributes.commands list the same commands", () => {
    assert.ok(tableIds.length >= 10, "the command table was found");
    assert.deepEqual([...tableIds].sort(), [...contributed].sort());
  });

  test("every command has the category and a Title Case title", () => {
    for (const command of manifest.contributes.commands) {
      assert.equal(command.category, "Cloudflare mTLS", command.command);
      assert.match(command.title, /^[A-Z][A-Za-z]*( [A-Za-z][A-Za-z]*)*(…)?$/, command.command);
    }
  });

  test("commands shown as buttons have a codicon", () => {
    const buttons = new Set(
      Object.values(manifest.contributes.menus)
        .flat()
        .filter((entry) => entry.group?.startsWith("navigation") || entry.group?.startsWith("inline"))
        .map((entry) => entry.command),
    );
    for (const command of manifest.contributes.commands.filter((item) => buttons.has(item.command))) {
      assert.match(command.icon ?? "", /^\$\([a-z-]+\)$/, command.command);
    }
  });

  test("every menu entry names a contributed command", () => {
    for (const [menu, entries] of Object.entries(manifest.contributes.menus)) {
      for (const entry of entries) {
        assert.ok(contributed.includes(entry.command), `${menu}: ${entry.command}`);
      }
    }
  });

  test("every viewItem clause matches at least one contextValue the tree produces", () => {
    const entries = manifest.contributes.menus["view/item/context"] ?? [];
    assert.ok(entries.length > 0);
    for (const entry of entries) {
      const when = entry.when ?? "";
      const regex = /viewItem =~ \/(.+?)\/(?:\s|$)/.exec(when);
      const exact = /viewItem == ([\w.]+)/.exec(when);
      if (regex?.[1]) {
        const pattern = new RegExp(regex[1]);
        assert.ok(CONTEXT_VALUES.some((value) => pattern.test(value)), `${entry.command}: ${when}`);
      } else if (exact?.[1]) {
        assert.ok((CONTEXT_VALUES as readonly string[]).includes(exact[1]), `${entry.command}: ${when}`);
      } else {
        assert.fail(`${entry.command} has no viewItem clause: ${when}`);
      }
    }
  });

  test("no eager activation", () => {
    for (const event of manifest.activationEvents ?? []) {
      assert.notEqual(event, "*");
      assert.notEqual(event, "onStartupFinished");
    }
  });

  test("the API base URL cannot be set by a workspace", () => {
    const setting = manifest.contributes.configuration.properties["cloudflareMtls.apiBaseUrl"];
    assert.equal(setting?.scope, "application");
    assert.deepEqual(manifest.capabilities.untrustedWorkspaces.restrictedConfigurations, ["cloudflareMtls.apiBaseUrl"]);
    for (const property of Object.values(manifest.contributes.configuration.properties)) {
      assert.ok(property.scope && property.markdownDescription);
    }
  });

  test("a welcome view offers Sign In while signed out", () => {
    const signedOut = manifest.contributes.viewsWelcome.find((entry) => entry.when === "!cloudflareMtls.signedIn");
    assert.match(signedOut?.contents ?? "", /\[Sign In\]\(command:cloudflareMtls\.signIn\)/);
  });

  test("bundle entry point is dist/extension.js", () => {
    assert.equal(manifest.main, "./dist/extension.js");
  });
});
