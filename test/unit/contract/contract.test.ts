// The contract test: every request our client sends to a sandbox in the unit suites, and every
// answer a sandbox gives, follows Cloudflare's published schema (test/fixtures/openapi, with the
// exceptions of schemaExceptions.ts). It watches all traffic through root hooks, so it covers
// every unit suite without any of them opting in: each exchange is checked as it finishes, and
// after the last test the run fails if any exchange of any test broke the contract.
import assert from "node:assert/strict";
import { observeEveryExchange, type RecordedRequest } from "../../support/cloudflareSandbox";
import { OpenApiContract, type ContractViolation } from "./openApiContract";
import { DELIBERATELY_OFF_SCHEMA, SCHEMA_EXCEPTIONS } from "./schemaExceptions";

const contract = new OpenApiContract();
const found: (ContractViolation & { readonly test: string })[] = [];
let checkedExchanges = 0;
let currentTest = "(outside any test)";
/** Exchanges not yet checked: checking waits until the test is over, so no timing is disturbed. */
let pending: { readonly exchange: Readonly<RecordedRequest>; readonly test: string }[] = [];

observeEveryExchange((exchange) => {
  pending.push({ exchange, test: currentTest });
});

function checkPending(): void {
  const batch = pending;
  pending = [];
  for (const { exchange, test } of batch) {
    checkedExchanges += 1;
    if (test in DELIBERATELY_OFF_SCHEMA) {
      continue;
    }
    for (const violation of contract.violations(exchange)) {
      found.push({ ...violation, test });
    }
  }
}

// Root hooks (outside any suite): they run around every test of every file.
setup(function () {
  currentTest = this.currentTest?.fullTitle() ?? currentTest;
});

teardown(() => {
  checkPending();
});

suiteTeardown(function () {
  checkPending();
  assert.ok(checkedExchanges > 0, "the contract test saw no traffic: is the sandbox still reporting its exchanges?");
  if (found.length > 0) {
    const lines = found.slice(0, 40).map((violation) => `- ${violation.test}\n    ${violation.exchange}: ${violation.problem}`);
    assert.fail(`${found.length} exchange(s) of ${checkedExchanges} broke Cloudflare's schema:\n${lines.join("\n")}${found.length > 40 ? "\n…" : ""}`);
  }
});

function exchange(fields: Partial<RecordedRequest> & Pick<RecordedRequest, "method" | "path">): RecordedRequest {
  const queryAll = fields.queryAll ?? {};
  return {
    query: Object.fromEntries(Object.entries(queryAll).map(([key, values]) => [key, values.at(-1) ?? ""])),
    headers: { "user-agent": "cloudflare-mtls-vscode" },
    body: undefined,
    startedAt: 0,
    queryAll,
    ...fields,
  };
}

const ACCOUNT = "023e105f4ecef8ad9ca31a8372d0c353";
const UUID = "f174e90a-fafe-4643-bbbc-4a0ed4fc8415";

suite("contract: the schema check itself", () => {
  test("the vendored schema loads, with every exception applied", () => {
    assert.ok(SCHEMA_EXCEPTIONS.length > 0);
    assert.ok(contract.match("GET", `/accounts/${ACCOUNT}/tokens/verify`), "the exception adds the account token verify operation");
    assert.equal(contract.match("PUT", `/accounts/${ACCOUNT}/access/certificates/settings`)?.template, "/accounts/{account_id}/access/certificates/settings");
  });

  test("a hostname-settings PUT with an item copied from a GET answer breaks the contract", () => {
    const body = { settings: [{ hostname: "a.example.com", china_network: false, client_certificate_forwarding: true, status: "active" }] };
    const violations = contract.violations(exchange({ method: "PUT", path: `/accounts/${ACCOUNT}/access/certificates/settings`, body }));
    assert.match(violations.map((v) => v.problem).join("\n"), /must NOT have additional properties \(status\)/);
    const clean = { settings: [{ hostname: "a.example.com", china_network: false, client_certificate_forwarding: true }] };
    assert.deepEqual(contract.violations(exchange({ method: "PUT", path: `/accounts/${ACCOUNT}/access/certificates/settings`, body: clean })), []);
  });

  test("an Access add answered 200 breaks the contract; 201 follows it", () => {
    const result = { id: UUID, name: "n", fingerprint: "MD5 Fingerprint=00", associated_hostnames: [], expires_on: "2030-01-01T00:00:00Z" };
    const envelope = { success: true, errors: [], messages: [], result };
    const request = { method: "POST", path: `/accounts/${ACCOUNT}/access/certificates`, body: { name: "n", certificate: "pem" } } as const;
    assert.match(contract.violations(exchange({ ...request, answer: { status: 200, body: envelope } }))[0]?.problem ?? "", /answered HTTP 200; the schema names only 201, 4XX/);
    assert.deepEqual(contract.violations(exchange({ ...request, answer: { status: 201, body: envelope } })), []);
  });

  test("a zone without the fields the schema requires breaks the contract", () => {
    const answer = { status: 200, body: { success: true, errors: [], messages: [], result: [{ id: ACCOUNT, name: "example.com", account: { id: ACCOUNT, name: "a" } }] } };
    const violations = contract.violations(exchange({ method: "GET", path: "/zones", queryAll: { "account.id": [ACCOUNT], page: ["1"], per_page: ["50"] }, answer }));
    assert.match(violations.map((v) => v.problem).join("\n"), /must have required property 'development_mode'/);
  });

  test("queries: undeclared keys and out-of-range values break the contract; repeated type keys follow it", () => {
    const accounts = contract.violations(exchange({ method: "GET", path: "/accounts", queryAll: { per_page: ["500"], colour: ["blue"] } }));
    assert.deepEqual(accounts.map((v) => v.problem.split(":")[0]), ["query per_page=500", "query parameter colour is not in the schema"]);
    assert.deepEqual(contract.violations(exchange({ method: "GET", path: `/accounts/${ACCOUNT}/mtls_certificates`, queryAll: { type: ["custom", "gateway_managed"] } })), []);
  });

  test("an mTLS certificate id may be a 36-character UUID (the exception), no longer", () => {
    assert.deepEqual(contract.violations(exchange({ method: "DELETE", path: `/accounts/${ACCOUNT}/mtls_certificates/${UUID}` })), []);
    assert.match(contract.violations(exchange({ method: "DELETE", path: `/accounts/${ACCOUNT}/mtls_certificates/${UUID}-more` }))[0]?.problem ?? "", /must NOT have more than 36 characters/);
  });

  test("a 4XX is judged against the failure envelope", () => {
    const failure = { success: false, errors: [{ code: 1004, message: "Invalid pagination parameters" }], messages: [], result: null };
    assert.deepEqual(contract.violations(exchange({ method: "GET", path: "/accounts", answer: { status: 400, body: failure } })), []);
    assert.match(contract.violations(exchange({ method: "GET", path: "/accounts", answer: { status: 400, body: { ...failure, errors: "no" } } }))[0]?.problem ?? "", /errors must be array/);
  });

  test("the client calling an operation the schema lacks breaks the contract; others' malformed calls are not judged", () => {
    assert.match(contract.violations(exchange({ method: "GET", path: "/nowhere" }))[0]?.problem ?? "", /operation the schema does not have/);
    assert.deepEqual(contract.violations(exchange({ method: "GET", path: "/nowhere", headers: { "user-agent": "curl/8" } })), []);
  });

  test("answers shaped by an injected fault, 429s and 5xx are not judged", () => {
    const html = { status: 502, body: undefined, fault: "status" } as const;
    assert.deepEqual(contract.violations(exchange({ method: "GET", path: "/accounts", answer: html })), []);
    assert.deepEqual(contract.violations(exchange({ method: "GET", path: "/accounts", answer: { status: 429, body: { success: false } } })), []);
  });
});
