// The details webview's HTML, rendered from real models whose certificates and Cloudflare records
// carry markup in every field they can. The page must show all of it as text, run only our script
// (by nonce), load only from the media root, and keep to a CSP without inline styles or scripts.
import "reflect-metadata";
import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { readCertificates } from "../../../src/certificates/read";
import { uploadWarnings } from "../../../src/certificates/warnings";
import type { AccessCertificate, MtlsCertificate } from "../../../src/cloudflare/types";
import { contentSecurityPolicy, escapeHtml, renderDetailsHtml, type DetailsAssets } from "../../../src/views/detailsHtml";
import { accessCertificateDetails, localFileDetails, mtlsCertificateDetails, type DetailsViewModel } from "../../../src/views/detailsModel";
import { days, makeCa, makeCertificate, makeLeaf } from "../../support/makeCertificates";

const NOW = new Date();
const CONTEXT = { now: NOW, warningDays: 30 };
const EVIL = `<img src=x onerror=alert(1)> "quoted" 'single' & Co`;
const CSP_SOURCE = "https://file+.vscode-resource.vscode-cdn.net";
const MEDIA_ROOT = `${CSP_SOURCE}/home/me/.vscode/extensions/cloudflare-mtls/media/`;

function assets(nonce = randomBytes(16).toString("base64")): DetailsAssets {
  return {
    cspSource: CSP_SOURCE,
    nonce,
    scriptUri: `${MEDIA_ROOT}details.js`,
    styleUri: `${MEDIA_ROOT}details.css`,
    codiconUri: `${MEDIA_ROOT}codicons/codicon.css`,
  };
}

function decodeEntities(text: string): string {
  return text.replace(/&(lt|gt|quot|#39|amp);/g, (_match, name: string) => ({ lt: "<", gt: ">", quot: '"', "#39": "'", amp: "&" })[name] ?? "");
}

/** Every tag of the page, whole. Text never holds a raw "<", so this finds exactly the tags. */
function tags(html: string): string[] {
  return html.match(/<[^>]*>/g) ?? [];
}

/** What a reader sees: the tags gone (each a line break), the entities decoded. */
function visibleText(html: string): string {
  // A <wbr> is a place a line may break, and a name's parts are inline: neither adds to the text.
  return decodeEntities(
    html
      .replace(/<wbr>/g, "")
      .replace(/<span class="part">([^<]*)<\/span>/g, "$1")
      .replace(/<[^>]*>/g, "\n"),
  );
}

function attributes(html: string, name: string): string[] {
  return [...html.matchAll(new RegExp(`\\s${name}="([^"]*)"`, "g"))].map((match) => decodeEntities(match[1] ?? ""));
}

function cspOf(html: string): Map<string, string[]> {
  const metas = tags(html).filter((tag) => /http-equiv="Content-Security-Policy"/i.test(tag));
  assert.equal(metas.length, 1, "one CSP meta");
  const content = decodeEntities(/content="([^"]*)"/.exec(metas[0] ?? "")?.[1] ?? "");
  return new Map(
    content
      .split(";")
      .map((directive) => directive.trim().split(/\s+/))
      .map(([name = "", ...values]) => [name, values]),
  );
}

/** Every string of the model that the page must show. */
function expectedTexts(model: DetailsViewModel): string[] {
  const texts = [model.title, model.subtitle, ...model.warnings, ...model.actions.map((action) => action.label)];
  if (model.notice) {
    texts.push(model.notice);
  }
  for (const validity of [model.validity, ...model.certificates.map((section) => section.validity)]) {
    if (validity) {
      texts.push(validity.label, `Not after ${validity.notAfter}`, ...(validity.notBefore ? [`Not before ${validity.notBefore}`] : []));
    }
  }
  for (const row of [...model.overview, ...model.certificates.flatMap((section) => section.groups.flatMap((group) => group.rows))]) {
    texts.push(row.label, ...row.value.split("\n"));
  }
  for (const section of model.certificates) {
    texts.push(section.heading, section.summary, ...section.groups.map((group) => group.title));
  }
  if (model.chain) {
    texts.push(...model.chain.steps.flatMap((step) => [step.name, step.note]), ...model.chain.breaks);
  }
  return texts;
}

function assertSafePage(html: string, model: DetailsViewModel, given: DetailsAssets): void {
  // Markup from the data never becomes markup.
  assert.ok(!/<img/i.test(html), "no raw <img");
  const allowedTags = new Set(["!doctype", "html", "head", "meta", "link", "title", "body", "header", "h1", "h2", "h3", "p", "div", "span", "strong", "section", "dl", "dt", "dd", "br", "wbr", "button", "ol", "li", "script"]);
  for (const tag of tags(html)) {
    const name = /^<\/?([!a-z0-9]+)/i.exec(tag)?.[1]?.toLowerCase() ?? tag;
    assert.ok(allowedTags.has(name), `unexpected tag ${tag}`);
    assert.ok(!/\son[a-z]+\s*=/i.test(tag), `an event handler attribute in ${tag}`);
    assert.ok(!/\sstyle\s*=/i.test(tag), `an inline style in ${tag}: the CSP would block it`);
    assert.equal((tag.match(/"/g) ?? []).length % 2, 0, `an unbalanced quote in ${tag}`);
  }
  assert.ok(!/<style/i.test(html), "no <style> element");

  // Our one script, by nonce, from the media root.
  const scripts = tags(html).filter((tag) => /^<script/i.test(tag));
  assert.deepEqual(scripts, [`<script nonce="${escapeHtml(given.nonce)}" src="${given.scriptUri}">`]);
  assert.equal((html.match(/<\/script>/g) ?? []).length, 1);
  assert.ok(/<script[^>]*><\/script>/.test(html), "the script element is empty: no inline code");

  // Resources only from the media root.
  const urls = [...attributes(html, "src"), ...attributes(html, "href")];
  assert.deepEqual(urls.sort(), [given.codiconUri, given.scriptUri, given.styleUri].sort());
  for (const url of urls) {
    assert.ok(url.startsWith(MEDIA_ROOT), url);
  }

  // Every field shows, as the text it is.
  const text = visibleText(html);
  for (const expected of expectedTexts(model)) {
    assert.ok(text.includes(expected), `the page does not show: ${expected}`);
  }

  // Copy buttons ask for keys the extension registered, and every registered value has a button.
  assert.deepEqual(attributes(html, "data-copy").sort(), [...model.copyValues.keys()].sort());
  assert.deepEqual(
    attributes(html, "data-action"),
    model.actions.map((action) => action.action),
  );
}

suite("views/detailsHtml", () => {
  let models: { name: string; model: DetailsViewModel }[];

  suiteSetup(async () => {
    const evilCa = await makeCa({ subject: `CN=Evil \\"CA\\" \\<img src\\=x onerror\\=alert(1)\\> & Co, O=A\\&B \\'Q\\'` });
    const evilLeaf = await makeLeaf(evilCa, {
      subject: "CN=<img src=x onerror=alert(1)>",
      dnsNames: ["<img src=x onerror=alert(1)>.example.com"],
      emails: [`"a"&b<c>@example.com`],
      uris: [`https://example.com/?a=1&b="2"<script>`],
      notBefore: new Date(NOW.getTime() - days(100)),
      notAfter: new Date(NOW.getTime() - days(2)),
    });
    const stranger = await makeCertificate({ commonName: `<script>alert(\\"x\\")</script>`, ca: true });
    const caDocument = await readCertificates(evilCa.pem);
    const bundle = await readCertificates(`${evilLeaf.pem}${stranger.pem}${evilLeaf.privateKeyPem}`);

    const mtlsRecord: MtlsCertificate = {
      id: `id-${EVIL}`,
      name: EVIL,
      ca: true,
      certificates: evilCa.pem,
      issuer: EVIL,
      serial_number: EVIL,
      signature: EVIL,
      expires_on: new Date(NOW.getTime() + days(20)).toISOString(),
      uploaded_on: EVIL,
      type: `${EVIL}_managed`,
    };
    const accessRecord: AccessCertificate = {
      id: EVIL,
      name: EVIL,
      associated_hostnames: [EVIL, "app.acme.com"],
      fingerprint: EVIL,
      expires_on: new Date(NOW.getTime() + days(200)).toISOString(),
      created_at: EVIL,
      updated_at: EVIL,
    };

    models = [
      { name: "a remote mTLS certificate", model: mtlsCertificateDetails(EVIL, mtlsRecord, [{ service: EVIL, status: EVIL }], caDocument, undefined, CONTEXT) },
      { name: "an undecodable remote PEM", model: mtlsCertificateDetails(EVIL, { ...mtlsRecord, certificates: EVIL }, undefined, undefined, EVIL, CONTEXT) },
      { name: "an Access certificate without a local file", model: accessCertificateDetails(EVIL, accessRecord, undefined, CONTEXT) },
      { name: "an Access certificate with its local file", model: accessCertificateDetails(EVIL, accessRecord, { fileLabel: EVIL, document: caDocument }, CONTEXT) },
      { name: "a local bundle with a broken chain, warnings and a key", model: localFileDetails(EVIL, bundle, uploadWarnings(bundle, "ca", NOW), CONTEXT) },
    ];
  });

  test("the hostile values really are in the models", () => {
    const bundle = models[4]?.model;
    assert.ok(bundle);
    assert.ok(bundle.chain && bundle.chain.breaks.length > 0, "a chain break to render");
    assert.ok(bundle.warnings.some((warning) => warning.includes("<img src=x onerror=alert(1)>")), "a warning quoting the name");
    assert.ok(bundle.notice, "the private key notice");
    assert.ok(bundle.certificates.some((section) => section.heading.endsWith(`: <script>alert("x")</script>`)));
    const remote = models[0]?.model;
    assert.equal(remote?.certificates[0]?.heading, `Root CA: Evil "CA" <img src=x onerror=alert(1)> & Co`);
    assert.ok(remote.certificates[0]?.groups.some((group) => group.rows.some((row) => row.value.includes("O=A&B"))));
  });

  test("every field shows as escaped text; nothing becomes markup; only our script runs", () => {
    for (const { name, model } of models) {
      const given = assets();
      const html = renderDetailsHtml(model, given);
      try {
        assertSafePage(html, model, given);
      } catch (error) {
        assert.fail(`${name}: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
  });

  test("the CSP: nothing by default, our nonce for scripts, the webview's source for styles and fonts", () => {
    const given = assets();
    const csp = cspOf(renderDetailsHtml(models[0]?.model ?? assert.fail("no model"), given));
    assert.deepEqual(csp.get("default-src"), ["'none'"]);
    assert.deepEqual(csp.get("script-src"), [`'nonce-${given.nonce}'`]);
    assert.deepEqual(csp.get("style-src"), [CSP_SOURCE]);
    assert.deepEqual(csp.get("font-src"), [CSP_SOURCE]);
    assert.deepEqual(csp.get("img-src"), [CSP_SOURCE, "data:"]);
    assert.deepEqual([...csp.keys()].sort(), ["default-src", "font-src", "img-src", "script-src", "style-src"]);
    const all = [...csp.values()].flat().join(" ");
    assert.doesNotMatch(all, /unsafe-inline|unsafe-eval|\*/);
    assert.equal(contentSecurityPolicy(given), [...csp.entries()].map(([name, values]) => [name, ...values].join(" ")).join("; "));
  });

  test("each render carries its own nonce, in the CSP and on the script, and no other", () => {
    const model = models[2]?.model ?? assert.fail("no model");
    const first = assets();
    const second = assets();
    assert.notEqual(first.nonce, second.nonce);
    for (const [given, other] of [
      [first, second],
      [second, first],
    ] as const) {
      const html = renderDetailsHtml(model, given);
      assert.deepEqual(cspOf(html).get("script-src"), [`'nonce-${given.nonce}'`]);
      assert.deepEqual(attributes(html, "nonce"), [given.nonce]);
      assert.ok(!html.includes(other.nonce));
    }
  });

  test("the validity bar is clamped and styled by class and data attribute only", () => {
    const base = models[2]?.model ?? assert.fail("no model");
    for (const [elapsedPercent, expected] of [
      [-20, "0"],
      [37.4, "37"],
      [250, "100"],
    ] as const) {
      const model: DetailsViewModel = { ...base, validity: { state: "expiring", label: "expires in 3 days", notAfter: "2027-01-01T00:00:00Z", elapsedPercent } };
      const html = renderDetailsHtml(model, assets());
      assert.deepEqual(attributes(html, "aria-valuenow"), [expected]);
      assert.deepEqual(attributes(html, "data-percent"), [expected]);
      assert.match(html, /class="validity state-expiring"/);
    }
  });

  test("an empty model still renders a whole page", () => {
    const model: DetailsViewModel = { title: "", subtitle: "", overview: [], warnings: [], certificates: [], actions: [], copyValues: new Map() };
    const given = assets();
    const html = renderDetailsHtml(model, given);
    assert.match(html, /^<!DOCTYPE html>\n<html lang="en">/);
    assert.match(html, /<\/html>$/);
    assert.doesNotMatch(html, /class="(warnings|notice|actions|chain|overview|validity)/);
    assertSafePage(html, model, given);
  });

  test("escapeHtml covers the five characters that matter in text and attributes", () => {
    assert.equal(escapeHtml(`<a href="x" title='y'>&amp;</a>`), "&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;amp;&lt;/a&gt;");
    assert.equal(escapeHtml("plain: text / 100% = ok"), "plain: text / 100% = ok");
  });
});

suite("views/detailsHtml: where values wrap", () => {
  function page(rows: { label: string; value: string; monospace?: boolean; breakAfter?: string }[]): string {
    const model = {
      title: "t",
      subtitle: "s",
      overview: rows,
      warnings: [],
      certificates: [],
      actions: [],
      copyValues: new Map<string, string>(),
    };
    return renderDetailsHtml(model, { cspSource: "vscode-resource:", nonce: "n", scriptUri: "s.js", styleUri: "s.css", codiconUri: "c.css" });
  }

  test("a distinguished name wraps after its separators first: each RDN is kept together", () => {
    const html = page([{ label: "Subject", value: "CN=Walkthrough CA,O=DER Ltd.,C=GB", breakAfter: ",+" }]);
    assert.ok(
      html.includes(`<span class="value"><span class="part">CN=Walkthrough CA,</span><wbr><span class="part">O=DER Ltd.,</span><wbr><span class="part">C=GB</span></span>`),
      html,
    );
  });

  test("plain values get no break opportunities; only monospace (hex) values are styled to break anywhere", () => {
    const html = page([
      { label: "Kind", value: "Walkthrough certificate" },
      { label: "SHA-256", value: "AB:CD", monospace: true },
    ]);
    assert.ok(html.includes(`<span class="value">Walkthrough certificate</span>`));
    assert.ok(html.includes(`<span class="value mono">AB:CD</span>`));
    const css = readFileSync(join(__dirname, "..", "..", "..", "media", "details.css"), "utf8");
    const rule = (selector: string) => new RegExp(`^${selector.replace(".", "\\.")} \\{[^}]*\\}`, "m").exec(css)?.[0] ?? "";
    assert.match(rule(".value"), /word-break: normal/);
    assert.doesNotMatch(rule(".value"), /break-all|anywhere/);
    assert.match(rule(".mono"), /word-break: break-all/);
    assert.doesNotMatch(css, /word-break: break-word/, "break-word shrinks a column's minimum width and splits words mid-way");
  });
});
