import assert from "node:assert/strict";
import { workbenchUrl } from "../codeServer";

suite("harness: workbench URL", () => {
  test("opens the folder, with no payload when nothing is in development", () => {
    const url = new URL(workbenchUrl("http://127.0.0.1:4000", "/tmp/work space"));
    assert.equal(url.origin, "http://127.0.0.1:4000");
    assert.equal(url.searchParams.get("folder"), "/tmp/work space");
    assert.equal(url.searchParams.has("payload"), false);
  });

  test("carries extension development and test paths as vscode-remote URIs on this server", () => {
    const url = new URL(workbenchUrl("http://127.0.0.1:4000", "/w", { extensionDevelopmentPath: "/repo dir", extensionTestsPath: "/repo dir/out/integration/index.js" }));
    const payload = JSON.parse(url.searchParams.get("payload") ?? "null") as [string, string][];
    assert.deepEqual(payload, [
      ["extensionDevelopmentPath", "vscode-remote://127.0.0.1:4000/repo%20dir"],
      ["extensionTestsPath", "vscode-remote://127.0.0.1:4000/repo%20dir/out/integration/index.js"],
      ["skipWelcome", "true"],
    ]);
  });
});
