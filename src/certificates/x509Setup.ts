// @peculiar/x509 resolves its algorithms through tsyringe, which needs the Reflect metadata
// polyfill loaded before the library itself, and it does its hashing and signing through
// whatever WebCrypto it is given. Every module of the certificate core takes x509 from here,
// so the order is right however the core is entered (extension host, tests, benchmark).
import "reflect-metadata";
import * as x509 from "@peculiar/x509";

// Node's WebCrypto (the same object as `require("node:crypto").webcrypto`); the global is used
// because its type is `Crypto` both with and without the DOM typings.
x509.cryptoProvider.set(globalThis.crypto);

export { x509 };
