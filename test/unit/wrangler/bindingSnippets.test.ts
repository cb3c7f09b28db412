// Copied snippets and the edit that adds a binding to an open wrangler file: the result must
// parse and hold the new binding in the environment the cursor was in, with nothing else lost.
import assert from "node:assert/strict";
import { planBindingInsertion, type EditorFormatting, type TextEdit } from "../../../src/wrangler/bindingSnippets";
import { bindingNameFor, jsonBindingSnippet, tomlBindingSnippet } from "../../../src/wrangler/bindingText";
import type { WranglerFormat } from "../../../src/wrangler/wranglerFiles";
import { parseMtlsBindings } from "../../../src/wrangler/mtlsBindings";

const VALUES = { binding: "ORIGIN_CLIENT", certificateId: "0123456789abcdef0123456789abcdef" };
const LF: EditorFormatting = { eol: "\n", insertSpaces: true, tabSize: 2 };
const CRLF: EditorFormatting = { eol: "\r\n", insertSpaces: true, tabSize: 2 };

function apply(text: string, edit: TextEdit): string {
  return text.slice(0, edit.offset) + edit.text + text.slice(edit.offset + edit.length);
}

function insert(text: string, format: WranglerFormat, cursor: number, formatting = LF): { text: string; environment: string | undefined } {
  const plan = planBindingInsertion(text, format, VALUES, cursor, formatting);
  assert.ok(plan.ok, plan.ok ? "" : plan.reason);
  return { text: apply(text, plan.edit), environment: plan.environment };
}

function bindingsOf(text: string, format: WranglerFormat): { environment: string | undefined; binding: string | undefined; id: string | undefined }[] {
  const parsed = parseMtlsBindings(text, format);
  assert.equal(parsed.problem, undefined, `the edited file parses:\n${text}`);
  return parsed.bindings.map((binding) => ({ environment: binding.environment, binding: binding.binding?.value, id: binding.certificateId?.value }));
}

const NEW = { binding: VALUES.binding, id: VALUES.certificateId };

suite("wrangler binding snippets", () => {
  test("binding names are upper snake case JavaScript identifiers", () => {
    assert.equal(bindingNameFor("Origin client cert"), "ORIGIN_CLIENT_CERT");
    assert.equal(bindingNameFor("api.example.com (2026)"), "API_EXAMPLE_COM_2026");
    assert.equal(bindingNameFor("Zürich ☃"), "ZURICH");
    assert.equal(bindingNameFor("2026 origin"), "CERT_2026_ORIGIN");
    assert.equal(bindingNameFor(""), "MTLS_CERTIFICATE");
    assert.equal(bindingNameFor(undefined), "MTLS_CERTIFICATE");
  });

  test("the TOML snippet is an array-of-tables entry; the JSON one a property; both parse", () => {
    const toml = tomlBindingSnippet(VALUES);
    assert.equal(toml, `[[mtls_certificates]]\nbinding = "ORIGIN_CLIENT"\ncertificate_id = "${VALUES.certificateId}"`);
    assert.deepEqual(bindingsOf(toml, "toml"), [{ environment: undefined, ...NEW }]);
    assert.equal(tomlBindingSnippet(VALUES, { environment: "prod eu" }).split("\n")[0], '[[env."prod eu".mtls_certificates]]');
    const json = jsonBindingSnippet(VALUES);
    assert.equal(json, `"mtls_certificates": [\n  {\n    "binding": "ORIGIN_CLIENT",\n    "certificate_id": "${VALUES.certificateId}"\n  }\n]`);
    assert.deepEqual(bindingsOf(`{${json}}`, "json"), [{ environment: undefined, ...NEW }]);
  });

  test("a value with quotes or backslashes stays one string", () => {
    const odd = { binding: 'A"B\\C', certificateId: "x" };
    assert.equal(parseMtlsBindings(tomlBindingSnippet(odd), "toml").bindings[0]?.binding?.value, 'A"B\\C');
    assert.equal(parseMtlsBindings(`{${jsonBindingSnippet(odd)}}`, "json").bindings[0]?.binding?.value, 'A"B\\C');
  });
});

suite("inserting a binding into wrangler.toml", () => {
  test("an empty file gets the first binding", () => {
    const result = insert("", "toml", 0);
    assert.deepEqual(bindingsOf(result.text, "toml"), [{ environment: undefined, ...NEW }]);
  });

  test("after the top-level keys when the cursor is among them, never capturing the tables below", () => {
    const text = 'name = "w"\nmain = "src/index.ts"\n\n[vars]\nGREETING = "hi"\n';
    const result = insert(text, "toml", 3);
    assert.deepEqual(bindingsOf(result.text, "toml"), [{ environment: undefined, ...NEW }]);
    assert.match(result.text, /\[vars\]\nGREETING = "hi"\n$/);
    assert.ok(result.text.startsWith('name = "w"\nmain = "src/index.ts"\n\n[[mtls_certificates]]'), result.text);
  });

  test("after the existing bindings of the cursor's environment, with CRLF kept and multibyte text before", () => {
    const text = ['name = "wörker 😀"', "[[mtls_certificates]]", 'binding = "OLD"', 'certificate_id = "old"', "", "[env.staging]", 'route = "a"', "[[env.staging.mtls_certificates]]", 'binding = "S"', 'certificate_id = "s"', "[vars]", 'A = "b"', ""].join("\r\n");
    const top = insert(text, "toml", text.indexOf("OLD"), CRLF);
    assert.deepEqual(bindingsOf(top.text, "toml").map((entry) => entry.binding), ["OLD", VALUES.binding, "S"]);
    assert.ok(!/[^\r]\n/.test(top.text), "only CRLF line ends");
    const staging = insert(text, "toml", text.indexOf('route = "a"'), CRLF);
    assert.equal(staging.environment, "staging");
    assert.deepEqual(bindingsOf(staging.text, "toml"), [
      { environment: undefined, binding: "OLD", id: "old" },
      { environment: "staging", binding: "S", id: "s" },
      { environment: "staging", ...NEW },
    ]);
  });

  test("an environment with no bindings yet gets its own [[env.x.mtls_certificates]]", () => {
    const text = '[env.production]\nroute = "p"\n\n[env.production.vars]\nA = "b"\n';
    const result = insert(text, "toml", text.indexOf("A ="));
    assert.deepEqual(bindingsOf(result.text, "toml"), [{ environment: "production", ...NEW }]);
  });

  test("an inline array is extended in place (a table of the same name would not parse)", () => {
    for (const text of ['mtls_certificates = [ { binding = "A", certificate_id = "a" } ]\n', "mtls_certificates = []\n"]) {
      const result = insert(text, "toml", 0);
      assert.deepEqual(bindingsOf(result.text, "toml").at(-1), { environment: undefined, ...NEW });
    }
  });

  test("a file that does not parse is refused with the reason, not edited", () => {
    const plan = planBindingInsertion('name = "unterminated\n', "toml", VALUES, 0, LF);
    assert.equal(plan.ok, false);
    assert.match(plan.ok ? "" : plan.reason, /does not parse/);
  });
});

suite("inserting a binding into wrangler.json(c)", () => {
  test("the property is created when missing, comments kept", () => {
    const text = '{\n  // my worker\n  "name": "w"\n}\n';
    const result = insert(text, "json", 5);
    assert.deepEqual(bindingsOf(result.text, "json"), [{ environment: undefined, ...NEW }]);
    assert.match(result.text, /\/\/ my worker/);
  });

  test("appended to the array of the cursor's environment, CRLF kept", () => {
    const text = ["{", '  "mtls_certificates": [{ "binding": "TOP", "certificate_id": "t" }],', '  "env": {', '    "staging": {', '      "name": "s"', "    }", "  }", "}"].join("\r\n");
    const result = insert(text, "json", text.indexOf('"name": "s"'), CRLF);
    assert.equal(result.environment, "staging");
    assert.deepEqual(bindingsOf(result.text, "json"), [
      { environment: undefined, binding: "TOP", id: "t" },
      { environment: "staging", ...NEW },
    ]);
    assert.ok(!/[^\r]\n/.test(result.text), "only CRLF line ends");
    const top = insert(text, "json", 1, CRLF);
    assert.deepEqual(bindingsOf(top.text, "json").map((entry) => entry.binding), ["TOP", VALUES.binding]);
  });

  test("invalid JSON, or JSON that is not an object, is refused", () => {
    for (const text of ['{ "name": ', "[]", ""]) {
      assert.equal(planBindingInsertion(text, "json", VALUES, 0, LF).ok, false, JSON.stringify(text));
    }
  });
});
