// What is not a certificate never leaves the machine: a private key, garbage, an empty editor or a
// binary file that is not DER is refused with the decoder's own message (what it is, where, what
// to do) after the name of the file or editor, no question is asked, and not a single POST
// reaches Cloudflare.
import assert from "node:assert/strict";
import * as vscode from "vscode";
import { readCertificates } from "../../src/certificates/read";
import { makeCa } from "../support/makeCertificates";
import { requestsSince, sandboxSuite } from "./support/sandboxSuite";
import { openInEditor, ScratchFolder } from "./support/scratchFiles";

/** The message the decoder gives for this input (the command must show exactly that). */
async function decoderRefusal(input: string | Uint8Array): Promise<string> {
  try {
    await readCertificates(input);
  } catch (error) {
    return (error as Error).message;
  }
  return assert.fail("the decoder accepted the input");
}

suite("upload refusals: keys, garbage and empty input are refused locally, nothing is sent", () => {
  let files: ScratchFolder | undefined;
  const ctx = sandboxSuite({ seed: (sandbox) => void sandbox.addAccount({ name: "Refusal Account" }) });
  const folder = (): ScratchFolder => files ?? assert.fail("no scratch folder");

  suiteSetup(() => {
    files = new ScratchFolder("refusals");
  });

  suiteTeardown(() => files?.remove());

  /** `source` is what the message names: the workspace-relative path, or the untitled editor's title. */
  async function uploadRefused(argument: vscode.Uri | undefined, source: string, decoderMessage: string, meaning: RegExp): Promise<void> {
    assert.match(decoderMessage, meaning, "the decoder's message says what the input is");
    const expected = `${source}: ${decoderMessage}`;
    const mark = ctx.sandbox.requests.length;
    if (argument) {
      await vscode.commands.executeCommand("cloudflareMtls.uploadCertificate", argument);
    } else {
      await vscode.commands.executeCommand("cloudflareMtls.uploadCertificate");
    }
    assert.deepEqual(ctx.prompts.messages, [{ severity: "error", message: expected, buttons: ["Open Log"] }]);
    assert.deepEqual(ctx.prompts.questions, [], "no question was asked");
    assert.deepEqual(requestsSince(ctx.sandbox, mark, { method: "POST" }), [], "nothing was posted");
  }

  test("a private key in the active editor is refused with the decoder's message", async () => {
    const { privateKeyPem } = await makeCa({ commonName: "Key Owner" });
    await openInEditor(folder().write("only-a-key.pem", privateKeyPem));
    await uploadRefused(undefined, vscode.workspace.asRelativePath(folder().uri("only-a-key.pem"), false), await decoderRefusal(privateKeyPem), /is a private key \(PKCS#8\), not a certificate: .*the key stays on your machine/);
  });

  test("garbage in the active editor is refused with the decoder's message", async () => {
    const garbage = "These are meeting notes, not a certificate.\nAction items: renew the CA.\n";
    await openInEditor(folder().write("notes.pem", garbage));
    await uploadRefused(undefined, vscode.workspace.asRelativePath(folder().uri("notes.pem"), false), await decoderRefusal(garbage), /^No certificate found: the text has no -----BEGIN CERTIFICATE----- block\.$/);
  });

  test("an empty untitled editor is refused with the decoder's message", async () => {
    const document = await vscode.workspace.openTextDocument({ content: "", language: "pem" });
    await vscode.window.showTextDocument(document);
    await uploadRefused(undefined, document.fileName, await decoderRefusal(""), /^The text is empty: there is no certificate in it\.$/);
  });

  test("a binary file from the Explorer that is not DER is refused with the decoder's message", async () => {
    // Not a DER SEQUENCE (0x30), not UTF-8 text (0xff never occurs in UTF-8).
    const bytes = Uint8Array.from({ length: 512 }, (_value, index) => (index % 2 === 0 ? 0xff : (index * 151) & 0xff));
    const uri = folder().write("random.der", bytes);
    await uploadRefused(uri, vscode.workspace.asRelativePath(uri, false), await decoderRefusal(bytes), /^The file is binary and is not a DER certificate/);
  });
});
