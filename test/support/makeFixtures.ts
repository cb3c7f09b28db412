// Writes the committed input fixtures under test/fixtures/bad/: files that are not a certificate,
// or are a broken one, each made by a real tool (Node's crypto, @peculiar/x509, openssl, ssh-keygen)
// rather than typed by hand. Run it again only to refresh them:
//   npx tsx test/support/makeFixtures.ts
// test/fixtures/README.md lists every file and how it was made.
import "reflect-metadata";
import { execFileSync } from "node:child_process";
import { generateKeyPairSync, randomBytes } from "node:crypto";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import * as x509 from "@peculiar/x509";
import { makeCa, makeKeys, makeLeaf } from "./makeCertificates";

const BAD = join(__dirname, "..", "fixtures", "bad");
const PASSPHRASE = "fixture-passphrase";

function write(name: string, content: string | Uint8Array): void {
  writeFileSync(join(BAD, name), content);
}

function run(command: string, args: readonly string[], input?: string): string {
  return execFileSync(command, args, { input, encoding: "utf8", stdio: ["pipe", "pipe", "pipe"] });
}

function runBinary(command: string, args: readonly string[]): Uint8Array {
  return new Uint8Array(execFileSync(command, args, { stdio: ["pipe", "pipe", "pipe"] }));
}

function derOf(pem: string): Uint8Array {
  return new Uint8Array(x509.PemConverter.decodeFirst(pem));
}

function armour(der: Uint8Array<ArrayBuffer>, label: string): string {
  return `${x509.PemConverter.encode(der, label)}\n`;
}

async function main(): Promise<void> {
  mkdirSync(BAD, { recursive: true });
  const work = mkdtempSync(join(tmpdir(), "cf-mtls-fixtures-"));
  try {
    const ca = await makeCa({ subject: "CN=Fixture Root CA, O=Fixture Inc., C=US", keyAlgorithm: "P-256" });
    const leaf = await makeLeaf(ca, { subject: "CN=fixture.example.com", dnsNames: ["fixture.example.com"] });
    const caPemFile = join(work, "ca.pem");
    writeFileSync(caPemFile, ca.pem);
    const leafPemFile = join(work, "leaf.pem");
    writeFileSync(leafPemFile, leaf.pem);
    const leafKeyFile = join(work, "leaf.key");
    writeFileSync(leafKeyFile, leaf.privateKeyPem);

    // Private keys in every PEM form Node's crypto writes.
    const rsa = generateKeyPairSync("rsa", { modulusLength: 2048 });
    const ec = generateKeyPairSync("ec", { namedCurve: "P-256" });
    write("pkcs1-rsa-private-key.pem", rsa.privateKey.export({ type: "pkcs1", format: "pem" }));
    write("sec1-ec-private-key.pem", ec.privateKey.export({ type: "sec1", format: "pem" }));
    write("pkcs8-private-key.pem", ec.privateKey.export({ type: "pkcs8", format: "pem" }));
    write(
      "encrypted-pkcs8-private-key.pem",
      rsa.privateKey.export({ type: "pkcs8", format: "pem", cipher: "aes-256-cbc", passphrase: PASSPHRASE }),
    );
    write("pkcs8-private-key.der", new Uint8Array(ec.privateKey.export({ type: "pkcs8", format: "der" })));
    write("pkcs1-rsa-private-key.der", new Uint8Array(rsa.privateKey.export({ type: "pkcs1", format: "der" })));
    write("traditional-encrypted-rsa-private-key.pem", run("openssl", ["rsa", "-traditional", "-aes128", "-passout", `pass:${PASSPHRASE}`], rsa.privateKey.export({ type: "pkcs1", format: "pem" }).toString()));

    // Public keys.
    write("public-key.pem", ec.publicKey.export({ type: "spki", format: "pem" }));
    write("rsa-public-key.pem", rsa.publicKey.export({ type: "pkcs1", format: "pem" }));
    write("public-key.der", new Uint8Array(ec.publicKey.export({ type: "spki", format: "der" })));

    // SSH keys from ssh-keygen: the OpenSSH private key, its one-line public key, and the RFC 4716 form.
    const sshKey = join(work, "id_ed25519");
    run("ssh-keygen", ["-q", "-t", "ed25519", "-N", "", "-C", "fixture@example.com", "-f", sshKey]);
    write("openssh-private-key", readFileSync(sshKey, "utf8"));
    write("ssh-public-key.pub", readFileSync(`${sshKey}.pub`, "utf8"));
    write("ssh2-public-key.pub", run("ssh-keygen", ["-e", "-f", `${sshKey}.pub`]));

    // A CSR and a CRL from @peculiar/x509.
    const csrKeys = await makeKeys("P-256", "SHA-256", "fixture-csr");
    const csr = await x509.Pkcs10CertificateRequestGenerator.create({
      name: "CN=csr.example.com, O=Fixture Inc.",
      keys: csrKeys,
      signingAlgorithm: { name: "ECDSA", hash: "SHA-256" },
    });
    write("certificate-request.csr", `${csr.toString("pem")}\n`);
    write("certificate-request.der", new Uint8Array(csr.rawData));
    const crl = await x509.X509CrlGenerator.create({
      issuer: ca.certificate.subject,
      thisUpdate: new Date("2025-01-01T00:00:00Z"),
      nextUpdate: new Date("2025-02-01T00:00:00Z"),
      entries: [{ serialNumber: leaf.certificate.serialNumber, revocationDate: new Date("2025-01-01T00:00:00Z") }],
      signingAlgorithm: { name: "ECDSA", hash: "SHA-256" },
      signingKey: ca.keys.privateKey,
    });
    write("revocation-list.crl", `${crl.toString("pem")}\n`);

    // PKCS#7: openssl's "PKCS7" label, @peculiar/x509's "CMS" label, and the DER form.
    write("bundle.p7b", run("openssl", ["crl2pkcs7", "-nocrl", "-certfile", leafPemFile, "-certfile", caPemFile]));
    const p7 = new x509.X509Certificates([leaf.certificate, ca.certificate]);
    write("bundle-cms.p7c", `${p7.export("pem")}\n`);
    write("bundle-der.p7b", new Uint8Array(p7.export("raw")));

    // PKCS#12 from openssl.
    write(
      "bundle.p12",
      runBinary("openssl", ["pkcs12", "-export", "-in", leafPemFile, "-inkey", leafKeyFile, "-certfile", caPemFile, "-passout", `pass:${PASSPHRASE}`]),
    );

    // Nothing at all, or nothing useful.
    write("empty.pem", "");
    write("whitespace-only.pem", "  \n\t\r\n   \n\n");
    write("base64-not-a-certificate.txt", `${randomBytes(300).toString("base64").replace(/.{64}/g, "$&\n")}\n`);
    const random = randomBytes(512);
    random[0] = 0xff; // never a DER SEQUENCE, never UTF-8
    write("random.bin", new Uint8Array(random));
    write(
      "cloudflare-accounts.json",
      `${JSON.stringify({ success: true, errors: [], messages: [], result: [{ id: "023e105f4ecef8ad9ca31a8372d0c353", name: "Fixture account", type: "standard" }] }, null, 2)}\n`,
    );
    write("openssl-text-dump.txt", run("openssl", ["x509", "-in", leafPemFile, "-text", "-noout"]));
    write("ec-parameters-only.pem", run("openssl", ["ecparam", "-name", "prime256v1"]));
    write("unknown-label.pem", armour(new Uint8Array(randomBytes(120)), "SSL SESSION PARAMETERS"));

    // Broken certificate blocks, made from a real certificate.
    const lines = leaf.pem.trimEnd().split("\n");
    write("truncated-block.pem", `${lines.slice(0, lines.length - 3).join("\n")}\n`);
    write("end-without-begin.pem", `${lines.slice(3).join("\n")}\n`);
    write("mismatched-end-label.pem", `${[...lines.slice(0, -1), "-----END PRIVATE KEY-----"].join("\n")}\n`);
    write("empty-block.pem", "-----BEGIN CERTIFICATE-----\n-----END CERTIFICATE-----\n");
    const damaged = [...lines];
    damaged[4] = `${damaged[4]?.slice(0, 10) ?? ""}!${damaged[4]?.slice(11) ?? ""}`;
    write("broken-base64.pem", `${damaged.join("\n")}\n`);
    const der = derOf(leaf.pem);
    write("cut-der-certificate.pem", armour(der.slice(0, Math.floor(der.length * 0.6)), "CERTIFICATE"));
    write("private-key-labelled-certificate.pem", armour(new Uint8Array(ec.privateKey.export({ type: "pkcs8", format: "der" })), "CERTIFICATE"));
    write("random-bytes-labelled-certificate.pem", armour(new Uint8Array(randomBytes(200)), "CERTIFICATE"));
    write("certificate-and-csr.pem", `${leaf.pem}\n${csr.toString("pem")}\n`);
    write("certificate-and-public-key.pem", `${leaf.pem}\n${ec.publicKey.export({ type: "spki", format: "pem" }) as string}`);
    // A Cloudflare API response pasted as it is: the PEM inside keeps its JSON "\n" escapes.
    const seed = readFileSync(join(__dirname, "..", "fixtures", "seed-example-ca.pem"), "utf8");
    write(
      "cloudflare-response-with-escaped-pem.json",
      `${JSON.stringify({ success: true, errors: [], messages: [], result: { id: "023e105f4ecef8ad9ca31a8372d0c353", ca: true, certificates: seed.trimEnd() } })}\n`,
    );
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

/** What OpenSSL reads in one real certificate, for the fields Node's X509Certificate does not expose. */
interface OpensslFields {
  readonly signatureAlgorithm: string;
  readonly keyUsage?: string;
  readonly basicConstraints?: string;
  readonly subjectKeyIdentifier?: string;
  readonly authorityKeyIdentifier?: string;
  readonly crlDistributionPoints: readonly string[];
  readonly certificatePolicies: readonly string[];
}

/** The lines under one extension's heading in `openssl x509 -noout -ext NAME`, trimmed. */
function extensionLines(file: string, name: string): string[] | undefined {
  const out = run("openssl", ["x509", "-in", file, "-noout", "-ext", name]);
  const lines = out.split("\n").map((line) => line.trim()).filter((line) => line.length > 0);
  return lines.length > 1 ? lines.slice(1) : undefined;
}

/**
 * test/fixtures/real/openssl-fields.json: for each certificate under test/fixtures/real, what
 * OpenSSL prints for the fields Node's X509Certificate does not expose.
 *   npx tsx test/support/makeFixtures.ts real
 */
function writeRealCertificateReference(): void {
  const realRoot = join(__dirname, "..", "fixtures", "real");
  const reference: Record<string, OpensslFields> = {};
  for (const directory of readdirSync(realRoot, { withFileTypes: true }).filter((entry) => entry.isDirectory())) {
    for (const name of readdirSync(join(realRoot, directory.name)).sort()) {
      const file = join(realRoot, directory.name, name);
      const text = run("openssl", ["x509", "-in", file, "-noout", "-text"]);
      const signatureAlgorithm = /Signature Algorithm: (\S+)/.exec(text)?.[1] ?? "";
      const keyUsage = extensionLines(file, "keyUsage")?.join(" ");
      const basicConstraints = extensionLines(file, "basicConstraints")?.join(" ");
      const subjectKeyIdentifier = extensionLines(file, "subjectKeyIdentifier")?.[0];
      const authorityKeyIdentifier = extensionLines(file, "authorityKeyIdentifier")
        ?.map((line) => line.replace(/^keyid:/, ""))
        .find((line) => /^[0-9A-F]{2}(:[0-9A-F]{2})*$/.test(line));
      const crl = extensionLines(file, "crlDistributionPoints") ?? [];
      const policies = extensionLines(file, "certificatePolicies") ?? [];
      reference[`${directory.name}/${name}`] = {
        signatureAlgorithm,
        ...(keyUsage ? { keyUsage } : {}),
        ...(basicConstraints ? { basicConstraints } : {}),
        ...(subjectKeyIdentifier ? { subjectKeyIdentifier } : {}),
        ...(authorityKeyIdentifier ? { authorityKeyIdentifier } : {}),
        crlDistributionPoints: crl.filter((line) => line.startsWith("URI:")).map((line) => line.slice(4)),
        certificatePolicies: policies.filter((line) => line.startsWith("Policy: ")).map((line) => line.slice(8)),
      };
    }
  }
  writeFileSync(join(realRoot, "openssl-fields.json"), `${JSON.stringify(reference, null, 2)}\n`);
}

if (process.argv.includes("real")) {
  writeRealCertificateReference();
} else {
  main().catch((error: unknown) => {
    process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exitCode = 1;
  });
}
