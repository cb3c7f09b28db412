// The extension runs two copies of the certificate core's error class (dist/extension.js and the
// lazily loaded dist/certificates.js); each must recognise the other's errors.
import assert from "node:assert/strict";
import { CertificateInputError } from "../../../src/certificates/errors";

type ErrorsModule = typeof import("../../../src/certificates/errors");

function secondCopyOfErrorsModule(): ErrorsModule {
  const path = require.resolve("../../../src/certificates/errors");
  const first = require.cache[path];
  delete require.cache[path];
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- a second, uncached copy is the point
    return require(path) as ErrorsModule;
  } finally {
    if (first) {
      require.cache[path] = first;
    }
  }
}

suite("certificates/errors: CertificateInputError across bundles", () => {
  test("an error from another copy of the module is an instance of this one, and back", () => {
    const other = secondCopyOfErrorsModule();
    assert.notEqual(other.CertificateInputError, CertificateInputError, "the test needs a distinct copy");
    const fromOther = new other.CertificateInputError("privateKey", "a key", { block: 1, line: 1 });
    assert.ok(fromOther instanceof CertificateInputError);
    assert.ok(new CertificateInputError("empty", "empty") instanceof other.CertificateInputError);
  });

  test("other errors are not", () => {
    assert.equal(new Error("x") instanceof CertificateInputError, false);
    assert.equal(({ name: "CertificateInputError", problem: "empty" } as unknown) instanceof CertificateInputError, false);
    assert.equal((null as unknown) instanceof CertificateInputError, false);
  });
});
