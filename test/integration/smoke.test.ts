// The extension loads in a real extension host: it is present, it activates in test mode, and it
// is pointed at the sandbox. That its commands are the contributed ones is checked once, in
// commandsAndButtons.test.ts.
import assert from "node:assert/strict";
import * as vscode from "vscode";
import { activateExtensionUnderTest, EXTENSION_ID, extensionUnderTest } from "../harness/extensionUnderTest";
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

  test("is pointed at the sandbox through the user settings", () => {
    const configured = vscode.workspace.getConfiguration("cloudflareMtls").get<string>("apiBaseUrl");
    assert.equal(configured, sandboxUrl());
  });
});
