// The bindings a wrangler file declares, with ranges checked against the text itself: the slice
// at each range must be exactly what the user wrote, whatever comes before it (multibyte text,
// CRLF line ends, comments, environments).
import assert from "node:assert/strict";
import type { TextRange } from "../../../src/wrangler/configTree";
import { wranglerFormatOf } from "../../../src/wrangler/wranglerFiles";
import { bindingAt, parseMtlsBindings, type MtlsBinding } from "../../../src/wrangler/mtlsBindings";

const ID_A = "99f5fef1-6cc1-46b8-bd79-44a0d5082b8d";
const ID_B = "3c4fa9e0d21b4a7f8e5c6b7a8d9e0f1a";

function slice(text: string, range: TextRange | undefined): string {
  assert.ok(range, "a range is reported");
  return text.slice(range.start, range.end);
}

function summary(text: string, bindings: readonly MtlsBinding[]): { environment: string | undefined; binding: string | undefined; id: string | undefined }[] {
  return bindings.map((binding) => {
    if (binding.certificateId) {
      assert.equal(slice(text, binding.certificateId.range), binding.certificateId.value, "the id's range holds exactly the id");
      assert.equal(slice(text, binding.certificateId.keyRange), "certificate_id");
    }
    if (binding.binding) {
      assert.equal(slice(text, binding.binding.range), binding.binding.value);
    }
    return { environment: binding.environment, binding: binding.binding?.value, id: binding.certificateId?.value };
  });
}

suite("wrangler mTLS bindings: TOML", () => {
  test("array-of-tables at the top level and in environments, with comments", () => {
    const text = [
      'name = "worker" # a comment with "certificate_id = \\"nope\\""',
      "",
      "[[mtls_certificates]]",
      'binding = "ORIGIN"',
      `certificate_id = "${ID_A}" # trailing comment`,
      "",
      "[env.staging]",
      'route = "staging.example.com/*"',
      "",
      "[[env.staging.mtls_certificates]]",
      "binding = 'STAGING_ORIGIN'",
      `certificate_id = '${ID_B}'`,
      "",
    ].join("\n");
    const parsed = parseMtlsBindings(text, "toml");
    assert.equal(parsed.problem, undefined);
    assert.deepEqual(summary(text, parsed.bindings), [
      { environment: undefined, binding: "ORIGIN", id: ID_A },
      { environment: "staging", binding: "STAGING_ORIGIN", id: ID_B },
    ]);
  });

  test("inline arrays, dotted keys and quoted environment names", () => {
    const text = [
      `mtls_certificates = [ { binding = "A", certificate_id = "${ID_A}" }, { binding = "B", certificate_id = "${ID_B}" } ]`,
      '[env."prod eu"]',
      `mtls_certificates = [{ binding = "EU", certificate_id = "${ID_B}" }]`,
      "[env]",
      `dev.mtls_certificates = [{ binding = "DEV", certificate_id = "${ID_A}" }]`,
    ].join("\n");
    assert.deepEqual(summary(text, parseMtlsBindings(text, "toml").bindings), [
      { environment: undefined, binding: "A", id: ID_A },
      { environment: undefined, binding: "B", id: ID_B },
      { environment: "prod eu", binding: "EU", id: ID_B },
      { environment: "dev", binding: "DEV", id: ID_A },
    ]);
  });

  test("multibyte text and CRLF line ends before the id keep the range exact", () => {
    const text = ['name = "wörker ☃ 😀 日本"', "# ünïcödé comment 🎉", "[[mtls_certificates]]", 'binding = "X"', `certificate_id = "${ID_A}"`, ""].join("\r\n");
    const [binding] = parseMtlsBindings(text, "toml").bindings;
    assert.equal(slice(text, binding?.certificateId?.range), ID_A);
    // The offset counts UTF-16 code units, as VS Code's positionAt does: the emoji counts 2.
    assert.equal(binding?.certificateId?.range.start, text.indexOf(ID_A));
  });

  test("a binding without a certificate_id, or with a number, has no id; other tables are not bindings", () => {
    const text = ['[[mtls_certificates]]', 'binding = "NO_ID"', "[[mtls_certificates]]", 'binding = "NUMBER"', "certificate_id = 42", "[[kv_namespaces]]", 'binding = "KV"', 'id = "abc"', "[vars]", `certificate_id = "${ID_A}"`].join("\n");
    assert.deepEqual(summary(text, parseMtlsBindings(text, "toml").bindings), [
      { environment: undefined, binding: "NO_ID", id: undefined },
      { environment: undefined, binding: "NUMBER", id: undefined },
    ]);
  });

  test("a malformed file gives a problem and no bindings, never a throw", () => {
    for (const text of ["[[mtls_certificates]\nbinding = ", 'a = "unterminated', "a = 1\na = 2", "[[mtls_certificates]]\ncertificate_id = \"x\"\ncertificate_id = \"y\"", "\u0000\uFFFF", "=".repeat(10_000)]) {
      const parsed = parseMtlsBindings(text, "toml");
      assert.deepEqual(parsed.bindings, []);
      assert.ok(parsed.problem, `a problem for ${JSON.stringify(text.slice(0, 30))}`);
    }
  });
});

suite("wrangler mTLS bindings: JSON and JSONC", () => {
  test("top level and env objects, with comments and trailing commas (JSONC)", () => {
    const text = [
      "{",
      '  // "certificate_id": "not this one"',
      '  "name": "wörker 😀",',
      '  "mtls_certificates": [',
      `    { "binding": "ORIGIN", "certificate_id": "${ID_A}" }, /* block */`,
      "  ],",
      '  "env": {',
      '    "production": {',
      `      "mtls_certificates": [{ "certificate_id": "${ID_B}", "binding": "PROD" },],`,
      "    },",
      "  },",
      "}",
    ].join("\r\n");
    const parsed = parseMtlsBindings(text, "json");
    assert.equal(parsed.problem, undefined);
    assert.deepEqual(summary(text, parsed.bindings), [
      { environment: undefined, binding: "ORIGIN", id: ID_A },
      { environment: "production", binding: "PROD", id: ID_B },
    ]);
  });

  test("an escaped string keeps its range on the literal's content", () => {
    const text = `{"mtls_certificates":[{"binding":"A\\u0042","certificate_id":"${ID_A}"}]}`;
    const [binding] = parseMtlsBindings(text, "json").bindings;
    assert.equal(binding?.binding?.value, "AB");
    assert.equal(text.slice(binding?.binding?.range.start, binding?.binding?.range.end), "A\\u0042");
    assert.equal(text.slice(binding?.certificateId?.range.start, binding?.certificateId?.range.end), ID_A);
  });

  test("a malformed file reports its problem and keeps what it could read", () => {
    const text = `{ "mtls_certificates": [ { "binding": "A", "certificate_id": "${ID_A}" } ], "name": `;
    const parsed = parseMtlsBindings(text, "json");
    assert.ok(parsed.problem);
    assert.deepEqual(summary(text, parsed.bindings), [{ environment: undefined, binding: "A", id: ID_A }]);
    for (const broken of ["", "[", "{{{{", "]", "null", '"text"', "{".repeat(5000)]) {
      assert.doesNotThrow(() => parseMtlsBindings(broken, "json"));
    }
  });

  test("bindingAt finds the binding under the cursor on the id or its key", () => {
    const text = `{"mtls_certificates":[{"binding":"A","certificate_id":"${ID_A}"}]}`;
    const { bindings } = parseMtlsBindings(text, "json");
    assert.equal(bindingAt(bindings, text.indexOf(ID_A) + 3)?.binding?.value, "A");
    assert.equal(bindingAt(bindings, text.indexOf("certificate_id") + 1)?.binding?.value, "A");
    assert.equal(bindingAt(bindings, text.indexOf('"binding"')), undefined);
  });
});

suite("wrangler file names", () => {
  test("only wrangler.toml, wrangler.json and wrangler.jsonc are wrangler files", () => {
    assert.equal(wranglerFormatOf("/work/app/wrangler.toml"), "toml");
    assert.equal(wranglerFormatOf("C:\\app\\wrangler.jsonc"), "json");
    assert.equal(wranglerFormatOf("wrangler.json"), "json");
    assert.equal(wranglerFormatOf("/work/app/not-wrangler.toml"), undefined);
    assert.equal(wranglerFormatOf("/work/app/wrangler.toml.bak"), undefined);
  });
});
