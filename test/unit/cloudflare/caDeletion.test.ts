// Deleting an uploaded CA that zones' hostnames use, against the sandbox: the hostnames are
// cleared first in every zone named, then the CA goes; the procedure stops on abort.
import assert from "node:assert/strict";
import { deleteCaClearingHostnames } from "../../../src/cloudflare/caDeletion";
import { makeCa } from "../../support/makeCertificates";
import { useSandbox } from "./sandboxFixture";

suite("caDeletion (sandbox)", () => {
  const fixture = useSandbox();

  test("the CA's hostnames are cleared in each zone, then it is deleted; nothing else is touched", async () => {
    const { client, sandbox, account } = fixture();
    const first = sandbox.addZone(account.id, { name: "one.example" });
    const second = sandbox.addZone(account.id, { name: "two.example" });
    const ca = sandbox.addMtlsCertificate(account.id, { certificates: (await makeCa()).pem, ca: true, name: "in use" });
    sandbox.setHostnameAssociations(first.id, ["mtls.one.example"], ca.id);
    sandbox.setHostnameAssociations(second.id, ["mtls.two.example"], ca.id);
    sandbox.setHostnameAssociations(first.id, ["managed.one.example"]);

    const outcome = await deleteCaClearingHostnames(client(), account.id, ca.id, [first.id, second.id]);
    assert.equal(outcome.outcome, "answered");
    assert.deepEqual(sandbox.hostnameAssociations(first.id, ca.id), []);
    assert.deepEqual(sandbox.hostnameAssociations(second.id, ca.id), []);
    assert.deepEqual(sandbox.hostnameAssociations(first.id), ["managed.one.example"], "the managed CA's hostnames stay");
    assert.equal(sandbox.mtlsCertificates(account.id).some((certificate) => certificate.id === ca.id), false);
  });

  test("an aborted signal stops before anything is sent", async () => {
    const { client, sandbox, account } = fixture();
    const zone = sandbox.addZone(account.id, { name: "three.example" });
    const ca = sandbox.addMtlsCertificate(account.id, { certificates: (await makeCa()).pem, ca: true });
    sandbox.setHostnameAssociations(zone.id, ["mtls.three.example"], ca.id);
    const mark = sandbox.requests.length;
    const abort = new AbortController();
    abort.abort();
    await assert.rejects(deleteCaClearingHostnames(client(), account.id, ca.id, [zone.id], { signal: abort.signal }), { name: "AbortError" });
    assert.equal(sandbox.requests.length, mark);
    assert.deepEqual(sandbox.hostnameAssociations(zone.id, ca.id), ["mtls.three.example"]);
  });
});
