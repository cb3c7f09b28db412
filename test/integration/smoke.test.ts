// The extension loads in a real extension host: it is present, it activates in test mode, and
// every command package.json contributes is registered (the manifest is read at run time, so the
// list can grow without touching this suite).
import assert from "node:assert/strict";
import * as vscode from "vscode";
import { activateExtensionUnderTest, contributedCommandIds, EXTENSION_ID, extensionUnderTest } from "../harness/extensionUnderTest";
import { sandboxUrl } from "../harness/integrationEnvironment";

suite("smoke: the extension in a real extension host", () => {
  test("is present, under the id package.json declares", () => {
    const extension = extensionUnderTest();
    const manifest = extension.packageJSON as { publisher: string; name: string };
    assert.equal(`${manifest.publisher}.${manifest.name}`, EXTENSION_ID);
  });

  test("activates and returns its test API", async () => {
    const api = await activateExtensionUnderTest();
    assert.equal(extensionUnderTest().isActive, true);
    assert.equal(api.services.context.extensionMode, vscode.ExtensionMode.Test);
  });

  test("registers every command package.json contributes", async () => {
    await activateExtensionUnderTest();
    const contributed = contributedCommandIds();
    assert.ok(contributed.length > 0, "package.json contributes no commands");
    const registered = new Set(await vscode.commands.getCommands(true));
    const missing = contributed.filter((id) => !registered.has(id));
    assert.deepEqual(missing, [], `contributed but not registered: ${missing.join(", ")}`);
  });

  test("is pointed at the sandbox through the user settings", () => {
    const configured = vscode.workspace.getConfiguration("cloudflareMtls").get<string>("apiBaseUrl");
    assert.equal(configured, sandboxUrl());
  });
});
