// Show Certificate Details opens a real webview panel whose HTML carries the decoded subject,
// expiry and fingerprint; a hostile common name is rendered as text, never as markup; the page runs
// under a strict CSP with a fresh nonce; and Inspect Certificate works on a local file while
// signed out, without a single request.
import assert from "node:assert/strict";
import { X509Certificate } from "node:crypto";
import * as vscode from "vscode";
import type { DetailsPanel } from "../../src/views/detailsPanel";
import type { SandboxAccount } from "../support/cloudflareSandbox";
import { makeCa } from "../support/makeCertificates";
import { requestsSince, sandboxSuite, signInWithToken, signOut } from "./support/sandboxSuite";
import { ScratchFolder } from "./support/scratchFiles";
import { nodeAt } from "./support/treeWalk";

const HOSTILE_NAME = "<img src=x onerror=alert(1)>";
/** The elements the details page is built from; anything else came from data. */
const PAGE_TAGS = new Set(["html", "head", "meta", "link", "title", "body", "header", "h1", "h2", "h3", "p", "div", "span", "section", "dl", "dt", "dd", "strong", "br", "wbr", "button", "script", "ol", "li"]);

function unescapeAttribute(value: string): string {
  return value.replace(/&#39;/g, "'").replace(/&quot;/g, '"').replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&amp;/g, "&");
}

function cspOf(html: string): string {
  const meta = /<meta http-equiv="Content-Security-Policy" content="([^"]*)">/.exec(html);
  assert.ok(meta?.[1], "the page declares a Content-Security-Policy");
  return unescapeAttribute(meta[1]);
}

suite("details panel: decoded fields in a webview, escaped, under a strict CSP", () => {
  let account: SandboxAccount | undefined;
  let files: ScratchFolder | undefined;
  const ctx = sandboxSuite({
    seed: (sandbox) => {
      account = sandbox.addAccount({ name: "Details Account" });
    },
  });
  const accountId = (): string => account?.id ?? assert.fail("no account");

  suiteSetup(() => {
    files = new ScratchFolder("details");
  });

  suiteTeardown(() => files?.remove());

  async function openDetails(name: string): Promise<DetailsPanel> {
    await vscode.commands.executeCommand("cloudflareMtls.refresh");
    const row = await nodeAt(ctx.api, "Details Account", "mTLS Certificates", name);
    await vscode.commands.executeCommand("cloudflareMtls.showCertificateDetails", row.node);
    const panel = ctx.api.services.details.openPanels.find((open) => open.key === row.node.id);
    assert.ok(panel, `no details panel for ${row.node.id}: ${ctx.api.services.details.openPanels.map((open) => open.key).join(", ")}`);
    assert.deepEqual(ctx.prompts.messages, []);
    return panel;
  }

  test("a tree certificate opens a webview panel with its subject, expiry and fingerprint", async () => {
    const notAfter = new Date(Date.UTC(2031, 4, 6, 7, 8, 9));
    const ca = await makeCa({ subject: "CN=Details Root CA, O=Details Org, C=DE", notAfter });
    ctx.sandbox.addMtlsCertificate(accountId(), { certificates: ca.pem, ca: true, name: "Details Root CA" });
    const panel = await openDetails("Details Root CA");
    assert.equal(panel.panel.viewType, "cloudflareMtls.certificateDetails");
    assert.equal(panel.panel.title, "Details Root CA");
    assert.equal(panel.panel.webview.options.enableScripts, true);
    assert.deepEqual(
      panel.panel.webview.options.localResourceRoots?.map((root) => root.toString()),
      [vscode.Uri.joinPath(ctx.api.services.context.extensionUri, "media").toString()],
    );
    const html = panel.panel.webview.html;
    assert.match(html, /CN=Details Root CA/);
    assert.match(html, /O=Details Org/);
    assert.match(html, /Not after 2031-05-06T07:08:09Z/);
    const fingerprint = new X509Certificate(ca.pem).fingerprint256;
    assert.ok(html.includes(fingerprint), `the SHA-256 fingerprint ${fingerprint} is shown`);
  });

  test("a common name that is HTML is shown as text, never as markup", async () => {
    const ca = await makeCa({ commonName: HOSTILE_NAME });
    ctx.sandbox.addMtlsCertificate(accountId(), { certificates: ca.pem, ca: true, name: HOSTILE_NAME });
    const panel = await openDetails(HOSTILE_NAME);
    const html = panel.panel.webview.html;
    assert.equal(html.includes("<img src=x"), false, "raw <img src=x in the HTML");
    assert.equal(/<img\b/i.test(html), false, "an <img> element in the HTML");
    const occurrences = (pattern: RegExp) => html.match(pattern)?.length ?? 0;
    assert.ok(occurrences(/onerror/g) > 0, "the name is on the page");
    assert.equal(occurrences(/onerror/g), occurrences(/&lt;img src=x onerror=alert\(1\)\\?&gt;/g), "every occurrence of the name is escaped text");
    const tags = new Set([...html.matchAll(/<\/?([a-zA-Z][a-zA-Z0-9]*)/g)].map((match) => match[1]?.toLowerCase()));
    const unexpected = [...tags].filter((tag) => !PAGE_TAGS.has(tag ?? ""));
    assert.deepEqual(unexpected, [], "only the page's own elements");
    assert.ok(html.includes("&lt;img src=x onerror=alert(1)&gt;"), "the name is shown, escaped");
  });

  test("the page allows only its own nonce'd script and the webview's resources (strict CSP, fresh nonce)", async () => {
    const ca = await makeCa({ commonName: "CSP Check CA" });
    ctx.sandbox.addMtlsCertificate(accountId(), { certificates: ca.pem, ca: true, name: "CSP Check CA" });
    const panel = await openDetails("CSP Check CA");
    const csp = cspOf(panel.panel.webview.html);
    assert.match(csp, /(^|; )default-src 'none'(;|$)/);
    const nonce = /script-src 'nonce-([A-Za-z0-9+/=]+)'/.exec(csp)?.[1];
    assert.ok(nonce && nonce.length >= 16, `a nonce of at least 16 characters in: ${csp}`);
    assert.doesNotMatch(csp, /unsafe-/);
    assert.equal(/(?:^|; )script-src ([^;]*)/.exec(csp)?.[1], `'nonce-${nonce}'`, "scripts only by nonce, from no host");
    const scripts = [...panel.panel.webview.html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/g)];
    assert.equal(scripts.length, 1, "one script");
    assert.match(scripts[0]?.[1] ?? "", new RegExp(`nonce="${nonce.replace(/[+/=]/g, "\\$&")}"`));
    assert.match(scripts[0]?.[1] ?? "", /src="[^"]*details\.js"/);
    assert.equal(scripts[0]?.[2]?.trim(), "", "no inline script");
    assert.doesNotMatch(panel.panel.webview.html, /\son[a-z]+=/i, "no inline event handlers");

    await vscode.commands.executeCommand("cloudflareMtls.showCertificateDetails", (await nodeAt(ctx.api, "Details Account", "mTLS Certificates", "CSP Check CA")).node);
    const again = ctx.api.services.details.openPanels.filter((open) => open.key === panel.key);
    assert.equal(again.length, 1, "the same certificate reuses its panel");
    assert.notEqual(/script-src 'nonce-([^']+)'/.exec(cspOf(again[0]?.panel.webview.html ?? ""))?.[1], nonce, "each render gets a fresh nonce");
  });

  test("Inspect Certificate shows a local file's details while signed out, without any request", async () => {
    const ca = await makeCa({ subject: "CN=Local Inspect CA, O=Offline" });
    const uri = files?.write("local-inspect.pem", ca.pem) ?? assert.fail("no scratch folder");
    await signOut(ctx.api);
    const prompts = ctx.freshPrompts();
    const mark = ctx.sandbox.requests.length;
    try {
      assert.equal(await ctx.api.services.credentials.get(), undefined);
      await vscode.commands.executeCommand("cloudflareMtls.inspectCertificate", uri);
      assert.deepEqual(prompts.messages, []);
      const panel = ctx.api.services.details.openPanels.find((open) => open.key === `local:${uri.toString()}`);
      assert.ok(panel, "a details panel for the file");
      assert.match(panel.panel.webview.html, /CN=Local Inspect CA/);
      assert.match(panel.panel.webview.html, /Local file · it-details-\d+\/local-inspect\.pem · 1 certificate/);
      assert.ok(panel.panel.webview.html.includes(new X509Certificate(ca.pem).fingerprint256));
      assert.deepEqual(requestsSince(ctx.sandbox, mark), [], "nothing was sent to Cloudflare");
    } finally {
      await signInWithToken(ctx.api, ctx.token);
    }
  });
});
