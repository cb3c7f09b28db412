// The pure half of "Upload Certificate…": which destinations are offered first for what the file
// holds, the default name, hostname input, the exact request bodies Cloudflare takes
// (cloudflare-api.md), and the summary of the final confirmation. Documents are real certificates
// read by readCertificates.
import "reflect-metadata";
import assert from "node:assert/strict";
import { createPrivateKey } from "node:crypto";
import { readCertificates, type CertificateDocument } from "../../../src/certificates/read";
import { uploadWarnings } from "../../../src/certificates/warnings";
import {
  accessUploadBody,
  defaultCertificateName,
  describeDestination,
  mtlsUploadBody,
  parseHostnames,
  uploadKindChoices,
  uploadSummary,
  validateCertificateName,
  validateHostnames,
  uploadRole,
  type UploadDestination,
} from "../../../src/commands/uploadPlan";
import { accountScope, zoneScope } from "../../../src/views/certificateKind";
import { days, makeCa, makeChain, makeLeaf, type MadeCertificate } from "../../support/makeCertificates";

const ACCOUNT = { id: "0123456789abcdef0123456789abcdef", name: "Acme Production" };
const MTLS_CA: UploadDestination = { kind: "mtlsCertificate", role: "ca", account: ACCOUNT };
const MTLS_LEAF: UploadDestination = { kind: "mtlsCertificate", role: "leaf", account: ACCOUNT };
const ACCESS_ACCOUNT: UploadDestination = { kind: "accessCertificate", scope: accountScope(ACCOUNT) };
const ACCESS_ZONE: UploadDestination = { kind: "accessCertificate", scope: zoneScope(ACCOUNT, { id: "zone-1", name: "acme.com", account: ACCOUNT }) };

suite("commands/uploadPlan", () => {
  let ca: MadeCertificate;
  let leaf: MadeCertificate;
  let caDocument: CertificateDocument;
  let leafDocument: CertificateDocument;
  let leafWithKey: CertificateDocument;

  suiteSetup(async () => {
    ca = await makeCa({ subject: "CN=Acme Client CA, O=Acme Inc., C=US" });
    leaf = await makeLeaf(ca, { commonName: "device-17.acme.com", dnsNames: ["device-17.acme.com"] });
    caDocument = await readCertificates(ca.pem);
    leafDocument = await readCertificates(leaf.pem);
    leafWithKey = await readCertificates(`${leaf.pem}${leaf.privateKeyPem}`);
  });

  suite("upload kinds", () => {
    const targets = (choices: readonly { target: string }[]) => choices.map((choice) => choice.target);

    test("a CA suggests the CA destinations first: mTLS CA and Access for the account", () => {
      const choices = uploadKindChoices(caDocument);
      assert.deepEqual(targets(choices), ["mtlsCertificate.ca", "accessCertificate.accounts", "mtlsCertificate.leaf", "accessCertificate.zones"]);
      assert.deepEqual(
        choices.filter((choice) => choice.recommended).map((choice) => choice.target),
        ["mtlsCertificate.ca", "accessCertificate.accounts"],
      );
    });

    test("a leaf suggests an mTLS leaf first, and nothing else", () => {
      const choices = uploadKindChoices(leafDocument);
      assert.equal(choices[0]?.target, "mtlsCertificate.leaf");
      assert.deepEqual(
        choices.filter((choice) => choice.recommended).map((choice) => choice.target),
        ["mtlsCertificate.leaf"],
      );
      assert.equal(choices.length, 4, "every kind stays available");
    });

    test("a bundle is judged by its first certificate", async () => {
      const { root, intermediate, leaf: chainLeaf } = await makeChain();
      assert.equal(uploadKindChoices(await readCertificates(`${chainLeaf.pem}${intermediate.pem}${root.pem}`))[0]?.target, "mtlsCertificate.leaf");
      assert.equal(uploadKindChoices(await readCertificates(`${intermediate.pem}${root.pem}`))[0]?.target, "mtlsCertificate.ca");
    });

    test("started from a group, only that group's kinds are offered", () => {
      assert.deepEqual(targets(uploadKindChoices(caDocument, "mtlsCertificate")), ["mtlsCertificate.ca", "mtlsCertificate.leaf"]);
      assert.deepEqual(targets(uploadKindChoices(leafDocument, "mtlsCertificate")), ["mtlsCertificate.leaf", "mtlsCertificate.ca"]);
      assert.deepEqual(targets(uploadKindChoices(caDocument, "accessCertificate")), ["accessCertificate.accounts", "accessCertificate.zones"]);
      assert.deepEqual(targets(uploadKindChoices(leafDocument, "accessCertificate")), ["accessCertificate.accounts", "accessCertificate.zones"]);
    });

    test("each choice explains itself, and the mTLS ones name the ca flag sent", () => {
      for (const choice of uploadKindChoices(caDocument)) {
        assert.ok(choice.label.length > 0 && choice.detail.length > 0, choice.target);
      }
      const byTarget = new Map(uploadKindChoices(caDocument).map((choice) => [choice.target, choice]));
      assert.match(byTarget.get("mtlsCertificate.ca")?.detail ?? "", /ca: true/);
      assert.match(byTarget.get("mtlsCertificate.leaf")?.detail ?? "", /ca: false/);
    });
  });

  suite("the name", () => {
    test("defaults to the subject's common name", () => {
      assert.equal(defaultCertificateName(caDocument, "/home/me/certs/ca.pem"), "Acme Client CA");
      assert.equal(defaultCertificateName(leafDocument), "device-17.acme.com");
    });

    test("falls back to the file's name without its certificate extension, on any platform", async () => {
      const noCn = await readCertificates((await makeCa({ subject: "O=Nameless Inc., C=US" })).pem);
      assert.equal(defaultCertificateName(noCn, "/home/me/certs/corp-root.pem"), "corp-root");
      assert.equal(defaultCertificateName(noCn, "C:\\certs\\corp-root.CA-BUNDLE"), "corp-root");
      assert.equal(defaultCertificateName(noCn, "untitled:Untitled-1"), "untitled:Untitled-1");
      assert.equal(defaultCertificateName(noCn, "archive.tar"), "archive.tar", "only certificate extensions are dropped");
      assert.equal(defaultCertificateName(noCn), "certificate");
      assert.equal(defaultCertificateName(noCn, ".pem"), "certificate", "an empty base name is no name");
    });

    test("a long common name is cut to what Cloudflare takes", async () => {
      const long = "n".repeat(300);
      const document = await readCertificates((await makeCa({ commonName: long })).pem);
      const name = defaultCertificateName(document);
      assert.equal(name.length, 255);
      assert.equal(validateCertificateName(name), undefined);
    });

    test("validation: empty and blank names, too long names", () => {
      assert.match(validateCertificateName("") ?? "", /Give the certificate a name/);
      assert.match(validateCertificateName("   \t ") ?? "", /Give the certificate a name/);
      assert.equal(validateCertificateName("x".repeat(256)), "Use at most 255 characters.");
      assert.equal(validateCertificateName("x".repeat(255)), undefined);
      assert.equal(validateCertificateName(`  ${"x".repeat(255)}  `), undefined, "surrounding spaces are trimmed before counting");
      assert.equal(validateCertificateName("Acme Client CA (2026)"), undefined);
    });
  });

  suite("hostnames", () => {
    test("commas, spaces, semicolons and new lines all separate; case is folded", () => {
      assert.deepEqual(parseHostnames("app.acme.com, Admin.ACME.com;api.acme.com\n  vpn.acme.com\r\n\twiki.acme.com"), {
        hostnames: ["app.acme.com", "admin.acme.com", "api.acme.com", "vpn.acme.com", "wiki.acme.com"],
        invalid: [],
      });
      assert.deepEqual(parseHostnames(""), { hostnames: [], invalid: [] });
      assert.deepEqual(parseHostnames(" , ;\n"), { hostnames: [], invalid: [] });
      assert.equal(validateHostnames(""), undefined, "no hostnames is allowed");
    });

    test("duplicates are kept once, in first-seen order", () => {
      assert.deepEqual(parseHostnames("b.acme.com a.acme.com B.acme.com,a.acme.com").hostnames, ["b.acme.com", "a.acme.com"]);
    });

    test("a leading wildcard label is a hostname", () => {
      assert.deepEqual(parseHostnames("*.acme.com *.eu.acme.com").hostnames, ["*.acme.com", "*.eu.acme.com"]);
    });

    test("punycode and long but legal names pass", () => {
      const label63 = "a".repeat(63);
      const text = `xn--bcher-kva.example xn--80ak6aa92e.xn--p1ai ${label63}.acme.com a-b.c-d.acme.io`;
      assert.deepEqual(parseHostnames(text), { hostnames: text.split(" "), invalid: [] });
    });

    const NOT_HOSTNAMES = [
      "acme", // one label
      "https://app.acme.com", // a URL
      "app.acme.com/path",
      "app.acme.com:443",
      "*acme.com", // a wildcard that is not a whole label
      "app.*.acme.com",
      "*.*.acme.com",
      "-app.acme.com", // labels cannot start or end with a hyphen
      "app-.acme.com",
      "app.acme.-com",
      "app.acme.com-",
      "app..acme.com",
      ".acme.com",
      "app.acme.com.", // a trailing dot
      "exa_mple.com",
      "user@acme.com",
      `${"a".repeat(64)}.acme.com`, // a label over 63 characters
      "ünïcode.acme.com",
      "acme.c", // a one-letter top-level label
      "192.168.10.10", // an IP address is not an Access application's hostname
    ];

    for (const text of NOT_HOSTNAMES) {
      test(`"${text}" is not a hostname`, () => {
        assert.deepEqual(parseHostnames(`ok.acme.com ${text}`), { hostnames: ["ok.acme.com"], invalid: [text.toLowerCase()] });
        assert.match(validateHostnames(text) ?? "", /^Not a hostname: /);
      });
    }

    test("a name longer than 253 characters is not a hostname", () => {
      const long = `${Array.from({ length: 4 }, () => "a".repeat(63)).join(".")}.com`;
      assert.ok(long.length > 253);
      assert.deepEqual(parseHostnames(long).invalid, [long]);
    });

    test("the validation message names the first three bad entries, quoted, and how to separate hostnames", () => {
      const how = "Separate hostnames with commas or spaces, e.g. app.example.com, admin.example.com.";
      assert.equal(validateHostnames("ok.acme.com bad_1 bad_2"), `Not hostnames: “bad_1”, “bad_2”. ${how}`);
      assert.equal(validateHostnames("bad_1 bad_2 bad_3 bad_4 bad_5"), `Not hostnames: “bad_1”, “bad_2”, “bad_3” and 2 more. ${how}`);
      // Spaces separate hostnames here as everywhere: each word is named, and the message says so.
      assert.equal(validateHostnames("not a host"), `Not hostnames: “not”, “a”, “host”. ${how}`);
      assert.equal(validateHostnames("bad_1"), `Not a hostname: “bad_1”. ${how}`);
      assert.equal(validateHostnames("app.acme.com, *.acme.com"), undefined);
    });
  });

  suite("request bodies", () => {
    test("an mTLS CA: exactly ca, certificates and name", () => {
      const body = mtlsUploadBody("ca", caDocument, "  Acme Client CA  ");
      assert.deepEqual(body, { ca: true, certificates: caDocument.pem, name: "Acme Client CA" });
      assert.deepEqual(Object.keys(body).sort(), ["ca", "certificates", "name"]);
    });

    test("an mTLS leaf without its key: ca false, no private_key field at all", () => {
      const body = mtlsUploadBody("leaf", leafDocument, "device-17");
      assert.deepEqual(body, { ca: false, certificates: leafDocument.pem, name: "device-17" });
      assert.ok(!("private_key" in body));
      assert.ok(!("private_key" in mtlsUploadBody("leaf", leafDocument, "device-17", "")), "an empty key is no key");
    });

    test("an mTLS leaf with its key: private_key is the key, certificates stay certificates only", () => {
      const key = leafWithKey.privateKeys[0]?.pem;
      assert.ok(key);
      const body = mtlsUploadBody("leaf", leafWithKey, "device-17", key);
      assert.deepEqual(Object.keys(body).sort(), ["ca", "certificates", "name", "private_key"]);
      assert.equal(body.private_key, key);
      assert.equal(body.ca, false);
      assert.ok(!body.certificates.includes("PRIVATE KEY"), "the key never rides along in certificates");
      assert.match(body.certificates, /^-----BEGIN CERTIFICATE-----\n[\s\S]+-----END CERTIFICATE-----\n$/);
      assert.equal(createPrivateKey(key).asymmetricKeyType, "ec");
    });

    test("a key offered with a CA is never sent", () => {
      const key = leafWithKey.privateKeys[0]?.pem ?? "";
      assert.ok(!("private_key" in mtlsUploadBody("ca", caDocument, "CA", key)));
      assert.ok(!("private_key" in mtlsUploadBody(uploadRole(ACCESS_ACCOUNT), caDocument, "CA", key)));
    });

    test("a chain goes up in file order, certificates only", async () => {
      const { root, intermediate, leaf: chainLeaf } = await makeChain();
      const document = await readCertificates(`${chainLeaf.privateKeyPem}\n${chainLeaf.pem}\n${intermediate.pem}\n${root.pem}`);
      const body = mtlsUploadBody("leaf", document, "chain");
      assert.equal(body.certificates, `${chainLeaf.pem}\n${intermediate.pem}\n${root.pem}\n`.replace(/\n+/g, "\n"));
    });

    test("Access: exactly name, certificate and associated_hostnames", () => {
      const hostnames = ["app.acme.com", "*.acme.com"];
      const body = accessUploadBody(caDocument, " Devices ", hostnames);
      assert.deepEqual(body, { name: "Devices", certificate: caDocument.pem, associated_hostnames: ["app.acme.com", "*.acme.com"] });
      assert.notEqual(body.associated_hostnames, hostnames, "a copy, not the caller's array");
      assert.deepEqual(accessUploadBody(caDocument, "Devices", []).associated_hostnames, []);
    });
  });

  test("the role warnings are judged for: the mTLS role chosen, a CA for Access whatever its scope", () => {
    assert.equal(uploadRole(MTLS_CA), "ca");
    assert.equal(uploadRole(MTLS_LEAF), "leaf");
    assert.equal(uploadRole(ACCESS_ACCOUNT), "ca");
    assert.equal(uploadRole(ACCESS_ZONE), "ca");
  });

  test("destinations read as a phrase", () => {
    assert.equal(describeDestination(MTLS_CA), "a CA certificate of account Acme Production");
    assert.equal(describeDestination(MTLS_LEAF), "a leaf certificate of account Acme Production");
    assert.equal(describeDestination(ACCESS_ACCOUNT), "an Access root certificate of account Acme Production");
    assert.equal(describeDestination(ACCESS_ZONE), "an Access root certificate of zone acme.com");
  });

  suite("the final confirmation", () => {
    test("a CA: subject, issuer, expiry, count; no key or hostname lines", () => {
      const summary = uploadSummary(MTLS_CA, caDocument, " Acme Client CA ", { hostnames: [], warnings: [] });
      assert.equal(summary.message, "Upload “Acme Client CA” as a CA certificate of account Acme Production?");
      const certificate = caDocument.certificates[0];
      assert.ok(certificate);
      assert.equal(
        summary.detail,
        [
          "Subject: C=US,O=Acme Inc.,CN=Acme Client CA",
          "Issuer: C=US,O=Acme Inc.,CN=Acme Client CA",
          `Expires: ${certificate.notAfter.toISOString().replace(".000Z", "Z")}`,
          "Certificates in the file: 1",
        ].join("\n"),
      );
    });

    test("a leaf says whether its private key goes with it, and from which file", () => {
      assert.match(uploadSummary(MTLS_LEAF, leafWithKey, "leaf", { privateKeySource: "keys/leaf.key", hostnames: [], warnings: [] }).detail, /\nPrivate key: keys\/leaf\.key, uploaded with the certificate$/);
      assert.match(uploadSummary(MTLS_LEAF, leafWithKey, "leaf", { hostnames: [], warnings: [] }).detail, /\nPrivate key: not uploaded$/);
    });

    test("Access lists the hostnames, or says there are none yet", () => {
      const zone = uploadSummary(ACCESS_ZONE, caDocument, "Devices", { hostnames: ["app.acme.com", "*.acme.com"], warnings: [] });
      assert.equal(zone.message, "Upload “Devices” as an Access root certificate of zone acme.com?");
      assert.match(zone.detail, /\nAssociated hostnames: app\.acme\.com, \*\.acme\.com$/);
      assert.doesNotMatch(zone.detail, /Private key/);
      assert.match(uploadSummary(ACCESS_ACCOUNT, caDocument, "Devices", { hostnames: [], warnings: [] }).detail, /Associated hostnames: none yet/);
    });

    test("warnings come last, one bullet each", async () => {
      const now = new Date();
      const expired = await readCertificates((await makeLeaf(ca, { notBefore: new Date(now.getTime() - days(100)), notAfter: new Date(now.getTime() - days(3)) })).pem);
      const warnings = uploadWarnings(expired, "ca", now);
      assert.deepEqual(
        warnings.map((warning) => warning.code),
        ["expired", "leafAsCa"],
      );
      const detail = uploadSummary(MTLS_CA, expired, "oops", { hostnames: [], warnings }).detail.split("\n");
      assert.deepEqual(detail.slice(-4), ["", "Warnings:", `• ${warnings[0]?.message ?? ""}`, `• ${warnings[1]?.message ?? ""}`]);
      assert.match(detail.at(-2) ?? "", /expired 3 days ago/);
    });
  });
});
